import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Lease } from '../../../src/execution/lease.ts';
import { BACKENDS, useTestDb } from '../../backends.ts';
import { demoPlan, insertRun } from './db-fixtures.ts';

describe.each(BACKENDS)('Lease on %s', (_kind, open) => {
  const db = useTestDb(open);

  it('renews and holds while registered; after another registration of its name, neither', async () => {
    const k = db().kysely;
    const first = new Lease(k, 'i-1', 5_000);
    await first.register();
    expect(await first.renew()).toBe(true);
    expect(await k.transaction().execute((trx) => first.holdIn(trx))).toBe(true);
    const second = new Lease(k, 'i-1', 5_000);
    await second.register();
    expect(await first.renew()).toBe(false);
    expect(await k.transaction().execute((trx) => first.holdIn(trx))).toBe(false);
    expect(await second.renew()).toBe(true);
  });

  it('takes over the runs of an instance whose lease expired, and deletes its row', async () => {
    const k = db().kysely;
    const { spec } = await demoPlan(k);
    const dead = new Lease(k, 'i-dead', 5_000);
    await dead.register();
    await insertRun(k, 'i-dead', 'm1', spec());
    const live = new Lease(k, 'i-live', 5_000);
    await live.register();
    expect(await live.claimUnheld({ everything: false, exclude: [] })).toEqual({
      expired: [],
      taken: [],
    });
    await k
      .updateTable('executor_instances')
      .set({ lease_until: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', 'i-dead')
      .execute();
    expect(await live.claimUnheld({ everything: false, exclude: [] })).toEqual({
      expired: ['i-dead'],
      taken: [{ id: 'm1', owner: 'i-dead' }],
    });
    expect(await dead.renew()).toBe(false);
  });

  it('after release, the next instance takes the runs at once; excluded runs stay', async () => {
    const k = db().kysely;
    const { spec } = await demoPlan(k);
    const a = new Lease(k, 'i-a', 60_000);
    await a.register();
    await insertRun(k, 'i-a', 'm1', spec());
    await insertRun(k, 'i-a', 'm2', spec({ vmId: 'acme-web-web-21' }));
    await a.release();
    const b = new Lease(k, 'i-b', 60_000);
    await b.register();
    const { taken } = await b.claimUnheld({ everything: false, exclude: ['m2'] });
    expect(taken).toEqual([{ id: 'm1', owner: 'i-a' }]);
  });
});
