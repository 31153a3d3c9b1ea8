/**
 * The migration estimate as a record (R14): a zod schema so that the impact
 * report can embed it and anything reading it back can validate it. Times that
 * are infinite in the model (a copy that never converges) are null here, so
 * the record survives JSON.
 */
import { z } from 'zod';

export const MIGRATION_ESTIMATE_VERSION = 1;

const bytes = z.number().nonnegative();
const seconds = z.number().nonnegative();
/** A time that does not exist when the copy never converges. */
const maybe = z.number().nonnegative().nullable();

export const MigrationModeSchema = z.enum([
  'pre-copy',
  'auto-converge',
  'post-copy',
  'non-convergent',
]);

export const MigrationEstimateSchema = z.object({
  version: z.literal(MIGRATION_ESTIMATE_VERSION),
  /** False when something blocks the move (see `blocking`). */
  feasible: z.boolean(),
  converges: z.boolean(),
  mode: MigrationModeSchema,
  bandwidth: z.object({
    bytesPerSecond: bytes,
    limitedBy: z.enum(['max-bandwidth', 'path']),
    maxBandwidthBytesPerSecond: bytes,
    pathFreeBytesPerSecond: bytes.nullable(),
    sharers: z.number().int().positive(),
  }),
  memory: z.object({
    bytes,
    dirtyBytesPerSecond: bytes,
    /** Bandwidth left for memory once a disk mirror takes its share, bytes/s. */
    bandwidthBytesPerSecond: bytes,
    rounds: z.array(
      z.object({
        round: z.number().int().nonnegative(),
        sentBytes: bytes,
        seconds,
        throttle: z.number().min(0).max(1),
      }),
    ),
    totalBytes: bytes,
    seconds: maybe,
    downtimeMs: maybe,
  }),
  /** Null when the disk is on shared storage (nothing to copy). */
  storage: z
    .object({
      diskBytes: bytes,
      writeBytesPerSecond: bytes,
      passes: z.number().int().nonnegative(),
      converges: z.boolean(),
      totalBytes: bytes,
      seconds: maybe,
      /** Bytes the ready mirror copies during the memory copy to keep in sync. */
      syncBytes: bytes,
    })
    .nullable(),
  reconvergence: z.object({
    mechanisms: z.array(z.enum(['announce', 'evpn', 'agent', 'pmip', 'lisp'])),
    announcementsMs: z.array(z.number().nonnegative()),
    announceMs: z.number().nonnegative(),
    evpnMs: maybe,
    agentMs: maybe,
    pmipMs: maybe,
    lispMs: maybe,
    timeToReachabilityMs: z.number().nonnegative(),
  }),
  /** Everything sent over the network: disk, memory, mirror sync. */
  totalBytes: bytes,
  /** From the start of the copy to the VM running at the destination, s. */
  totalSeconds: maybe,
  /** The VM paused (stop-and-copy plus switchover), ms. */
  downtimeMs: maybe,
  /** What users see (R14): the pause plus the time until the network reaches the VM again, ms. */
  interruptionMs: maybe,
  blocking: z.array(z.string()),
  remedies: z.array(z.string()),
});
export type MigrationEstimate = z.infer<typeof MigrationEstimateSchema>;
