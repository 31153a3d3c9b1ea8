/**
 * The shapes of the QMP replies and events the migration code relies on,
 * checked with zod where they enter. Names are QEMU's (qapi/migration.json,
 * qapi/run-state.json, as QEMU 7.2 declares them in `query-qmp-schema`);
 * what a field may be missing from says when QEMU leaves it out.
 */
import { z } from 'zod';

export const migrationStatusSchema = z.enum([
  'none',
  'setup',
  'cancelling',
  'cancelled',
  'active',
  'postcopy-active',
  'postcopy-paused',
  'postcopy-recover',
  'completed',
  'failed',
  'colo',
  'pre-switchover',
  'device',
  'wait-unplug',
]);
export type MigrationStatus = z.infer<typeof migrationStatusSchema>;

/** Statuses a migration does not leave by itself. */
export const FINAL_MIGRATION_STATUSES: readonly MigrationStatus[] = [
  'completed',
  'failed',
  'cancelled',
];

/** RAM counters of `query-migrate` (QEMU's MigrationStats): bytes unless said otherwise. */
export const migrationRamSchema = z.object({
  transferred: z.number(),
  remaining: z.number(),
  /** Guest RAM, the whole of it, whether zero or not. */
  total: z.number(),
  /** Pages found all zero and sent as a marker of about a dozen bytes (a count, not bytes). */
  duplicate: z.number(),
  /** Pages sent whole (a count). */
  normal: z.number(),
  'normal-bytes': z.number(),
  /** Distinct pages dirtied per second between the last two syncs: a page written twice counts once. */
  'dirty-pages-rate': z.number(),
  /**
   * Dirty-bitmap syncs: one at setup, one each time what is left of a pass falls
   * under bandwidth × downtime-limit (QEMU counts again, and starts another pass if
   * it is still too much), one in the stop-and-copy. A one-pass migration ends at 3.
   */
  'dirty-sync-count': z.number(),
  /** Throughput of the last period, in Mbit/s. */
  mbps: z.number(),
  'pages-per-second': z.number(),
  'page-size': z.number(),
  'precopy-bytes': z.number(),
  /** Bytes sent while the guest was stopped. */
  'downtime-bytes': z.number(),
  'postcopy-bytes': z.number(),
  'postcopy-requests': z.number().optional(),
  'multifd-bytes': z.number().optional(),
  skipped: z.number().optional(),
});
export type MigrationRam = z.infer<typeof migrationRamSchema>;

const socketAddressSchema = z.object({
  type: z.string(),
  host: z.string().optional(),
  port: z.string().optional(),
  path: z.string().optional(),
});

/** `query-migrate`: QEMU leaves out what the current status has no value for (all of it before a first migration). */
export const migrationInfoSchema = z.object({
  status: migrationStatusSchema.optional(),
  ram: migrationRamSchema.optional(),
  /** Milliseconds since the migration started (final once it completed). */
  'total-time': z.number().optional(),
  /** Milliseconds, QEMU's estimate while active. */
  'expected-downtime': z.number().optional(),
  /** Milliseconds the guest was stopped, once completed. */
  downtime: z.number().optional(),
  'setup-time': z.number().optional(),
  /** Present while auto-converge throttles the guest. */
  'cpu-throttle-percentage': z.number().optional(),
  'error-desc': z.string().optional(),
  'blocked-reasons': z.array(z.string()).optional(),
  /** On a destination listening for a migration: where it listens (the real port of a port 0). */
  'socket-address': z.array(socketAddressSchema).optional(),
});
export type MigrationInfo = z.infer<typeof migrationInfoSchema>;

export const runStateSchema = z.enum([
  'debug',
  'inmigrate',
  'internal-error',
  'io-error',
  'paused',
  'postmigrate',
  'prelaunch',
  'finish-migrate',
  'restore-vm',
  'running',
  'save-vm',
  'shutdown',
  'suspended',
  'watchdog',
  'guest-panicked',
  'colo',
]);
export type RunState = z.infer<typeof runStateSchema>;

export const statusInfoSchema = z.object({ running: z.boolean(), status: runStateSchema });
export type StatusInfo = z.infer<typeof statusInfoSchema>;

export const eventSchema = z.object({
  event: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
  timestamp: z.object({ seconds: z.number(), microseconds: z.number() }),
});
/**
 * An asynchronous QMP event (STOP, RESUME, SHUTDOWN, …; MIGRATION and
 * MIGRATION_PASS only once the `events` capability is on).
 */
export type QmpEvent = z.infer<typeof eventSchema>;

/** Migration capabilities of QEMU 7.2 that the executor may set. */
export type MigrationCapability =
  | 'xbzrle'
  | 'auto-converge'
  | 'zero-blocks'
  | 'events'
  | 'postcopy-ram'
  | 'release-ram'
  | 'return-path'
  | 'pause-before-switchover'
  | 'multifd'
  | 'postcopy-blocktime'
  | 'validate-uuid';

/** `migrate-set-parameters`: only what is given changes. */
export interface MigrationParameters {
  /** Bytes per second of the pre-copy (QEMU's default is 32 MiB/s). */
  'max-bandwidth'?: number;
  /** Milliseconds of downtime the switchover may take (QEMU's default is 300). */
  'downtime-limit'?: number;
  /** Auto-converge: the first throttle, in percent of the vCPU's time. */
  'cpu-throttle-initial'?: number;
  /** Auto-converge: added at every round that still does not converge. */
  'cpu-throttle-increment'?: number;
  'cpu-throttle-tailslow'?: boolean;
  'max-cpu-throttle'?: number;
  /** Percent of the bytes sent in a round that may be dirtied again before throttling starts. */
  'throttle-trigger-threshold'?: number;
  'xbzrle-cache-size'?: number;
  'multifd-channels'?: number;
  'max-postcopy-bandwidth'?: number;
}
