// The safety promises a run keeps (as vMotion, Nova and KubeVirt): prechecks
// before anything changes, the source is the authority until the switchover and any failure
// before it rolls back, aborts are recorded requests with recorded outcomes, the completion
// timeout and the no-progress watchdog, and no way back to the source copy after the switchover.
import { describe, expect, it } from 'vitest';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import {
  acceptMove,
  dbSnapshot,
  demoEstateWith,
  ended,
  eventsOf,
  executePlan,
  expectSafeRun,
  hasEvent,
  hostOf,
  importEstate,
  MANUAL_TICKS,
  milestones,
  safetyWith,
  tickToEnd,
  tickUntil,
  useExecution,
} from './harness.ts';

const X = 'acme-web-web-01';
const Y = 'acme-web-web-21';
const T = 'ams1.p0-e0-h2';
const WAN = 'wan.fra1~ams1';
const toSite = (...vmIds: string[]) => ({
  vmIds,
  target: { kind: 'site', siteId: 'ams1' },
  strategy: 'best',
});
const toT = (vmId: string) => ({ vmIds: [vmId], target: { kind: 'host', hostId: T } });

type Run = Awaited<ReturnType<typeof tickUntil>>;
const copying = (run: Run) =>
  run.events.some(
    (e) =>
      e.event.type === 'progress' && e.event.kind === 'pre-copy' && e.event.transferredBytes > 0,
  );

