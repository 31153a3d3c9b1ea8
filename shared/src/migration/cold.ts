/**
 * A cold migration (R15): the VM is shut down at its source, its local disk
 * copied to the target (nothing when the disk is on shared storage), and it
 * is booted there. No memory travels, so none of live migration's
 * compatibility rules apply (the guest boots on whatever CPU the target has,
 * under whatever release of the same hypervisor), and the VM is down for the
 * whole of it: downtime = shutdown + disk copy + boot, the network switch
 * after it as for a live move. docs/migration-model.md, "Cold migration".
 *
 * The disk copy is the storage model of storage.ts with a guest that writes
 * nothing (it is off): one pass of the whole disk at the migration's share.
 */
import { estimateStorageCopy } from './storage.ts';

export const COLD_MIGRATION_DEFAULTS = {
  /**
   * A clean ACPI shutdown of a Linux guest until it powers off, ms: 10 s. Our
   * assumption for a server whose services stop in seconds (systemd stops them
   * in parallel; its DefaultTimeoutStopSec, 90 s, bounds one that hangs), not
   * a measurement; set the VM's own where it is known.
   */
  shutdownMs: 10_000,
  /**
   * A boot of a typical Linux guest until its services answer, ms: 30 s. Our
   * assumption (firmware, kernel and systemd to its default target, as
   * `systemd-analyze` reports for cloud images, plus the services' own start),
   * not a measurement.
   */
  bootMs: 30_000,
} as const;

/** The cold migration's fixed times, overridable (PreviewOptions.cold). */
export interface ColdMigrationConfig {
  shutdownMs?: number;
  bootMs?: number;
}

export interface ColdMigrationInput extends ColdMigrationConfig {
  /** Bytes of the local disk to copy; 0 on shared storage. */
  diskBytes: number;
  /** The migration's share of its path, bytes/s (as the live estimate takes it). */
  bandwidthBytesPerSecond: number;
}

export interface ColdMigrationEstimate {
  shutdownMs: number;
  diskBytes: number;
  /** Null when there is a disk to copy and no bandwidth to copy it with. */
  diskCopyMs: number | null;
  bootMs: number;
  /** shutdown + disk copy + boot; null as diskCopyMs. */
  downtimeMs: number | null;
}

export function estimateColdMigration(input: ColdMigrationInput): ColdMigrationEstimate {
  const shutdownMs = input.shutdownMs ?? COLD_MIGRATION_DEFAULTS.shutdownMs;
  const bootMs = input.bootMs ?? COLD_MIGRATION_DEFAULTS.bootMs;
  const S = input.diskBytes;
  const B = input.bandwidthBytesPerSecond;
  if (![shutdownMs, bootMs, S].every((x) => Number.isFinite(x) && x >= 0))
    throw new RangeError('shutdown, boot and disk size must be finite and >= 0');
  const diskCopyMs =
    S === 0
      ? 0
      : B > 0 && Number.isFinite(B)
        ? estimateStorageCopy({ diskBytes: S, writeBytesPerSecond: 0, bandwidthBytesPerSecond: B })
            .seconds * 1000
        : null;
  return {
    shutdownMs,
    diskBytes: S,
    diskCopyMs,
    bootMs,
    downtimeMs: diskCopyMs === null ? null : shutdownMs + diskCopyMs + bootMs,
  };
}
