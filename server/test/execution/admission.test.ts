// One rule, two callers (DESIGN.md; docs/policy.md, "Admission"): what the preview calls
// feasible is what execution admits while nothing else runs, and runs in flight hold their
// targets' room, tables and placement until they end. Figures worked out by hand below.
import { parseEstate, type Estate, type PlacementRule, type Reason } from '@vmmi/shared';
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import type { Refusal } from '../../src/errors.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import { makeEstate } from '../fixtures.ts';
import {
  acceptMove,
  dbSnapshot,
  ended,
  executePlan,
  importEstate,
  MANUAL_TICKS,
  tickUntil,
  useExecution,
  type Harness,
} from './harness.ts';

const X = 'vm-1';
const Y = 'vm-4';
/** The target: host-a2, below leaf-a2, running vm-2 (4 vCPU, 16 GiB, disk on shared storage). */
const T = 'host-a2';
const toT = (...vmIds: string[]) => ({ vmIds, target: { kind: 'host', hostId: T } });

interface Variant {
  /** host-a2's local disk, GiB. */
  diskGiB?: number;
  /** leaf-a2's limits. */
  tables?: { macTable: number; fib: number };
  rules?: PlacementRule[];
}

let estates = 0;

/**
 * The fixture estate (test/fixtures.ts) with a third host in dc-a, host-a3 on leaf-a1: X (vm-1)
 * runs on host-a1 and Y (vm-4) on host-a3, each with 300 GiB of local disk, 4 vCPU and 16 GiB.
 */
