/**
 * Storage copy when the VM's disk is local to its host (R14, R19), as QEMU's
 * drive-mirror / blockdev-mirror does it in its default copy-mode=background:
 * a bulk pass copies the whole disk while the guest keeps writing, further
 * passes copy the blocks dirtied meanwhile, and once the backlog is small the
 * job is ready (BLOCK_JOB_READY) and keeps the target in sync by copying
 * writes as they come, until the switchover completes it.
 *
 * This is pre-copy's recurrence with the disk for memory and the guest's
 * write rate for the dirty rate: V_0 = S, V_i = min(S, W·V_{i−1}/B). Counting
 * every written byte as a dirty block overstates rewrites of one block, so
 * the figures are an upper bound. docs/migration-model.md derives it.
 */

export const STORAGE_COPY_DEFAULTS = {
  /**
   * Guest disk write rate when the model knows none, bytes/s: 10 MiB/s. Our
   * assumption for a moderately busy server, not a measured figure; pass the
   * VM's observed rate when there is one.
   */
  writeBytesPerSecond: 10 * 2 ** 20,
  /** Passes after which a mirror whose backlog still does not fit is called non-convergent. */
  maxRounds: 30,
  /** The backlog counts as small once it can be copied within this, ms (pre-copy's default downtime limit). */
  readyWithinMs: 300,
} as const;

export interface StorageCopyInput {
  diskBytes: number;
  writeBytesPerSecond?: number;
  /** Bandwidth the mirror may use, bytes/s (the migration's share of the path). */
  bandwidthBytesPerSecond: number;
  readyWithinMs?: number;
  maxRounds?: number;
}

export interface StoragePass {
  round: number;
  sentBytes: number;
  seconds: number;
  dirtiedBytes: number;
}

export interface StorageCopyEstimate {
  /** Whether the mirror reaches the ready state (and so can be completed at switchover). */
  converges: boolean;
  passes: StoragePass[];
  /** Bytes copied until ready. */
  totalBytes: number;
  /** Time until ready, s; Infinity when it never gets there. */
  seconds: number;
  /** Bandwidth the ready mirror keeps using to copy new writes: the write rate, bytes/s. */
  syncBytesPerSecond: number;
  remedies: string[];
}

export function estimateStorageCopy(input: StorageCopyInput): StorageCopyEstimate {
  const S = input.diskBytes;
  const W = input.writeBytesPerSecond ?? STORAGE_COPY_DEFAULTS.writeBytesPerSecond;
  const B = input.bandwidthBytesPerSecond;
  const readyS = (input.readyWithinMs ?? STORAGE_COPY_DEFAULTS.readyWithinMs) / 1000;
  const maxRounds = input.maxRounds ?? STORAGE_COPY_DEFAULTS.maxRounds;
  if (!(S >= 0) || !(W >= 0) || !(B > 0) || !Number.isFinite(S + W + B))
    throw new RangeError('disk size and write rate must be finite and >= 0, bandwidth > 0');

  const passes: StoragePass[] = [];
  let toSend = S;
  for (let round = 0; round < maxRounds; round++) {
    const seconds = toSend / B;
    const dirtiedBytes = Math.min(S, W * seconds);
    passes.push({ round, sentBytes: toSend, seconds, dirtiedBytes });
    toSend = dirtiedBytes;
    // Writes at or above the bandwidth: the backlog never shrinks, nor could a ready mirror keep up.
    if (W >= B) break;
    if (toSend / B <= readyS) return ready(passes, toSend, W, B);
  }
  return {
    converges: false,
    passes,
    totalBytes: passes.reduce((t, p) => t + p.sentBytes, 0),
    seconds: Infinity,
    syncBytesPerSecond: W,
    remedies: [
      `bandwidth above the disk write rate (${(W / 2 ** 20).toFixed(0)} MiB/s)`,
      'copy-mode=write-blocking (guest writes wait for the mirror, so it converges)',
      'shared storage (no disk copy)',
    ],
  };
}

/** The last backlog is copied before the job reports ready; from then on it copies writes as they come. */
function ready(passes: StoragePass[], backlog: number, W: number, B: number): StorageCopyEstimate {
  const sent = passes.reduce((t, p) => t + p.sentBytes, 0);
  return {
    converges: true,
    passes,
    totalBytes: sent + backlog,
    seconds: passes.reduce((t, p) => t + p.seconds, 0) + backlog / B,
    syncBytesPerSecond: W,
    remedies: [],
  };
}

/** The closed form for r = W/B < 1 (no disk-size cap): passes n, bytes until ready. For tests and docs. */
export function storageClosedForm(S: number, W: number, B: number, readyS: number) {
  const r = W / B;
  let n = 1;
  while (S * r ** n > B * readyS) n++;
  return { passes: n, totalBytes: (S * (1 - r ** (n + 1))) / (1 - r) };
}
