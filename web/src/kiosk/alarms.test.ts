import { foldMigration, type MigrationEvent } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { StoredFault } from '../api/execution-api.ts';
import { run, spec, successfulRun } from '../store/execution-test-helpers.ts';
import { isAlarmRun, kioskAlarms, LINGER_MS } from './alarms.ts';

/** The records' times (execution-test-helpers.ts): 2026-01-01 00:00:<global id> UTC. */
const at = (second: number) => Date.UTC(2026, 0, 1, 0, 0, second);

/** A run that ends as `last` says, its final event at second 10 + 2 = 12. */
function endedRun(id: string, vmId: string, last: MigrationEvent) {
  const r = run(id, spec({ vmId, fromHost: 'fra1.acc-1-h1', toHost: 'ams1.p0-e0-h2' }));
  return foldMigration([
    r.rec({ type: 'created', spec: r.spec }, 10),
    r.rec({ type: 'started', instance: 'test' }, 11),
    r.rec(last, 12),
  ]);
}

const rolledBack = endedRun('mig-rb', 'acme-db-05', {
  type: 'rolled-back',
  code: 'path-down',
  message: 'link wan-3 on the path is down',
});
const failed = endedRun('mig-f', 'globex-risk-11', {
  type: 'failed',
  code: 'destination-down',
  message: 'host ams1.p0-e0-h2 went down after switchover',
  vmOn: 'ams1.p0-e0-h2',
});
const succeeded = foldMigration(successfulRun('mig-ok', 20));

const fault = (over: Partial<StoredFault>): StoredFault => ({
  id: 'f-1',
  estateId: 'demo',
  fault: { kind: 'host-down', hostId: 'sin1.h4' },
  createdAt: new Date(at(5)).toISOString(),
  clearedAt: null,
  ...over,
});

describe('kioskAlarms', () => {
  it('raises active faults, and runs that failed or rolled back, with the run’s reason, newest first', () => {
    const alarms = kioskAlarms([fault({})], [rolledBack, failed, succeeded], at(30));
    expect(alarms.map((a) => a.key)).toEqual(['run:mig-f', 'run:mig-rb', 'fault:f-1']);
    expect(alarms[0]).toMatchObject({
      what: 'globex-risk-11 failed (fra1.acc-1-h1 → ams1.p0-e0-h2)',
      why: 'host ams1.p0-e0-h2 went down after switchover',
    });
    expect(alarms[1]).toMatchObject({
      what: 'acme-db-05 rolled back (fra1.acc-1-h1 → ams1.p0-e0-h2)',
      why: 'link wan-3 on the path is down',
    });
    expect(alarms[2]).toMatchObject({ what: 'Fault: host sin1.h4 down', why: null });
  });

  it('lets an ended run go LINGER_MS after its last event; a fault stays until it is cleared', () => {
    // The runs' last event is at second 12.
    const justBefore = at(12) + LINGER_MS - 1;
    expect(kioskAlarms([], [rolledBack], justBefore)).toHaveLength(1);
    expect(kioskAlarms([], [rolledBack], at(12) + LINGER_MS)).toHaveLength(0);
    expect(kioskAlarms([fault({})], [], at(5) + 10 * LINGER_MS)).toHaveLength(1);
    expect(kioskAlarms([fault({ clearedAt: new Date(at(8)).toISOString() })], [], at(9))).toEqual(
      [],
    );
  });

  it('names the VM of a run a migration fault hit, where the page knows the run', () => {
    const stuck = fault({ fault: { kind: 'stuck-progress', migrationId: 'mig-rb' } });
    expect(kioskAlarms([stuck], [rolledBack], at(13))[1]!.what).toBe(
      'Fault: progress stuck on the migration of acme-db-05',
    );
  });

  it('reports no run that succeeded or is still going', () => {
    expect(isAlarmRun(succeeded)).toBe(false);
    expect(isAlarmRun(rolledBack)).toBe(true);
    expect(isAlarmRun(failed)).toBe(true);
    expect(kioskAlarms([], [succeeded], at(30))).toEqual([]);
  });
});
