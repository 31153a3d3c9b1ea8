/**
 * The bandwidth a live migration can use (R14, R19): its max-min fair share
 * (fair-share.ts) of the free capacity, capacity × (1 − utilisation), of the
 * links of its path, never above QEMU's max-bandwidth cap. A migration alone
 * on its path gets min(cap, F) for the path's least free link F; n with one
 * cap on one bottleneck get min(cap, F / n). docs/migration-model.md §1
 * derives it.
 */
import { fairShares, type BandwidthDemand } from './fair-share.ts';

export const MIGRATION_BANDWIDTH_DEFAULTS = {
  /**
   * QEMU's default max-bandwidth, bytes/s: MAX_THROTTLE = 128 << 20 (128 MiB/s)
   * in qemu/migration/options.c. Management layers often raise it (libvirt
   * sets it per migration), so callers should pass the configured value.
   */
  maxBandwidthBytesPerSecond: 128 * 2 ** 20,
} as const;

/** What a migration alone on its path is given: its cap and its path's links. */
export interface MigrationBandwidthInput {
  maxBandwidthBytesPerSecond?: number;
  /** Free capacity of each link of the path, bytes/s (pathLinks); none when the copy crosses no network link (same host). */
  pathFreeBytesPerSecond?: readonly number[];
}

/** A migration's usable bandwidth and what decides it. */
export interface MigrationBandwidth {
  bytesPerSecond: number;
  /** What bounds it: the configured cap, or the path (its free capacity, shared). */
  limitedBy: 'max-bandwidth' | 'path';
  maxBandwidthBytesPerSecond: number;
  /** Free capacity of the path's least free link, bytes/s; null when it crosses none. */
  pathFreeBytesPerSecond: number | null;
  /** Migrations copying at once that cross a link of its path, itself included. */
  sharers: number;
}

/** Link speeds are decimal (1 Gbps = 10^9 bit/s); migration sizes are binary bytes. */
export function gbpsToBytesPerSecond(gbps: number): number {
  return (gbps * 1e9) / 8;
}

/** A link's free capacity F = C · (1 − u), bytes/s, for capacity C in Gbps and background utilisation u. */
export function linkFreeBytesPerSecond(link: {
  capacityGbps: number;
  utilisation: number;
}): number {
  return gbpsToBytesPerSecond(link.capacityGbps) * (1 - link.utilisation);
}

/**
 * The usable bandwidth of each of several migrations copying at once: its
 * fair share (fairShares), what binds it, its path's least free link and how
 * many migrations cross a link of its path. Throws RangeError on a negative
 * or non-finite cap or capacity.
 */
export function migrationBandwidths(
  demands: readonly BandwidthDemand[],
  capacity: ReadonlyMap<string, number>,
): Map<string, MigrationBandwidth> {
  const figures = [...demands.map((d) => d.cap), ...capacity.values()];
  if (figures.some((x) => !Number.isFinite(x) || x < 0))
    throw new RangeError('bandwidths and capacities must be finite and >= 0');
  const shares = fairShares(demands, capacity);
  const out = new Map<string, MigrationBandwidth>();
  for (const d of demands) {
    const share = shares.get(d.id)!;
    const free = d.links.flatMap((l) => (capacity.has(l) ? [capacity.get(l)!] : []));
    out.set(d.id, {
      bytesPerSecond: share,
      // Progressive filling reaches a cap as a sum of steps, which may miss it by a rounding error.
      limitedBy: share < d.cap * (1 - 1e-12) ? 'path' : 'max-bandwidth',
      maxBandwidthBytesPerSecond: d.cap,
      pathFreeBytesPerSecond: free.length > 0 ? Math.min(...free) : null,
      sharers: demands.filter((o) => o === d || o.links.some((l) => d.links.includes(l))).length,
    });
  }
  return out;
}

/**
 * The usable bandwidth of one migration alone on its path: min(cap, F) for
 * the path's least free link F (the cap when it crosses no link). Throws
 * RangeError on negative or non-finite input.
 */
export function migrationBandwidth(input: MigrationBandwidthInput = {}): MigrationBandwidth {
  const cap =
    input.maxBandwidthBytesPerSecond ?? MIGRATION_BANDWIDTH_DEFAULTS.maxBandwidthBytesPerSecond;
  const links = (input.pathFreeBytesPerSecond ?? []).map((free, i) => [`link-${i}`, free] as const);
  const self = { id: 'self', cap, links: links.map(([id]) => id) };
  return migrationBandwidths([self], new Map(links)).get('self')!;
}