function estateWith(v: Variant = {}): Estate {
  const input = makeEstate();
  input.id = `admission-${process.pid}-${++estates}`;
  const hostA1 = input.devices.find((d) => d.id === 'host-a1')!;
  const linkA1 = input.links.find((l) => l.id === 'l-h-a1')!;
  input.devices = input.devices.map((d) =>
    d.id === T
      ? { ...d, capacity: { vcpu: 32, memoryGiB: 256, diskGiB: v.diskGiB ?? 2000 } }
      : d.id === 'leaf-a2' && v.tables
        ? { ...d, tables: v.tables }
        : d,
  );
  input.devices.push({ ...hostA1, id: 'host-a3', name: 'host-a3' });
  input.links.push({ ...linkA1, id: 'l-h-a3', b: 'host-a3' });
  const vm2 = input.vms.find((vm) => vm.id === 'vm-2')!;
  input.vms = input.vms.map((vm) =>
    vm.id === X ? { ...vm, disk: { kind: 'local', sizeGiB: 300 } } : vm,
  );
  input.vms.push({
    ...vm2,
    id: Y,
    name: Y,
    hostId: 'host-a3',
    mac: '52:54:00:00:00:04',
    ipv4: '10.1.0.14',
    disk: { kind: 'local', sizeGiB: 300 },
  });
  input.policies.placementRules = v.rules ?? [];
  const parsed = parseEstate(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.estate;
}

const refusalOf = (err: { cause?: unknown }) => (err.cause as { refusal: Refusal }).refusal;

async function previewBlocking(h: Harness, estateId: string, request: unknown) {
  const { result } = await h.as('viewer').impact.preview({ estateId, request });
  if (!result.ok) throw new Error(result.error.message);
  return result.report.blocking;
}

/** Executes a plan that must be refused; its refusal's reasons, the database unchanged. */
async function refusedReasons(
  h: Harness,
  db: () => Parameters<typeof dbSnapshot>[0],
  planId: string,
) {
  const before = await dbSnapshot(db());
  const err = await trpcErrorOf(h.as('operator').migrations.execute({ planId, timeScale: 20 }));
  expect(err.code).toBe('PRECONDITION_FAILED');
  expect(await dbSnapshot(db())).toEqual(before);
  const refusal = refusalOf(err);
  if (refusal.kind !== 'precheck-failed') throw new Error(`refused: ${refusal.kind}`);
  return refusal.reasons;
}

describe.each(BACKENDS)('admission on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it('refuses a local disk that does not fit in the preview and at execution (300 + 300 GiB on 500)', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, estateWith({ diskGiB: 500 }));
    // Together: vCPU 4 + 4 + 4 = 12 of 32, memory 48 of 256, local disk 600 of 500.
    const expected: Reason = {
      code: 'host-capacity',
      vmId: X,
      message: `${T} would be over capacity: local disk 600 GiB > 500 GiB`,
    };
    expect(await previewBlocking(h, estateId, toT(X, Y))).toEqual([expected]);
    // One at a time each fits, so each is accepted; while X's run is in flight, Y's is refused.
    const first = await acceptMove(h, estateId, toT(X));
    const second = await acceptMove(h, estateId, toT(Y));
    const [running] = await executePlan(h, first.id);
    expect(await refusedReasons(h, db, second.id)).toEqual([
      {
        code: 'host-capacity',
        vmId: Y,
        message: `${T} would be over capacity: local disk 600 GiB > 500 GiB (300 GiB of it held by migrations in flight)`,
      },
    ]);

    // Once X's run has ended (rolled back: the estate is as it was), Y's plan runs.
    await h.as('operator').migrations.abort({ id: running! });
    expect((await tickUntil(h, running!, ended)).state.status).toBe('rolled-back');
    const { migrations } = await h
      .as('operator')
      .migrations.execute({ planId: second.id, timeScale: 20 });
    expect(migrations.map((m) => m.vmId)).toEqual([Y]);
    expect((await h.as('viewer').migrations.get({ id: migrations[0]!.id })).state.status).toBe(
      'queued',
    );
  });

  it('counts a run in flight in the tables of the switch above its target (3 MACs of 2)', async () => {
    const h = await start(MANUAL_TICKS);
    // leaf-a2 has vm-2 below it: 1 MAC, 1 route; with X 2 and 2, the limits; with Y too, 3.
    const estateId = await importEstate(h, estateWith({ tables: { macTable: 2, fib: 2 } }));
    const first = await acceptMove(h, estateId, toT(X));
    const second = await acceptMove(h, estateId, toT(Y));
    await executePlan(h, first.id);
    expect(await refusedReasons(h, db, second.id)).toEqual([
      { code: 'table-overflow', message: 'leaf-a2: MAC table 3 entries > 2 after the move' },
      { code: 'table-overflow', message: 'leaf-a2: FIB 3 entries > 2 after the move' },
    ]);
  });

  it('keeps anti-affine VMs apart while one of them is still migrating', async () => {
    const h = await start(MANUAL_TICKS);
    const rules: PlacementRule[] = [{ id: 'apart', kind: 'anti-affinity', vmIds: [X, Y] }];
    const estateId = await importEstate(h, estateWith({ rules }));
    const first = await acceptMove(h, estateId, toT(X));
    const second = await acceptMove(h, estateId, toT(Y));
    await executePlan(h, first.id);
    expect(await refusedReasons(h, db, second.id)).toEqual([
      expect.objectContaining({ code: 'policy-anti-affinity', vmId: Y }),
    ]);
  });

  it('executes exactly the moves the preview calls feasible, with nothing in flight (random moves)', async () => {
    const h = await start(MANUAL_TICKS);
    const hosts = ['host-a1', 'host-a2', 'host-a3', 'host-b1'];
    // Tight on T (host-a2, leaf-a2) where X and Y, 300 GiB of local disk each, go most often.
    const cases = fc.sample(
      fc.record({
        diskGiB: fc.integer({ min: 0, max: 650 }),
        tables: fc.option(
          fc.record({
            macTable: fc.integer({ min: 1, max: 3 }),
            fib: fc.integer({ min: 1, max: 3 }),
          }),
          { nil: undefined, freq: 2 },
        ),
        apart: fc.boolean(),
        vmIds: fc.subarray([X, 'vm-2', 'vm-3', Y], { minLength: 1, maxLength: 2 }),
        target: fc.oneof(
          { arbitrary: fc.constant({ kind: 'host' as const, hostId: T }), weight: 3 },
          fc.constantFrom(...hosts).map((hostId) => ({ kind: 'host' as const, hostId })),
          fc.constantFrom('dc-a', 'dc-b').map((siteId) => ({ kind: 'site' as const, siteId })),
        ),
      }),
      { seed: 20_260_319, numRuns: 16 },
    );
    const seen = { executed: 0, refused: 0, unpreviewable: 0 };
    const codes = new Set<string>();
    for (const c of cases) {
      const rules: PlacementRule[] = c.apart
        ? [{ id: 'apart', kind: 'anti-affinity', vmIds: [X, Y] }]
        : [];
      const estateId = await importEstate(
        h,
        estateWith({ diskGiB: c.diskGiB, tables: c.tables, rules }),
      );
      const request = { vmIds: c.vmIds, target: c.target };
      const { result } = await h.as('viewer').impact.preview({ estateId, request });
      const accepting = acceptMove(h, estateId, request);
      if (!result.ok) {
        expect(refusalOf(await trpcErrorOf(accepting)).kind).toBe('preview-error');
        seen.unpreviewable++;
      } else if (!result.report.feasible) {
        expect(refusalOf(await trpcErrorOf(accepting))).toEqual({
          kind: 'infeasible',
          blocking: result.report.blocking,
        });
        for (const b of result.report.blocking) codes.add(b.code);
        seen.refused++;
      } else {
        const plan = await accepting;
        const { migrations } = await h
          .as('operator')
          .migrations.execute({ planId: plan.id, timeScale: 20 });
        expect(migrations.map((m) => m.vmId)).toEqual(result.report.placements.map((p) => p.vmId));
        seen.executed++;
      }
    }
    // The sample covers all three outcomes (10, 5 and 1 with this seed), refusals for capacity
    // and tables among them.
    expect(seen.executed).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(2);
    expect(seen.unpreviewable).toBeGreaterThan(0);
    expect([...codes]).toEqual(expect.arrayContaining(['host-capacity', 'table-overflow']));
  });
});

