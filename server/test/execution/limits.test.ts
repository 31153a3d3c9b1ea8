// Concurrency limits and shared bandwidth: runs beyond a host, site or
// WAN-link limit wait with a 'queued' event naming the limit and start when a slot frees; at no
// moment do more runs hold a slot than its limit; runs that share links get max-min fair shares
// that never exceed a link's capacity; and however many run at once, each VM ends on one host.
import {
  claimOf,
  isTerminal,
  type MigrationEventRecord,
  type MigrationSpec,
  type SafetyConfig,
} from '@vmmi/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { latestEventId, readEventsAfter } from '../../src/db/run-repo.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import {
  acceptMove,
  demoEstateWith,
  eventsOf,
  executePlan,
  expectSafeRun,
  hostOf,
  importEstate,
  MANUAL_TICKS,
  milestones,
  safetyWith,
  tickToEnd,
  useExecution,
  type Harness,
} from './harness.ts';

const X = 'acme-web-web-01';
const Y = 'acme-web-web-21';
const Z = 'acme-web-web-57';
const T = 'ams1.p0-e0-h2';
const WAN = 'wan.fra1~ams1';
const CAP = 1.25e9;
const NO_LIMITS = { perHost: 100, perSite: 100, perWanLink: 100 };

/** acme-web VMs in fra1, each on a host of its own, and empty hosts in ams1 to move them to. */
const CANDIDATES = [
  'acme-web-web-01',
  'acme-web-web-21',
  'acme-web-web-57',
  'acme-web-app-13',
  'acme-web-web-17',
  'acme-web-cache-49',
  'acme-web-cache-09',
];
const TARGETS = [
  'ams1.p0-e0-h2',
  'ams1.p0-e0-h3',
  'ams1.p0-e0-h4',
  'ams1.p0-e0-h5',
  'ams1.p0-e1-h2',
  'ams1.p0-e1-h3',
  'ams1.p0-e1-h4',
];
/** 16 GiB each: about 14 simulated seconds of pre-copy, so runs started a few ticks apart overlap. */
const bigger = () =>
  demoEstateWith(Object.fromEntries(CANDIDATES.map((v) => [v, { memoryGiB: 16 }])));

const group = (target: object, ...vmIds: string[]) => ({ vmIds, target, strategy: 'best' });
const toHostT = (...vmIds: string[]) => group({ kind: 'host', hostId: T }, ...vmIds);
const toAms1 = (...vmIds: string[]) => group({ kind: 'site', siteId: 'ams1' }, ...vmIds);

type Run = Awaited<ReturnType<typeof tickToEnd>>[number];

/**
 * The slots each run held, from its started event to its last: at no moment
 * more runs on a host, a site or a WAN link than its limit.
 */
function expectLimitsHeld(runs: readonly Run[], cfg: SafetyConfig) {
  const held = runs.flatMap((run) => {
    const started = eventsOf(run.events, 'started')[0];
    if (!started) return [];
    const c = claimOf(run.state.spec);
    const keys = [
      ...new Set(c.hosts.map((h) => `host:${h}`)),
      ...c.sites.map((s) => `site:${s}`),
      ...c.wanLinks.map((w) => `wan:${w}`),
    ];
    return [{ from: BigInt(started.id), to: BigInt(run.events.at(-1)!.id), keys }];
  });
  const limit = (k: string) =>
    k.startsWith('host:') ? cfg.perHost : k.startsWith('site:') ? cfg.perSite : cfg.perWanLink;
  for (const a of held)
    for (const k of a.keys) {
      // Runs holding k when a started (a slot frees at the run's last event, before the next start).
      const at = held.filter((b) => b.keys.includes(k) && b.from <= a.from && b.to > a.from);
      expect(at.length, `runs on ${k}`).toBeLessThanOrEqual(limit(k));
    }
}

