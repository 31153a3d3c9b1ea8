/**
 * The bandwidth a live migration can use (R14, R19): the smaller of QEMU's
 * max-bandwidth cap and the free capacity of the path's bottleneck link,
 * capacity × (1 − utilisation), shared max-min fairly (as TCP flows share a
 * link, to a first approximation) with the other migrations crossing it.
 * docs/migration-model.md derives it.
 */

export const MIGRATION_BANDWIDTH_DEFAULTS = {
  /**
   * QEMU's default max-bandwidth, bytes/s: MAX_THROTTLE = 128 << 20 (128 MiB/s)
   * in qemu/migration/options.c. Management layers often raise it (libvirt
   * sets it per migration), so callers should pass the configured value.
   */
  maxBandwidthBytesPerSecond: 128 * 2 ** 20,
} as const;

export interface BottleneckLink {
  capacityGbps: number;
  /** Background load, 0..1. */
  utilisation: number;
}

export interface MigrationBandwidthInput {
  maxBandwidthBytesPerSecond?: number;
  /** The path's most loaded link; absent when the copy crosses no network link (same host). */
  bottleneck?: BottleneckLink | undefined;
  /**
   * The other migrations on the same bottleneck at the same time: a count
   * (each with this one's cap) or each one's own max-bandwidth.
   */
  concurrent?: number | readonly number[];
}

export interface MigrationBandwidth {
  bytesPerSecond: number;
  /** What bounds it: the configured cap, or the path (its free capacity, shared). */
  limitedBy: 'max-bandwidth' | 'path';
  maxBandwidthBytesPerSecond: number;
  /** capacity × (1 − utilisation) of the bottleneck in bytes/s; null without one. */
  pathFreeBytesPerSecond: number | null;
  /** Migrations sharing the bottleneck, this one included. */
  sharers: number;
}

/** Link speeds are decimal (1 Gbps = 10^9 bit/s); migration sizes are binary bytes. */
export function gbpsToBytesPerSecond(gbps: number): number {
  return (gbps * 1e9) / 8;
}

/**
 * Max-min fair shares of `capacity` among flows with these caps (water
 * filling): flows capped below an equal share keep their cap and the rest is
 * split among the others. The shares sum to min(capacity, Σ caps).
 */
export function maxMinFairShare(capacity: number, caps: readonly number[]): number[] {
  const shares = caps.map(() => 0);
  const order = caps.map((_, i) => i).sort((a, b) => caps[a]! - caps[b]!);
  let left = Math.max(0, capacity);
  order.forEach((i, rank) => {
    const share = Math.min(caps[i]!, left / (order.length - rank));
    shares[i] = share;
    left -= share;
  });
  return shares;
}

/** The usable bandwidth of one migration; throws RangeError on negative or non-finite input. */
export function migrationBandwidth(input: MigrationBandwidthInput = {}): MigrationBandwidth {
  const cap =
    input.maxBandwidthBytesPerSecond ?? MIGRATION_BANDWIDTH_DEFAULTS.maxBandwidthBytesPerSecond;
  const count = input.concurrent;
  if (typeof count === 'number' && !(Number.isInteger(count) && count >= 0))
    throw new RangeError('concurrent must be a whole count >= 0');
  const others =
    typeof input.concurrent === 'number'
      ? Array.from({ length: input.concurrent }, () => cap)
      : [...(input.concurrent ?? [])];
  const b = input.bottleneck;
  const numbers = [cap, ...others, ...(b ? [b.capacityGbps, b.utilisation] : [])];
  if (numbers.some((x) => !Number.isFinite(x) || x < 0) || (b && b.utilisation > 1))
    throw new RangeError('bandwidths and capacity must be finite and >= 0, utilisation in 0..1');
  if (!b)
    return {
      bytesPerSecond: cap,
      limitedBy: 'max-bandwidth',
      maxBandwidthBytesPerSecond: cap,
      pathFreeBytesPerSecond: null,
      sharers: 1,
    };
  const free = gbpsToBytesPerSecond(b.capacityGbps) * (1 - b.utilisation);
  const share = maxMinFairShare(free, [cap, ...others])[0]!;
  return {
    bytesPerSecond: share,
    limitedBy: share < cap ? 'path' : 'max-bandwidth',
    maxBandwidthBytesPerSecond: cap,
    pathFreeBytesPerSecond: free,
    sharers: others.length + 1,
  };
}