// Two executions at once: each reads the runs in flight and admits under a lock of the estate's
// row, so the second waits for the first and sees its run. PostgreSQL only: PGlite has one
// connection, on which two transactions never overlap.
describe.each(BACKENDS.filter(([kind]) => kind === 'postgres'))('admission on %s', (_k, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it('admits only one of two plans executed at once onto a host with room for one', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, estateWith({ diskGiB: 500 }));
    const plans = [await acceptMove(h, estateId, toT(X)), await acceptMove(h, estateId, toT(Y))];
    const k = db().kysely;
    const { all } = await k.transaction().execute(async (trx) => {
      // Hold the lock an execution takes, and start both: each must queue behind it.
      await createEstateRepo(trx).lock(estateId);
      let settled = 0;
      const calls = plans.map((p) =>
        h
          .as('operator')
          .migrations.execute({ planId: p.id, timeScale: 20 })
          .finally(() => settled++),
      );
      const all = Promise.allSettled(calls);
      for (;;) {
        const { waiting } = await sql<{ waiting: number }>`
          select count(*)::int as waiting from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`
          .execute(k)
          .then((r) => r.rows[0]!);
        if (waiting === 2 || settled === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Not awaited here: the executions finish only once this transaction has committed.
      return { all };
    });
    const outcomes = await all;
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o) => o.status === 'rejected')!;
    expect(refusalOf(rejected.reason as { cause?: unknown })).toMatchObject({
      kind: 'precheck-failed',
      reasons: [{ code: 'host-capacity' }],
    });
    expect(await h.as('viewer').migrations.list({ estateId, active: true })).toHaveLength(1);
  });
});
