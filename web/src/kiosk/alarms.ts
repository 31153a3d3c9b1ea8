/**
 * What the wall screen raises in its alarm strip: every active fault on the
 * estate shown (or on all estates), and every run of it that failed or rolled
 * back within the last LINGER_MS, each with what failed and, where the run
 * says, why. Newest first. Pure: KioskAlarms.tsx renders it.
 */
import type { MigrationState } from '@vmmi/shared';
import type { StoredFault } from '../api/execution-api.ts';
import { describeFault } from '../execution/describe.ts';

/** A finished run stays on the wall this long after its last event, then makes room. */
export const LINGER_MS = 60_000;

export interface KioskAlarm {
  key: string;
  /** What is wrong: "host ams1.h3 down", "acme-db-05 rolled back (fra1.h2 → ams1.h3)". */
  what: string;
  /** Why, in the run's own words; null when there is nothing more to say. */
  why: string | null;
  /** When it happened (ISO 8601). */
  at: string;
}

/** A run the strip reports rather than the ordinary list: it ended without moving the VM as planned. */
export function isAlarmRun(run: MigrationState): boolean {
  return run.status === 'failed' || run.status === 'rolled-back';
}

/** The run ended, or changed, within `lingerMs` of `now`. */
export function isRecent(run: MigrationState, now: number, lingerMs = LINGER_MS): boolean {
  return now - Date.parse(run.updatedAt) < lingerMs;
}

export function kioskAlarms(
  faults: readonly StoredFault[],
  runs: readonly MigrationState[],
  now: number,
  lingerMs = LINGER_MS,
): KioskAlarm[] {
  const vmOf = (id: string) => runs.find((r) => r.id === id)?.spec.vmId;
  const alarms: KioskAlarm[] = [
    ...faults
      .filter((f) => f.clearedAt === null)
      .map((f) => ({
        key: `fault:${f.id}`,
        what: `Fault: ${describeFault(f.fault, vmOf)}`,
        why: null,
        at: f.createdAt,
      })),
    ...runs
      .filter((r) => isAlarmRun(r) && isRecent(r, now, lingerMs))
      .map((r) => ({
        key: `run:${r.id}`,
        what: `${r.spec.vmId} ${r.status === 'failed' ? 'failed' : 'rolled back'} (${r.spec.fromHost} → ${r.spec.toHost})`,
        why: r.outcome?.message ?? null,
        at: r.updatedAt,
      })),
  ];
  return alarms.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.key.localeCompare(b.key));
}
