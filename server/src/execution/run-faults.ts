/**
 * What injected faults do to the runs (docs/execution.md, "Faults"): which
 * faults reach a run, what each does to it before and after its switchover,
 * and what they leave of the links' capacities. Pure: the supervisor applies
 * the verdicts and the crash rule.
 */
import type { Fault, MigrationSpec, TimedEvent } from '@vmmi/shared';
import type { StoredFault } from './fault-repo.ts';
import { at, rollback, type LiveRun } from './live-run.ts';

/**
 * A fault's effect on a run now: events that end it (at the run's time
 * `simMs`), the crash rule for its executor, or nothing (it only slows the
 * run down, or does not touch it).
 */
export type FaultVerdict =
  { kind: 'end'; events: (simMs: number) => TimedEvent[] } | { kind: 'executor-crash' } | null;

/** The faults that reach a run: its own, its two hosts', and those of links on its path. */
export function faultsFor(faults: readonly StoredFault[], live: LiveRun): StoredFault[] {
  const { spec } = live;
  const onPath = (linkId: string) => spec.path.some((l) => l.id === linkId);
  return faults.filter(({ fault, estateId }) => {
    switch (fault.kind) {
      case 'stuck-progress':
      case 'executor-crash':
        return fault.migrationId === live.id;
      case 'host-down':
        return (
          estateId === spec.estateId &&
          (fault.hostId === spec.fromHost || fault.hostId === spec.toHost)
        );
      case 'link-down':
        return estateId === spec.estateId && onPath(fault.linkId);
      case 'bandwidth-collapse':
        return estateId === spec.estateId && (fault.linkId === undefined || onPath(fault.linkId));
    }
  });
}

export function faultVerdict(spec: MigrationSpec, fault: Fault, switched: boolean): FaultVerdict {
  const end = (events: (t: number) => TimedEvent[]): FaultVerdict => ({ kind: 'end', events });
  switch (fault.kind) {
    case 'host-down':
      if (fault.hostId === spec.toHost)
        return switched
          ? end((t) => [
              at(t, {
                type: 'failed',
                code: 'destination-down',
                message: `${spec.toHost} went down after switchover; the VM is there and needs a restart`,
                vmOn: spec.toHost,
              }),
            ])
          : end((t) =>
              rollback(t, {
                code: 'destination-down',
                message: `${spec.toHost} went down; the VM stays on ${spec.fromHost}`,
              }),
            );
      if (fault.hostId === spec.fromHost && !switched)
        return end((t) => [
          at(t, {
            type: 'failed',
            code: 'source-down',
            message: `${spec.fromHost} went down before switchover; the VM went down with it and stays recorded there`,
            vmOn: spec.fromHost,
          }),
        ]);
      return null;
    case 'link-down':
      if (!switched && spec.path.some((l) => l.id === fault.linkId))
        return end((t) =>
          rollback(t, {
            code: 'path-down',
            message: `link ${fault.linkId} on the migration path went down; the VM stays on ${spec.fromHost}`,
          }),
        );
      return null;
    case 'executor-crash':
      return { kind: 'executor-crash' };
    default:
      return null;
  }
}

/** Whether an operator froze this run's copy (a hung QEMU, a blocked socket); it matters only before switchover. */
export function isStuck(faults: readonly StoredFault[], migrationId: string): boolean {
  return faults.some(
    (f) => f.fault.kind === 'stuck-progress' && f.fault.migrationId === migrationId,
  );
}
