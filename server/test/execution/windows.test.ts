// Change windows through the API and the supervisor: the copy starts at once, the switchover
// waits for the window (held, recorded) and begins at its opening on the run's clock; a run
// that cannot switch over and finish inside the window rolls back at its last start, recorded;
// a run that cannot stay converged while it waits rolls back; a window that has closed, or is
// malformed, is refused before anything changes.
import type { TRPCError } from '@trpc/server';
import { switchoverMs, zodIssues, type MigrationEventRecord } from '@vmmi/shared';
import { z } from 'zod';
import type { Refusal } from '../../src/errors.ts';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import {
  acceptMove,
  demoEstateWith,
  eventsOf,
  expectSafeRun,
  hostOf,
  importEstate,
  MANUAL_TICKS,
  milestones,
  tickToEnd,
  tickUntil,
  hasEvent,
  useExecution,
  type Harness,
} from './harness.ts';

const X = 'acme-web-web-01';
const T = 'ams1.p0-e0-h2';
const WAN = 'wan.fra1~ams1';
const toT = { vmIds: [X], target: { kind: 'host', hostId: T } };
const iso = (ms: number) => new Date(ms).toISOString();
const refusalOf = (error: TRPCError) => (error.cause as { refusal?: Refusal } | undefined)?.refusal;
const issuePaths = (error: TRPCError) =>
  error.cause instanceof z.ZodError ? zodIssues(error.cause).map((i) => i.path) : [];

/** The run's clock at a record: the started event's origin plus the record's simulated ms. */
function clockAt(events: readonly MigrationEventRecord[], record: MigrationEventRecord): number {
  const started = eventsOf(events, 'started')[0]!;
  return Date.parse(started.event.clockOrigin!) + record.simMs;
}

async function executeIn(
  h: Harness,
  planId: string,
  window: { opensAt: string; closesAt: string; timeZone?: string },
  timeScale = 1_000,
) {
  await h.execution.supervisor.tick();
  const { migrations } = await h.as('operator').migrations.execute({ planId, timeScale, window });
  return migrations.map((m) => m.id);
}

describe.each(BACKENDS)('change windows on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);
  // Simulated time steps 100 ms a tick whatever the machine's load (× the time scale).
  const manual = () => {
    let now = 0;
    return { ...MANUAL_TICKS, simNow: () => (now += 100) };
  };

  it('holds a ready copy until the window opens, then switches over at its opening, inside it', async () => {
    const h = await start(manual());
    const estateId = await importEstate(h, demoEstateWith());
    const plan = await acceptMove(h, estateId, toT);
    const opensAt = iso(Date.now() + 10 * 60_000);
    const closesAt = iso(Date.now() + 60 * 60_000);
    const [id] = await executeIn(h, plan.id, { opensAt, closesAt, timeZone: 'Europe/Berlin' });
    const [run] = await tickToEnd(h, [id!]);
    expectSafeRun(run!);
    expect(run!.state.status).toBe('succeeded');
    expect(run!.state.spec.window).toEqual({ opensAt, closesAt, timeZone: 'Europe/Berlin' });

    const held = eventsOf(run!.events, 'switchover-held');
    expect(held.map((e) => e.event.until)).toEqual([opensAt]);
    const stopAndCopy = eventsOf(run!.events, 'step-started').find(
      (e) => e.event.kind === 'stop-and-copy',
    )!;
    // Held from convergence (before the opening) to the opening exactly: the step splits there.
    expect(clockAt(run!.events, held[0]!)).toBeLessThan(Date.parse(opensAt));
    expect(clockAt(run!.events, stopAndCopy)).toBeCloseTo(Date.parse(opensAt), 0);
    const switched = eventsOf(run!.events, 'switched-over')[0]!;
    expect(clockAt(run!.events, switched)).toBeLessThanOrEqual(Date.parse(closesAt));
    expect(await hostOf(h, estateId, X)).toBe(T);
  });

  it('rolls back at the last start that ends inside the window when the copy is not ready by then', async () => {
    const h = await start(manual());
    // 64 GiB at the WAN's share takes over a minute; the window closes 20 s after the start.
    const estateId = await importEstate(h, demoEstateWith({ [X]: { memoryGiB: 64 } }));
    const plan = await acceptMove(h, estateId, toT);
    const closesAt = iso(Date.now() + 20_000);
    const [id] = await executeIn(h, plan.id, { opensAt: iso(Date.now()), closesAt });
    const [run] = await tickToEnd(h, [id!]);
    expectSafeRun(run!);
    expect(milestones(run!.events)).toEqual(['created', 'started', 'rolling-back', 'rolled-back']);
    const rolled = eventsOf(run!.events, 'rolled-back')[0]!;
    expect(rolled.event.code).toBe('window-missed');
    expect(clockAt(run!.events, rolled)).toBeCloseTo(
      Date.parse(closesAt) - switchoverMs(run!.state.spec),
      0,
    );
    expect(await hostOf(h, estateId, X)).not.toBe(T);
  });

  it('rolls back a held run whose share falls below its dirtying (bandwidth collapse), saying why', async () => {
    const h = await start(manual());
    const estateId = await importEstate(h, demoEstateWith({ [X]: { dirtyRateMiBps: 200 } }));
    const plan = await acceptMove(h, estateId, toT);
    const [id] = await executeIn(h, plan.id, {
      opensAt: iso(Date.now() + 3_600_000),
      closesAt: iso(Date.now() + 7_200_000),
    });
    await tickUntil(h, id!, hasEvent('switchover-held'));
    // 1 % of the WAN's 10 Gbit/s is 12.5 MB/s, under 200 MiB/s of dirtying.
    await h.as('operator').faults.inject({
      estateId,
      fault: { kind: 'bandwidth-collapse', linkId: WAN, factor: 0.01 },
    });
    const [run] = await tickToEnd(h, [id!]);
    expectSafeRun(run!);
    expect(run!.state.status).toBe('rolled-back');
    expect(run!.state.outcome?.code).toBe('window-cannot-hold');
  });

  it('refuses a window whose switchover can no longer end inside it, and a malformed one; nothing starts', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, demoEstateWith());
    const plan = await acceptMove(h, estateId, toT);
    const op = h.as('operator');
    const past = { opensAt: iso(Date.now() - 7_200_000), closesAt: iso(Date.now() - 3_600_000) };
    const closed = await trpcErrorOf(op.migrations.execute({ planId: plan.id, window: past }));
    expect(closed.code).toBe('PRECONDITION_FAILED');
    expect(refusalOf(closed)?.kind).toBe('window-closed');

    const backwards = { opensAt: past.closesAt, closesAt: past.opensAt };
    const bad = await trpcErrorOf(op.migrations.execute({ planId: plan.id, window: backwards }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(issuePaths(bad)).toContain('window.closesAt');

    expect((await op.plans.get({ id: plan.id })).status).toBe('accepted');
    expect(await op.migrations.list({ estateId })).toHaveLength(0);
  });
});