describe.each(BACKENDS)('concurrency limits on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  async function runGroup(cfg: SafetyConfig, request: object, timeScale = 50) {
    const h = await start({ ...MANUAL_TICKS, safety: cfg });
    const estateId = await importEstate(h, demoEstateWith());
    const plan = await acceptMove(h, estateId, request);
    const ids = await executePlan(h, plan.id, timeScale);
    const runs = await tickToEnd(h, ids);
    for (const run of runs) expectSafeRun(run);
    expectLimitsHeld(runs, cfg);
    return { h, estateId, runs };
  }

  /** The run that waited, and the one it waited for. */
  function waiterAndHolder(runs: readonly Run[]) {
    const waiter = runs.find((r) => milestones(r.events).includes('queued'))!;
    expect(waiter).toBeDefined();
    const holder = runs.find((r) => r !== waiter)!;
    expect(milestones(holder.events)).toEqual(['created', 'started', 'switched-over', 'succeeded']);
    expect(milestones(waiter.events)).toEqual([
      'created',
      'queued',
      'started',
      'switched-over',
      'succeeded',
    ]);
    // It started once the slot was free: after the run holding it ended.
    expect(BigInt(eventsOf(waiter.events, 'started')[0]!.id)).toBeGreaterThan(
      BigInt(holder.events.at(-1)!.id),
    );
    return { waiter, holder, reason: eventsOf(waiter.events, 'queued')[0]!.event.reason };
  }

  it('per host: the run beyond the limit is queued naming the host, and starts when the slot frees', async () => {
    const cfg = safetyWith({ ...NO_LIMITS, perHost: 1 });
    const { h, estateId, runs } = await runGroup(cfg, toHostT(X, Y));
    expect(waiterAndHolder(runs).reason).toBe(`1 migration(s) already use host ${T}`);
    expect(await hostOf(h, estateId, X)).toBe(T);
    expect(await hostOf(h, estateId, Y)).toBe(T);
  });

  it('per site: the run beyond the limit is queued naming the site', async () => {
    const cfg = safetyWith({ ...NO_LIMITS, perSite: 1 });
    const { runs } = await runGroup(cfg, toAms1(X, Y));
    expect(waiterAndHolder(runs).reason).toBe('1 migration(s) already use site fra1');
  });

  it('per WAN link: the run beyond the limit is queued naming the WAN link', async () => {
    const cfg = safetyWith({ ...NO_LIMITS, perWanLink: 1 });
    const { runs } = await runGroup(cfg, toAms1(X, Y));
    expect(waiterAndHolder(runs).reason).toBe(`1 migration(s) already use WAN link ${WAN}`);
  });

  it('by default two runs per host (as Nova and vMotion cap a host): a third waits', async () => {
    const { runs } = await runGroup(safetyWith({}), toHostT(X, Y, Z));
    const queued = runs.filter((r) => milestones(r.events).includes('queued'));
    expect(queued).toHaveLength(1);
    expect(eventsOf(queued[0]!.events, 'queued')[0]!.event.reason).toBe(
      `2 migration(s) already use host ${T}`,
    );
    for (const run of runs) expect(run.state.status).toBe('succeeded');
  });

  it('a run no limit holds back is not held up behind a queued one', async () => {
    const cfg = safetyWith({ perHost: 1 });
    const h = await start({ ...MANUAL_TICKS, safety: cfg });
    const estateId = await importEstate(h, bigger());
    const both = await acceptMove(h, estateId, toHostT(X, Y));
    const other = await acceptMove(h, estateId, group({ kind: 'host', hostId: TARGETS[1]! }, Z));
    // Both executed before any run advances: a tick between them would advance the first by
    // the real time since the last tick, which on a loaded machine can reach its switchover
    // (a new estate version, on which the second plan is refused as stale).
    const first = await executePlan(h, both.id, 50);
    const { migrations } = await h
      .as('operator')
      .migrations.execute({ planId: other.id, timeScale: 50 });
    const ids = [...first, ...migrations.map((m) => m.id)];
    const runs = await tickToEnd(h, ids);
    expectLimitsHeld(runs, cfg);
    const { waiter } = waiterAndHolder(runs.slice(0, 2));
    const free = runs[2]!;
    expect(milestones(free.events)).not.toContain('queued');
    // Started with the first tick, not after the queued run: on a slow machine one tick may
    // carry the holder from start to end, so its last event is no mark to compare with.
    expect(BigInt(eventsOf(free.events, 'started')[0]!.id)).toBeLessThan(
      BigInt(eventsOf(waiter.events, 'started')[0]!.id),
    );
  });

  it('an abort of a queued run ends it before it starts (rolled back, aborted while queued)', async () => {
    const cfg = safetyWith({ ...NO_LIMITS, perHost: 1 });
    const h = await start({ ...MANUAL_TICKS, safety: cfg });
    const estateId = await importEstate(h, bigger());
    const plan = await acceptMove(h, estateId, toHostT(X, Y));
    const ids = await executePlan(h, plan.id, 50);
    await h.execution.supervisor.tick();
    const views = await Promise.all(ids.map((id) => h.as('viewer').migrations.get({ id })));
    const waiting = views.find((v) => v.state.status === 'queued')!;
    expect(waiting).toBeDefined();
    await h.as('operator').migrations.abort({ id: waiting.state.id });
    const runs = await tickToEnd(h, ids);

    const aborted = runs.find((r) => r.state.id === waiting.state.id)!;
    expect(aborted.state.status).toBe('rolled-back');
    expect(aborted.state.outcome).toEqual({
      code: 'aborted',
      message: 'aborted by operator while queued',
    });
    expect(milestones(aborted.events)).toEqual([
      'created',
      'queued',
      'abort-requested',
      'rolling-back',
      'rolled-back',
    ]);
    const other = runs.find((r) => r !== aborted)!;
    expect(other.state.status).toBe('succeeded');
    for (const run of runs) expectSafeRun(run);
    expect(await hostOf(h, estateId, aborted.state.spec.vmId)).toBe(aborted.state.spec.fromHost);
  });
});

