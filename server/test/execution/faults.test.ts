// Injected faults: each fault's outcome, before and after the switchover.
// The supervisor is ticked by the test (MANUAL_TICKS), so a fault lands exactly where the
// test says: in the middle of the copy, or between the switchover and the end of the run.
import type { FaultInput } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useTestDb } from '../backends.ts';
import {
  acceptMove,
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
  tickUntil,
  useExecution,
  type Harness,
} from './harness.ts';

const VM = 'acme-web-web-01';
const WAN = 'wan.fra1~ams1';
/** The WAN link's free capacity in the demo: 100 Gb/s at 43 % background use, bytes/s. */
const WAN_FREE = (100e9 * (1 - 0.43)) / 8;
/** The migration's own cap (QEMU max-bandwidth in the engine's defaults), bytes/s. */
const CAP = 1.25e9;
const MOVE = { vmIds: [VM], target: { kind: 'site', siteId: 'ams1' }, strategy: 'best' };

type Run = Awaited<ReturnType<typeof tickUntil>>;

/** Pre-copy has moved some bytes and has more to send. */
const copying = (run: Run) =>
  run.events.some(
    (e) =>
      e.event.type === 'progress' && e.event.kind === 'pre-copy' && e.event.transferredBytes > 0,
  );

/** At least n progress events since the run's first fault event. */
const progressSinceFault = (n: number) => (run: Run) => {
  const at = eventsOf(run.events, 'fault')[0];
  return !!at && eventsOf(run.events, 'progress').filter((e) => e.seq > at.seq).length >= n;
};