describe.each(BACKENDS)('safety on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  describe('prechecks', () => {
    /** T with room for one of X and Y (4 GiB each), not both. */
    const tight = (memoryGiB = 6) =>
      demoEstateWith({}, { [T]: { capacity: { vcpu: 64, memoryGiB, diskGiB: 4000 } } });

    it('refuse a run that would overfill its target once the runs already heading there land; nothing changes', async () => {
      const h = await start(MANUAL_TICKS);
      const estateId = await importEstate(h, tight());
      const first = await acceptMove(h, estateId, toT(X));
      const second = await acceptMove(h, estateId, toT(Y));
      const [running] = await executePlan(h, first.id, 20);
      const before = await dbSnapshot(db());

      const error = await trpcErrorOf(
        h.as('operator').migrations.execute({ planId: second.id, timeScale: 20 }),
      );
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect((error.cause as { refusal?: unknown }).refusal).toEqual({
        kind: 'precheck-failed',
        reasons: [expect.objectContaining({ code: 'host-capacity', vmId: Y })],
      });
      expect(await dbSnapshot(db())).toEqual(before);
      expect((await h.as('viewer').plans.get({ id: second.id })).status).toBe('accepted');
      expect((await tickToEnd(h, [running!]))[0]!.state.status).toBe('succeeded');
    });

    it('count only the runs of the same estate against a host (another estate may use the same host ids)', async () => {
      const h = await start(MANUAL_TICKS);
      const other = await importEstate(h, tight());
      const mine = await importEstate(h, tight());
      const elsewhere = await acceptMove(h, other, toT(X));
      const here = await acceptMove(h, mine, toT(X));
      const [a] = await executePlan(h, elsewhere.id, 20);
      const [b] = await executePlan(h, here.id, 20);
      const runs = await tickToEnd(h, [a!, b!]);
      for (const run of runs) {
        expect(run.state.status).toBe('succeeded');
        expectSafeRun(run);
      }
      expect(await hostOf(h, other, X)).toBe(T);
      expect(await hostOf(h, mine, X)).toBe(T);
    });

    it('do not count a run that has switched over twice (its VM is on the target in the estate already)', async () => {
      const h = await start(MANUAL_TICKS);
      // Room for X and Y together (8 GiB), not for X counted twice and Y (12 GiB).
      const estateId = await importEstate(h, tight(10));
      const first = await acceptMove(h, estateId, toT(X));
      const [a] = await executePlan(h, first.id, 5);
      await tickUntil(h, a!, hasEvent('switched-over'));
      expect(await hostOf(h, estateId, X)).toBe(T);
      // The switchover made a new estate version: the second move is planned on it, and runs
      // while the first is still confirming (no tick in between).
      const second = await acceptMove(h, estateId, toT(Y));
      const { migrations } = await h
        .as('operator')
        .migrations.execute({ planId: second.id, timeScale: 20 });
      expect((await h.as('viewer').migrations.get({ id: a! })).state.status).toBe('running');
      const runs = await tickToEnd(h, [a!, migrations[0]!.id]);
      for (const run of runs) expect(run.state.status).toBe('succeeded');
      expect(await hostOf(h, estateId, Y)).toBe(T);
    });
  });

  it('the source is the authority until switchover: an abort rolls back, the estate and the VM stay as they were', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, demoEstateWith({ [X]: { memoryGiB: 32 } }));
    const plan = await acceptMove(h, estateId, toSite(X));
    const { version } = await h.as('viewer').estate.get({ id: estateId });
    const [id] = await executePlan(h, plan.id, 20);
    await tickUntil(h, id!, copying);

    const op = h.as('operator');
    expect(await op.migrations.abort({ id: id! })).toEqual({
      id,
      requested: true,
      already: false,
    });
    // Asking again before the owner has seen it changes nothing.
    expect(await op.migrations.abort({ id: id! })).toEqual({ id, requested: true, already: true });
    const run = await tickUntil(h, id!, ended);

    expect(run.state.status).toBe('rolled-back');
    expect(run.state.outcome?.code).toBe('aborted');
    expect(run.state.authority).toBe('source');
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'abort-requested',
      'rolling-back',
      'rolled-back',
    ]);
    expect(eventsOf(run.events, 'abort-requested')[0]!.event.by).toBe('operator');
    expectSafeRun(run);
    const after = await h.as('viewer').estate.get({ id: estateId });
    expect(after.version).toBe(version);
    expect(await hostOf(h, estateId, X)).toBe(run.state.spec.fromHost);
    expect((await h.as('viewer').plans.get({ id: plan.id })).status).toBe('rolled-back');
  });

  it('an abort after switchover is recorded and refused with its reason; the run finishes on the target', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, demoEstateWith());
    const plan = await acceptMove(h, estateId, toSite(X));
    const [id] = await executePlan(h, plan.id, 5);
    await tickUntil(h, id!, hasEvent('switched-over'));
    await h.as('operator').migrations.abort({ id: id! });
    const run = await tickUntil(h, id!, ended);

    expect(run.state.status).toBe('succeeded');
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'switched-over',
      'abort-requested',
      'abort-refused',
      'succeeded',
    ]);
    expect(eventsOf(run.events, 'abort-refused')[0]!.event.reason).toMatch(/switchover/);
    expectSafeRun(run);
    expect(await hostOf(h, estateId, X)).toBe(run.state.spec.toHost);
  });

  it('an abort that meets a fault in the same tick is still recorded and answered, before and after switchover', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, demoEstateWith({ [X]: { memoryGiB: 32 } }));
    const first = await acceptMove(h, estateId, toSite(X));
    const [a] = await executePlan(h, first.id, 20);
    const { state } = await tickUntil(h, a!, copying);
    const op = h.as('operator');
    // Both land before the next tick: the operator asked first, and the answer says so.
    await op.migrations.abort({ id: a! });
    await op.faults.inject({ estateId, fault: { kind: 'host-down', hostId: state.spec.toHost } });
    const before = await tickUntil(h, a!, ended);
    expect(milestones(before.events)).toEqual([
      'created',
      'started',
      'abort-requested',
      'rolling-back',
      'rolled-back',
    ]);
    expect(before.state.outcome?.code).toBe('aborted');
    expectSafeRun(before);

    // After switchover: the abort is refused, the fault still fails the run on the target.
    const other = await importEstate(h, demoEstateWith());
    const second = await acceptMove(h, other, toSite(X));
    const [b] = await executePlan(h, second.id, 5);
    const switched = await tickUntil(h, b!, hasEvent('switched-over'));
    await op.migrations.abort({ id: b! });
    await op.faults.inject({
      estateId: other,
      fault: { kind: 'host-down', hostId: switched.state.spec.toHost },
    });
    const after = await tickUntil(h, b!, ended);
    expect(milestones(after.events)).toEqual([
      'created',
      'started',
      'switched-over',
      'abort-requested',
      'abort-refused',
      'fault',
      'failed',
    ]);
    expectSafeRun(after);
  });

  it('the switchover moves the VM in the estate in the same write that records it', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, demoEstateWith());
    const plan = await acceptMove(h, estateId, toSite(X));
    const [id] = await executePlan(h, plan.id, 5);
    const run = await tickUntil(h, id!, hasEvent('switched-over'));
    expect(run.state.status).toBe('running');
    const switched = eventsOf(run.events, 'switched-over')[0]!;
    const estate = await h.as('viewer').estate.get({ id: estateId });
    expect(switched.event.estateVersion).toBe(estate.version);
    expect(estate.estate.vms.find((v) => v.id === X)!.hostId).toBe(run.state.spec.toHost);
    await tickUntil(h, id!, ended);
  });

  it('after switchover nothing brings the source copy back: abort, crash, stall, path and source faults all end on the target', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, demoEstateWith());
    const plan = await acceptMove(h, estateId, toSite(X));
    const [id] = await executePlan(h, plan.id, 5);
    const { state } = await tickUntil(h, id!, hasEvent('switched-over'));
    const op = h.as('operator');
    await op.migrations.abort({ id: id! });
    await op.faults.inject({ fault: { kind: 'stuck-progress', migrationId: id! } });
    await op.faults.inject({ fault: { kind: 'executor-crash', migrationId: id! } });
    await op.faults.inject({ estateId, fault: { kind: 'link-down', linkId: WAN } });
    await op.faults.inject({ estateId, fault: { kind: 'host-down', hostId: state.spec.fromHost } });
    const run = await tickUntil(h, id!, ended);

    expect(run.state.status).toBe('succeeded');
    expect(run.state.authority).toBe('target');
    expect(milestones(run.events)).toContain('abort-refused');
    expect(eventsOf(run.events, 'recovered')[0]!.event.rule).toBe('resume-after-switchover');
    expectSafeRun(run);
    expect(await hostOf(h, estateId, X)).toBe(state.spec.toHost);
  });

  describe('the completion timeout', () => {
    it('grows with the GiB copied, and rolls back a run that overruns it', async () => {
      const h = await start({
        ...MANUAL_TICKS,
        safety: safetyWith({ completionTimeoutSecondsPerGiB: 0.5 }),
      });
      const estateId = await importEstate(h, demoEstateWith({ [Y]: { memoryGiB: 32 } }));
      const plan = await acceptMove(h, estateId, toSite(X, Y));
      const ids = await executePlan(h, plan.id, 10);
      const runs = await tickToEnd(h, ids);

      // 4 GiB × 0.5 s and 32 GiB × 0.5 s.
      const limits = new Map([
        [X, 2],
        [Y, 16],
      ]);
      for (const run of runs) {
        const limit = limits.get(run.state.spec.vmId)!;
        expect(run.state.status).toBe('rolled-back');
        expect(run.state.outcome).toEqual({
          code: 'completion-timeout',
          message: `not finished after ${limit} s (0.5 s per GiB copied)`,
        });
        expect(eventsOf(run.events, 'rolled-back')[0]!.simMs).toBeCloseTo(limit * 1000, 0);
        expect(milestones(run.events)).not.toContain('switched-over');
        expectSafeRun(run);
        expect(await hostOf(h, estateId, run.state.spec.vmId)).toBe(run.state.spec.fromHost);
      }
    });

    it('holds however coarse the ticks: a tick that spans the deadline and the switchover stops at the deadline', async () => {
      // 4 GiB × 0.5 s = 2 s; the switchover would come at about 3.7 s.
      const h = await start({
        ...MANUAL_TICKS,
        safety: safetyWith({ completionTimeoutSecondsPerGiB: 0.5 }),
      });
      const estateId = await importEstate(h, demoEstateWith());
      const plan = await acceptMove(h, estateId, toSite(X));
      const [id] = await executePlan(h, plan.id, 100);
      // The first tick covers 20 simulated seconds or more.
      await new Promise((r) => setTimeout(r, 200));
      const run = await tickUntil(h, id!, ended);

      expect(run.state.status).toBe('rolled-back');
      expect(run.state.outcome?.code).toBe('completion-timeout');
      expect(eventsOf(run.events, 'rolled-back')[0]!.simMs).toBeCloseTo(2_000, 0);
      expectSafeRun(run);
      expect(await hostOf(h, estateId, X)).toBe(run.state.spec.fromHost);
    });

    it('stops only runs that have not switched over (after it there is nothing to roll back to)', async () => {
      // 4 GiB × 1.5 s: the switchover comes before 6 s, the run ends after it.
      const h = await start({
        ...MANUAL_TICKS,
        safety: safetyWith({ completionTimeoutSecondsPerGiB: 1.5 }),
      });
      const estateId = await importEstate(h, demoEstateWith());
      const plan = await acceptMove(h, estateId, toSite(X));
      const [id] = await executePlan(h, plan.id, 5);
      const run = await tickUntil(h, id!, ended);

      expect(run.state.status).toBe('succeeded');
      expect(eventsOf(run.events, 'switched-over')[0]!.simMs).toBeLessThan(6_000);
      expect(eventsOf(run.events, 'succeeded')[0]!.simMs).toBeGreaterThan(6_000);
      expectSafeRun(run);
    });
  });

  it('the no-progress watchdog waits its default 150 s of stall, then rolls back (no-progress)', async () => {
    const h = await start(MANUAL_TICKS);
    // About 110 simulated seconds of pre-copy: time enough to stall it even at this timeScale.
    const estateId = await importEstate(h, demoEstateWith({ [X]: { memoryGiB: 128 } }));
    const plan = await acceptMove(h, estateId, toSite(X));
    const [id] = await executePlan(h, plan.id, 100);
    await tickUntil(h, id!, copying);
    await h.as('operator').faults.inject({ fault: { kind: 'stuck-progress', migrationId: id! } });
    const run = await tickUntil(h, id!, ended);

    expect(run.state.status).toBe('rolled-back');
    expect(run.state.outcome?.code).toBe('no-progress');
    expect(run.state.outcome?.message).toMatch(/\(limit 150 s\)$/);
    const stalledFrom = eventsOf(run.events, 'fault')[0]!.simMs;
    expect(eventsOf(run.events, 'rolled-back')[0]!.simMs - stalledFrom).toBeGreaterThan(150_000);
    expectSafeRun(run);
  });
});
