import {
  createImpactEngine,
  previewMove,
  REPORT_SCHEMA_VERSION,
  type ImpactReport,
} from '@vmmi/shared';
import reportV1 from '../../../shared/src/impact/fixtures/report-v1.json' with { type: 'json' };
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import { createPlanRepo, type NewPlan } from '../../src/db/plan-repo.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { makeEstate } from '../fixtures.ts';

function makeReport(): ImpactReport {
  const result = previewMove(createImpactEngine(makeEstate()), {
    vmIds: ['vm-1'],
    target: { kind: 'site', siteId: 'dc-b' },
  });
  if (!result.ok) throw new Error(`the fixture move does not preview: ${result.error.message}`);
  return result.report;
}

const newPlan = (estateVersion: number): NewPlan => ({
  estateId: 'test-estate',
  estateVersion,
  report: makeReport(),
  status: 'accepted',
  createdBy: 'operator',
});

describe.each(BACKENDS)('plan repo on %s', (_kind, open) => {
  const db = useTestDb(open);
  const plans = () => createPlanRepo(db().kysely);
  const estates = () => createEstateRepo(db().kysely);

  it('stores a plan on the current version and reads it back equal', async () => {
    await estates().put(makeEstate());
    const inserted = await plans().insert(newPlan(1));
    if (!inserted.stored) throw new Error('not stored');
    expect(inserted.plan.report).toEqual(makeReport());
    expect(await plans().get(inserted.plan.id)).toEqual(inserted.plan);
    expect(await plans().get('plan-nope')).toBeUndefined();
  });

  it('stores nothing when the estate has moved on or is gone', async () => {
    await estates().put(makeEstate());
    await estates().put(makeEstate());
    expect(await plans().insert(newPlan(1))).toEqual({ stored: false, currentVersion: 2 });
    await estates().delete('test-estate');
    expect(await plans().insert(newPlan(2))).toEqual({ stored: false, currentVersion: null });
    expect(await db().kysely.selectFrom('plans').selectAll().execute()).toEqual([]);
  });

  it('refuses an unknown status in SQL and a damaged report on reading', async () => {
    await estates().put(makeEstate());
    const inserted = await plans().insert(newPlan(1));
    if (!inserted.stored) throw new Error('not stored');
    const { id } = inserted.plan;
    await expect(
      db().kysely.updateTable('plans').set({ status: 'paused' }).where('id', '=', id).execute(),
    ).rejects.toThrow(/plans_status_check/);
    await sql`update plans set report = report - 'feasible' where id = ${id}`.execute(db().kysely);
    await expect(plans().get(id)).rejects.toThrow(/feasible/);
  });

  it('reads a plan whose report an older build stored (schema version 1) as the current version', async () => {
    await estates().put(makeEstate());
    const inserted = await plans().insert(newPlan(1));
    if (!inserted.stored) throw new Error('not stored');
    const { id } = inserted.plan;
    const v1 = JSON.stringify({ ...reportV1, estateId: 'test-estate' });
    await sql`update plans set report = ${v1}::jsonb where id = ${id}`.execute(db().kysely);
    const plan = await plans().get(id);
    expect(plan!.report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(plan!.report.flows.map((f) => f.outbound.after)).toEqual(
      reportV1.flows.map((f) => f.after),
    );
    expect(plan!.report.flows.every((f) => f.inbound.after === null)).toBe(true);
  });
});

/**
 * Resolves true once some session of this database waits for a lock (only
 * PostgreSQL has several sessions), or false once `settled` has settled.
 */
async function waitsForALock(db: Db, settled: Promise<unknown>): Promise<boolean> {
  let done = false;
  void settled.finally(() => (done = true));
  while (!done) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db.kysely);
    if ((rows[0]?.n ?? 0) > 0) return true;
    await sleep(20);
  }
  return false;
}

describe.each(BACKENDS.filter(([kind]) => kind === 'postgres'))(
  'plan repo racing an estate write on %s',
  (_kind, open) => {
    const db = useTestDb(open);

    it('waits for an estate write in flight, then refuses the version it replaced', async () => {
      await createEstateRepo(db().kysely).put(makeEstate());
      const inserted = await db()
        .kysely.transaction()
        .execute(async (trx) => {
          await createEstateRepo(trx).put(makeEstate());
          // Its version check must wait for this transaction rather than read version 1.
          const pending = createPlanRepo(db().kysely).insert(newPlan(1));
          const waited = await waitsForALock(db(), pending);
          return { pending, waited };
        });
      expect(inserted.waited).toBe(true);
      expect(await inserted.pending).toEqual({ stored: false, currentVersion: 2 });
    });
  },
);
