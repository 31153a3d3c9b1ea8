import { describe, expect, it } from 'vitest';
import { createEstateRepo } from '../../../src/db/estate-repo.ts';
import * as runRepo from '../../../src/db/run-repo.ts';
import type { Produced } from '../../../src/execution/live-run.ts';
import { planOutcome, writeTick } from '../../../src/execution/run-writer.ts';
import { BACKENDS, useTestDb } from '../../backends.ts';
import { demoPlan, insertRun } from './db-fixtures.ts';
import { queuedRun } from './fixtures.ts';

describe('planOutcome', () => {
  it('waits for every run, then failed beats rolled back beats succeeded', () => {
    expect(planOutcome(['succeeded', 'running'])).toBeNull();
    expect(planOutcome(['succeeded', 'succeeded'])).toBe('succeeded');
    expect(planOutcome(['succeeded', 'rolled-back'])).toBe('rolled-back');
    expect(planOutcome(['rolled-back', 'failed', 'succeeded'])).toBe('failed');
  });
});

describe.each(BACKENDS)('writeTick on %s', (_kind, open) => {
  const db = useTestDb(open);

  it('numbers a run’s events on from its last seq, and sets its status and its plan’s', async () => {
    const k = db().kysely;
    const { spec } = await demoPlan(k);
    await insertRun(k, 'i-1', 'm1', spec());
    const live = queuedRun('m1', spec());
    const produced: Produced[] = [
      {
        live,
        simBefore: null,
        events: [
          { simMs: 0, event: { type: 'started', instance: 'i-1' } },
          { simMs: 5, event: { type: 'rolling-back', code: 'aborted', message: 'x' } },
          { simMs: 5, event: { type: 'rolled-back', code: 'aborted', message: 'x' } },
        ],
      },
    ];
    const records = await k.transaction().execute((trx) => writeTick(trx, produced, false));
    expect(records.map((r) => (r.scope === 'migration' ? r.seq : 0))).toEqual([2, 3, 4]);
    expect((await runRepo.getRun(k, 'm1'))?.status).toBe('rolled-back');
    const plan = await k.selectFrom('plans').select('status').executeTakeFirstOrThrow();
    expect(plan.status).toBe('rolled-back');
  });

  it('places the VM on its target with the switchover, and stamps the new estate version on it', async () => {
    const k = db().kysely;
    const { spec, estateId, version } = await demoPlan(k);
    const s = spec();
    await insertRun(k, 'i-1', 'm1', s);
    const produced: Produced[] = [
      {
        live: queuedRun('m1', s),
        simBefore: null,
        events: [
          { simMs: 9, event: { type: 'switched-over', downtimeMs: 40, estateVersion: null } },
        ],
      },
    ];
    const [record] = await k.transaction().execute((trx) => writeTick(trx, produced, false));
    expect(record?.scope === 'migration' && record.event).toEqual({
      type: 'switched-over',
      downtimeMs: 40,
      estateVersion: version + 1,
    });
    const after = await createEstateRepo(k).get(estateId);
    expect(after?.estate.vms.find((v) => v.id === s.vmId)?.hostId).toBe(s.toHost);
  });

  it('cuts a switchover whose VM cannot be placed any more and rolls the run back instead', async () => {
    const k = db().kysely;
    const { spec, estateId, version } = await demoPlan(k);
    const s = spec({ vmId: 'a-vm-deleted-meanwhile' });
    await insertRun(k, 'i-1', 'm1', s);
    const produced: Produced[] = [
      {
        live: queuedRun('m1', s),
        simBefore: null,
        events: [
          { simMs: 9, event: { type: 'switched-over', downtimeMs: 40, estateVersion: null } },
          { simMs: 9, event: { type: 'step-started', stepId: 'x', kind: 'activate' } },
        ],
      },
    ];
    const records = await k.transaction().execute((trx) => writeTick(trx, produced, false));
    expect(records.map((r) => r.event.type)).toEqual(['rolling-back', 'rolled-back']);
    expect(records[0]?.event).toMatchObject({ code: 'estate-changed' });
    expect(produced[0]!.live.run).toBeNull();
    expect((await createEstateRepo(k).get(estateId))?.version).toBe(version);
  });
});