/**
 * Drives a test-ticked supervisor and keeps what each tick wrote: a tick
 * stores its events in one transaction, so the events read after it are that
 * tick's (the bandwidth shares in its progress events were computed together).
 */
function recorder(h: Harness, db: () => Db) {
  let last = 0n;
  const ticks: MigrationEventRecord[][] = [];
  const read = async () => {
    const batch = await readEventsAfter(db().kysely, last, { limit: 1_000_000 });
    if (batch.length > 0) last = BigInt(batch.at(-1)!.id);
    return batch.filter((e): e is MigrationEventRecord => e.scope === 'migration');
  };
  return {
    ticks,
    /** From now on: what the log holds already is not a tick's. */
    async begin() {
      last = await latestEventId(db().kysely);
    },
    /** One tick; its events (and whatever an API call wrote just before it). */
    async tick() {
      await h.execution.supervisor.tick();
      ticks.push(await read());
    },
    /** Ticks until every run has ended. */
    async toEnd(ids: readonly string[], maxTicks = 3_000) {
      for (let i = 0; i < maxTicks; i++) {
        await this.tick();
        const rows = await db()
          .kysely.selectFrom('migrations')
          .select('status')
          .where('id', 'in', ids)
          .execute();
        if (rows.every((r) => isTerminal(r.status as 'queued'))) return;
      }
      throw new Error(`runs still going after ${maxTicks} ticks`);
    },
  };
}

/**
 * Runs the plans with no tick in between (a tick could switch one over, and
 * the new estate version would make the others stale): they start together
 * at the next tick.
 */
async function executeAll(h: Harness, plans: readonly { id: string }[], timeScale: number) {
  await h.execution.supervisor.tick();
  const ids: string[] = [];
  for (const plan of plans) {
    const { migrations } = await h
      .as('operator')
      .migrations.execute({ planId: plan.id, timeScale });
    ids.push(...migrations.map((m) => m.id));
  }
  return ids;
}

const PRE_SWITCHOVER = new Set([
  'reserve',
  'prepare-network',
  'pre-copy',
  'storage-copy',
  'stop-and-copy',
]);

/**
 * The fair-share promises, tick by tick: no link carries more than its
 * capacity (× the collapse factor in force), no run more than its own cap;
 * and, in ticks where every run that shared bandwidth shows its share (none
 * switched over or ended meanwhile), the shares are max-min fair: a run below
 * its cap crosses a full link on which no run gets more than it does.
 */
function expectFairShares(
  ticks: readonly MigrationEventRecord[][],
  specs: ReadonlyMap<string, MigrationSpec>,
  capacityAt: (tick: number, linkId: string, free: number) => number,
) {
  let checkedMaxMin = 0;
  for (const [t, events] of ticks.entries()) {
    const progress = eventsOf(events, 'progress');
    const load = new Map<string, number>();
    const capacity = new Map<string, number>();
    for (const p of progress) {
      expect(p.event.bandwidthBytesPerSecond).toBeLessThanOrEqual(CAP * (1 + 1e-9));
      for (const l of specs.get(p.migrationId)!.path) {
        load.set(l.id, (load.get(l.id) ?? 0) + p.event.bandwidthBytesPerSecond);
        capacity.set(l.id, capacityAt(t, l.id, l.freeBytesPerSecond));
      }
    }
    for (const [l, sum] of load)
      expect(sum, `link ${l} in tick ${t}`).toBeLessThanOrEqual(capacity.get(l)! * (1 + 1e-9) + 1);

    const settled = !events.some((e) =>
      ['switched-over', 'succeeded', 'rolled-back', 'failed'].includes(e.event.type),
    );
    const sharing = progress.filter((p) => PRE_SWITCHOVER.has(p.event.kind));
    if (!settled || sharing.length < 2) continue;
    checkedMaxMin++;
    const share = new Map(sharing.map((p) => [p.migrationId, p.event.bandwidthBytesPerSecond]));
    for (const [id, s] of share) {
      if (s >= CAP * (1 - 1e-9)) continue;
      const bottleneck = specs.get(id)!.path.some((l) => {
        const full =
          Math.abs(load.get(l.id)! - capacity.get(l.id)!) <= capacity.get(l.id)! * 1e-6 + 1;
        const onLink = [...share].filter(([other]) =>
          specs.get(other)!.path.some((x) => x.id === l.id),
        );
        return full && onLink.every(([, o]) => o <= s * (1 + 1e-6) + 1);
      });
      expect(bottleneck, `run ${id} below its cap in tick ${t} has a bottleneck link`).toBe(true);
    }
  }
  return checkedMaxMin;
}