describe.each(BACKENDS)('faults on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  /**
   * acme-web-web-01 (fra1 → ams1 over the WAN) with 32 GiB of memory: about
   * 27 simulated seconds of pre-copy, time enough to land a fault in it. With
   * 4 GiB at timeScale 5, the 5.5 s after the switchover last a second.
   */
  async function begin(
    overrides: Parameters<typeof start>[0] = {},
    memoryGiB = 32,
    timeScale = 20,
  ) {
    const h = await start({ ...MANUAL_TICKS, ...overrides });
    const estateId = await importEstate(h, demoEstateWith({ [VM]: { memoryGiB } }));
    const plan = await acceptMove(h, estateId, MOVE);
    const [id] = await executePlan(h, plan.id, timeScale);
    return { h, plan, id: id!, estateId };
  }
  const inject = (h: Harness, estateId: string, fault: FaultInput) =>
    h.as('operator').faults.inject({ estateId, fault });

  it('link-down on the path before switchover: rolled back (path-down), the VM stays on the source', async () => {
    const { h, plan, id, estateId } = await begin();
    const before = await tickUntil(h, id, copying);
    expect(before.state.spec.path.map((l) => l.id)).toContain(WAN);
    const fault = await inject(h, estateId, { kind: 'link-down', linkId: WAN });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('rolled-back');
    expect(run.state.outcome?.code).toBe('path-down');
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'fault',
      'rolling-back',
      'rolled-back',
    ]);
    expect(eventsOf(run.events, 'fault')[0]!.event.fault).toEqual({
      kind: 'link-down',
      linkId: WAN,
    });
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(run.state.spec.fromHost);
    expect((await h.as('viewer').plans.get({ id: plan.id })).status).toBe('rolled-back');
    // The fault also sets the link down in the estate; clearing it sets it up again.
    const wan = async () =>
      (await h.as('viewer').estate.get({ id: estateId })).estate.wanLinks.find((l) => l.id === WAN)!
        .state;
    expect(await wan()).toBe('down');
    await h.as('operator').faults.clear({ id: fault.id });
    expect(await wan()).toBe('up');
  });

  it('link-down on the path after switchover: recorded on the run, no effect (succeeds)', async () => {
    const { h, id, estateId } = await begin({}, 4, 5);
    await tickUntil(h, id, hasEvent('switched-over'));
    await inject(h, estateId, { kind: 'link-down', linkId: WAN });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('succeeded');
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'switched-over',
      'fault',
      'succeeded',
    ]);
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(run.state.spec.toHost);
  });

  it("a fault elsewhere in the estate (a host and links off the path) is not the run's: not recorded on it, no effect", async () => {
    const { h, id, estateId } = await begin();
    const { state } = await tickUntil(h, id, copying);
    const onPath = new Set(state.spec.path.map((l) => l.id));
    const { estate } = await h.as('viewer').estate.get({ id: estateId });
    const link = estate.links.find((l) => !onPath.has(l.id))!;
    const wan = estate.wanLinks.find((l) => !onPath.has(l.id))!;
    await inject(h, estateId, { kind: 'host-down', hostId: 'lon1.leaf-1-h1' });
    await inject(h, estateId, { kind: 'link-down', linkId: link.id });
    await inject(h, estateId, { kind: 'bandwidth-collapse', linkId: wan.id, factor: 0.01 });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('succeeded');
    expect(run.state.faults).toEqual([]);
    expect(milestones(run.events)).toEqual(['created', 'started', 'switched-over', 'succeeded']);
    expectSafeRun(run);
  });

  it('destination host-down before switchover: rolled back (destination-down), the VM stays on the source', async () => {
    const { h, id, estateId } = await begin();
    const { state } = await tickUntil(h, id, copying);
    await inject(h, estateId, { kind: 'host-down', hostId: state.spec.toHost });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('rolled-back');
    expect(run.state.outcome?.code).toBe('destination-down');
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'fault',
      'rolling-back',
      'rolled-back',
    ]);
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(state.spec.fromHost);
  });

  it('destination host-down after switchover: failed (destination-down) with the VM on the destination', async () => {
    const { h, plan, id, estateId } = await begin({}, 4, 5);
    const { state } = await tickUntil(h, id, hasEvent('switched-over'));
    await inject(h, estateId, { kind: 'host-down', hostId: state.spec.toHost });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('failed');
    expect(run.state.outcome?.code).toBe('destination-down');
    expect(run.state.vmOn).toBe(state.spec.toHost);
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'switched-over',
      'fault',
      'failed',
    ]);
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(state.spec.toHost);
    expect((await h.as('viewer').plans.get({ id: plan.id })).status).toBe('failed');
  });

  it('source host-down before switchover: failed (source-down) with the VM recorded on the source', async () => {
    const { h, id, estateId } = await begin();
    const { state } = await tickUntil(h, id, copying);
    await inject(h, estateId, { kind: 'host-down', hostId: state.spec.fromHost });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('failed');
    expect(run.state.outcome?.code).toBe('source-down');
    expect(run.state.vmOn).toBe(state.spec.fromHost);
    expect(milestones(run.events)).toEqual(['created', 'started', 'fault', 'failed']);
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(state.spec.fromHost);
  });

  it('source host-down after switchover: no effect, the run succeeds on the target', async () => {
    const { h, id, estateId } = await begin({}, 4, 5);
    const { state } = await tickUntil(h, id, hasEvent('switched-over'));
    await inject(h, estateId, { kind: 'host-down', hostId: state.spec.fromHost });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('succeeded');
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(state.spec.toHost);
  });

  it('bandwidth-collapse mid-copy: the run gets the collapsed share of the link, and full speed again once cleared', async () => {
    const { h, id, estateId } = await begin();
    await tickUntil(h, id, copying);
    const fault = await inject(h, estateId, {
      kind: 'bandwidth-collapse',
      linkId: WAN,
      factor: 0.05,
    });
    const collapsed = await tickUntil(h, id, progressSinceFault(3));
    await h.as('operator').faults.clear({ id: fault.id });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('succeeded');
    expectSafeRun(run);
    const faultAt = eventsOf(run.events, 'fault')[0]!;
    const progress = eventsOf(run.events, 'progress').filter((e) => e.event.kind === 'pre-copy');
    const beforeFault = progress.filter((e) => e.seq < faultAt.seq);
    const during = progress.filter(
      (e) => e.seq > faultAt.seq && e.seq <= collapsed.events.at(-1)!.seq,
    );
    expect(beforeFault.length).toBeGreaterThan(0);
    for (const e of beforeFault) expect(e.event.bandwidthBytesPerSecond).toBeCloseTo(CAP, 0);
    expect(during.length).toBeGreaterThanOrEqual(3);
    for (const e of during) expect(e.event.bandwidthBytesPerSecond).toBeCloseTo(WAN_FREE * 0.05, 0);
    // After the fault is cleared the copy runs at the run's own cap again.
    const afterClear = progress.filter((e) => e.seq > collapsed.events.at(-1)!.seq);
    if (afterClear.length > 0)
      expect(afterClear.at(-1)!.event.bandwidthBytesPerSecond).toBeCloseTo(CAP, 0);
  });

  it('bandwidth-collapse below the dirty rate: auto-converge throttles the guest (rounds with throttle > 0) and the copy converges', async () => {
    const h = await start(MANUAL_TICKS);
    // 8 GiB dirtied at 400 MiB/s; the collapsed WAN carries 340 MiB/s.
    const estateId = await importEstate(
      h,
      demoEstateWith({ [VM]: { memoryGiB: 8, dirtyRateMiBps: 400 } }),
    );
    const plan = await acceptMove(h, estateId, MOVE);
    // A bandwidth collapse leaves the estate's version alone: the plan stays executable.
    await inject(h, estateId, { kind: 'bandwidth-collapse', linkId: WAN, factor: 0.05 });
    const [id] = await executePlan(h, plan.id, 500);
    const run = await tickUntil(h, id!, ended);

    expect(run.state.status).toBe('succeeded');
    expectSafeRun(run);
    expect(run.state.faults).toEqual(['bandwidth-collapse']);
    const throttled = run.state.rounds.filter((r) => r.throttle > 0);
    expect(throttled.length).toBeGreaterThan(0);
    expect(run.state.rounds[0]!.throttle).toBe(0);
    for (const e of eventsOf(run.events, 'progress').filter((p) => p.event.kind === 'pre-copy'))
      expect(e.event.bandwidthBytesPerSecond).toBeCloseTo(WAN_FREE * 0.05, 0);
  });

  it('bandwidth-collapse under a tight completion timeout: rolled back (completion-timeout)', async () => {
    const h = await start({
      ...MANUAL_TICKS,
      safety: safetyWith({ completionTimeoutSecondsPerGiB: 20 }),
    });
    const estateId = await importEstate(
      h,
      demoEstateWith({ [VM]: { memoryGiB: 8, dirtyRateMiBps: 400 } }),
    );
    const plan = await acceptMove(h, estateId, MOVE);
    await inject(h, estateId, { kind: 'bandwidth-collapse', linkId: WAN, factor: 0.05 });
    const [id] = await executePlan(h, plan.id, 500);
    const run = await tickUntil(h, id!, ended);

    expect(run.state.status).toBe('rolled-back');
    expect(run.state.outcome?.code).toBe('completion-timeout');
    // 8 GiB × 20 s per GiB.
    expect(run.state.outcome?.message).toContain('160 s');
    expect(eventsOf(run.events, 'rolled-back')[0]!.simMs).toBeCloseTo(160_000, 0);
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(run.state.spec.fromHost);
  });

  it('stuck-progress: no bytes move, and the no-progress watchdog rolls back after the progress timeout', async () => {
    const { h, id, estateId } = await begin({ safety: safetyWith({ progressTimeoutSeconds: 30 }) });
    await tickUntil(h, id, copying);
    await h.as('operator').faults.inject({ fault: { kind: 'stuck-progress', migrationId: id } });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('rolled-back');
    expect(run.state.outcome?.code).toBe('no-progress');
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'fault',
      'rolling-back',
      'rolled-back',
    ]);
    const faultAt = eventsOf(run.events, 'fault')[0]!;
    const stuck = eventsOf(run.events, 'progress').filter((e) => e.seq > faultAt.seq);
    expect(stuck.length).toBeGreaterThan(1);
    expect(new Set(stuck.map((e) => e.event.transferredBytes)).size).toBe(1);
    const rolledBack = eventsOf(run.events, 'rolled-back')[0]!;
    expect(rolledBack.simMs - faultAt.simMs).toBeGreaterThanOrEqual(30_000);
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(run.state.spec.fromHost);
  });

  it('stuck-progress cleared before the progress timeout: the copy resumes and the run succeeds', async () => {
    const { h, id, estateId } = await begin();
    await tickUntil(h, id, copying);
    const fault = await h
      .as('operator')
      .faults.inject({ fault: { kind: 'stuck-progress', migrationId: id } });
    const stuck = await tickUntil(h, id, progressSinceFault(3));
    const frozen = eventsOf(stuck.events, 'progress').slice(-3);
    expect(new Set(frozen.map((e) => e.event.transferredBytes)).size).toBe(1);
    await h.as('operator').faults.clear({ id: fault.id });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('succeeded');
    expect(run.state.faults).toEqual(['stuck-progress']);
    expect(run.state.transferredBytes).toBeGreaterThan(frozen[0]!.event.transferredBytes);
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(run.state.spec.toHost);
  });

  it('executor-crash before switchover: the crash rule rolls back (executor-crash)', async () => {
    const { h, id, estateId } = await begin();
    await tickUntil(h, id, copying);
    await h.as('operator').faults.inject({ fault: { kind: 'executor-crash', migrationId: id } });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('rolled-back');
    expect(run.state.outcome?.code).toBe('executor-crash');
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'fault',
      'recovered',
      'rolling-back',
      'rolled-back',
    ]);
    expect(eventsOf(run.events, 'recovered')[0]!.event.rule).toBe('rollback-before-switchover');
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(run.state.spec.fromHost);
  });

  it('executor-crash after switchover: a fresh executor run resumes the remaining steps and succeeds', async () => {
    const { h, id, estateId } = await begin({}, 4, 5);
    await tickUntil(h, id, hasEvent('switched-over'));
    await h.as('operator').faults.inject({ fault: { kind: 'executor-crash', migrationId: id } });
    const run = await tickUntil(h, id, ended);

    expect(run.state.status).toBe('succeeded');
    expect(milestones(run.events)).toEqual([
      'created',
      'started',
      'switched-over',
      'fault',
      'recovered',
      'succeeded',
    ]);
    expect(eventsOf(run.events, 'recovered')[0]!.event.rule).toBe('resume-after-switchover');
    // Every step completed exactly once, in the plan's order, the copy steps before the crash.
    expect(eventsOf(run.events, 'step-completed').map((e) => e.event.stepId)).toEqual(
      run.state.spec.steps.map((s) => s.id),
    );
    expectSafeRun(run);
    expect(await hostOf(h, estateId, VM)).toBe(run.state.spec.toHost);
  });
});