describe.each(BACKENDS)('shared bandwidth on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it('six runs over one WAN link share it max-min fairly and never overfill it; each VM ends on its target', async () => {
    const cfg = safetyWith({ ...NO_LIMITS });
    // Simulated time steps 100 ms per tick, however long a tick or the six executes take on a
    // loaded machine: real time between ticks would let one tick carry the runs nearly to
    // their end, leaving no tick in which all six copy.
    let simMs = 0;
    const h = await start({ ...MANUAL_TICKS, safety: cfg, simNow: () => (simMs += 100) });
    const estateId = await importEstate(h, bigger());
    const vms = CANDIDATES.slice(0, 6);
    const plans = [];
    for (const [i, vm] of vms.entries())
      plans.push(await acceptMove(h, estateId, group({ kind: 'host', hostId: TARGETS[i]! }, vm)));
    const rec = recorder(h, db);
    await rec.begin();
    const ids = await executeAll(h, plans, 10);
    await rec.toEnd(ids);

    const runs = await Promise.all(ids.map((id) => h.as('viewer').migrations.get({ id })));
    const specs = new Map(runs.map((r) => [r.state.id, r.state.spec]));
    for (const run of runs) {
      expect(run.state.status).toBe('succeeded');
      expectSafeRun(run);
      expect(run.state.spec.path.map((l) => l.id)).toContain(WAN);
      expect(await hostOf(h, estateId, run.state.spec.vmId)).toBe(run.state.spec.toHost);
    }
    expect(expectFairShares(rec.ticks, specs, (_t, _l, free) => free)).toBeGreaterThan(0);
    // With all six copying, the WAN link (7.125 GB/s for 7.5 GB/s of caps) is the bottleneck: equal shares that fill it.
    const wanFree = specs.get(ids[0]!)!.path.find((l) => l.id === WAN)!.freeBytesPerSecond;
    const allSix = rec.ticks.find(
      (events) =>
        new Set(
          eventsOf(events, 'progress')
            .filter((p) => p.event.kind === 'pre-copy')
            .map((p) => p.migrationId),
        ).size === 6,
    );
    expect(allSix).toBeDefined();
    for (const p of eventsOf(allSix!, 'progress'))
      expect(p.event.bandwidthBytesPerSecond).toBeCloseTo(wanFree / 6, 0);
  });

  it('property: concurrent runs with random limits, aborts, stalls, collapses and host failures all end, each VM on one host as its outcome says, shares within capacity', async () => {
    const incident = fc.record({
      tick: fc.integer({ min: 0, max: 40 }),
      run: fc.nat(),
      kind: fc.constantFrom('abort', 'stuck', 'collapse', 'link-down', 'host-down', 'crash'),
      factor: fc.double({ min: 0.02, max: 0.9, noNaN: true }),
      clearAfter: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
    });
    const scenario = fc.record({
      moves: fc
        .shuffledSubarray(CANDIDATES, { minLength: 2, maxLength: 6 })
        .chain((vms) =>
          fc
            .shuffledSubarray(TARGETS, { minLength: vms.length, maxLength: vms.length })
            .map((hosts) => vms.map((vm, i) => ({ vm, host: hosts[i]! }))),
        ),
      limits: fc.record({
        perHost: fc.integer({ min: 1, max: 3 }),
        perSite: fc.integer({ min: 1, max: 8 }),
        perWanLink: fc.integer({ min: 1, max: 6 }),
        progressTimeoutSeconds: fc.integer({ min: 5, max: 60 }),
      }),
      incidents: fc.array(incident, { maxLength: 4 }),
    });

    await fc.assert(
      fc.asyncProperty(scenario, async ({ moves, limits, incidents }) => {
        const cfg = safetyWith(limits);
        const h = await start({ ...MANUAL_TICKS, safety: cfg });
        const estateId = await importEstate(h, demoEstateWith());
        const plans = [];
        for (const { vm, host } of moves)
          plans.push(await acceptMove(h, estateId, group({ kind: 'host', hostId: host }, vm)));
        const rec = recorder(h, db);
        await rec.begin();
        const ids = await executeAll(h, plans, 20);
        const specs = new Map(
          (await Promise.all(ids.map((id) => h.as('viewer').migrations.get({ id })))).map((r) => [
            r.state.id,
            r.state.spec,
          ]),
        );

        // Capacity factors in force from a tick on, until cleared (a link down is a factor of 0).
        const collapses: { from: number; to: number; linkId: string; factor: number }[] = [];
        const op = h.as('operator');
        const pending = [...incidents].sort((a, b) => a.tick - b.tick);
        const clears: { at: number; id: string; collapse?: (typeof collapses)[number] }[] = [];
        for (let t = 0; t < 3_000; t++) {
          for (const c of clears.filter((c) => c.at === t)) {
            await op.faults.clear({ id: c.id });
            if (c.collapse) c.collapse.to = rec.ticks.length;
          }
          while (pending[0] && pending[0].tick <= t) {
            const i = pending.shift()!;
            const id = ids[i.run % ids.length]!;
            const spec = specs.get(id)!;
            const at = rec.ticks.length;
            const injected = await (async () => {
              switch (i.kind) {
                case 'abort':
                  await op.migrations.abort({ id });
                  return null;
                case 'stuck':
                  return op.faults.inject({ fault: { kind: 'stuck-progress', migrationId: id } });
                case 'crash':
                  return op.faults.inject({ fault: { kind: 'executor-crash', migrationId: id } });
                case 'host-down':
                  return op.faults.inject({
                    estateId,
                    fault: { kind: 'host-down', hostId: spec.toHost },
                  });
                case 'link-down': {
                  const linkId = spec.path[i.run % spec.path.length]!.id;
                  const f = await op.faults.inject({
                    estateId,
                    fault: { kind: 'link-down', linkId },
                  });
                  const down = { from: at, to: Infinity, linkId, factor: 0 };
                  collapses.push(down);
                  if (i.clearAfter !== null)
                    clears.push({ at: t + i.clearAfter, id: f.id, collapse: down });
                  return null;
                }
                case 'collapse': {
                  const linkId = spec.path[i.run % spec.path.length]!.id;
                  const f = await op.faults.inject({
                    estateId,
                    fault: { kind: 'bandwidth-collapse', linkId, factor: i.factor },
                  });
                  const collapse = { from: at, to: Infinity, linkId, factor: i.factor };
                  collapses.push(collapse);
                  if (i.clearAfter !== null)
                    clears.push({ at: t + i.clearAfter, id: f.id, collapse });
                  return null;
                }
              }
            })().catch((err: unknown) => {
              // A run that has ended takes no more faults or aborts: that refusal is fine here.
              expect(['PRECONDITION_FAILED']).toContain((err as { code?: string }).code);
              return null;
            });
            if (injected && i.clearAfter !== null)
              clears.push({ at: t + i.clearAfter, id: injected.id });
          }
          await rec.tick();
          const rows = await db()
            .kysely.selectFrom('migrations')
            .select('status')
            .where('id', 'in', ids)
            .execute();
          if (rows.every((r) => isTerminal(r.status as 'queued'))) break;
        }

        const runs = await Promise.all(ids.map((id) => h.as('viewer').migrations.get({ id })));
        const { estate } = await h.as('viewer').estate.get({ id: estateId });
        for (const run of runs) {
          expect(isTerminal(run.state.status), `${run.state.id} ended`).toBe(true);
          expectSafeRun(run);
          const placed = estate.vms.filter((v) => v.id === run.state.spec.vmId);
          expect(placed).toHaveLength(1);
          expect(placed[0]!.hostId).toBe(run.state.vmOn);
          if (run.state.status === 'succeeded') expect(run.state.vmOn).toBe(run.state.spec.toHost);
          if (run.state.status === 'rolled-back')
            expect(run.state.vmOn).toBe(run.state.spec.fromHost);
        }
        expectLimitsHeld(runs, cfg);
        expectFairShares(rec.ticks, specs, (t, linkId, free) =>
          collapses
            .filter((c) => c.linkId === linkId && c.from <= t && t < c.to)
            .reduce((cap, c) => cap * c.factor, free),
        );
      }),
      { numRuns: 2 },
    );
    // Up to 3,000 ticks of two random scenarios: a minute on a quiet machine, more beside
    // the QEMU tests on two cores. Nothing here is timed; it only must not be cut short.
  }, 300_000);
});
