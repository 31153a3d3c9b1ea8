// The preview's bandwidth is the executor's (R14): a group accepted as a plan is previewed in the
// waves the supervisor admits it in, under this instance's concurrency limits, and every progress
// event a run records while it copies carries the share the plan's report gave that VM. Expected
// figures by hand from docs/migration-model.md §1: six VMs from fra1 to one ams1 host whose
// 25 Gbps host link is half busy, 3.125e9 × 0.5 = 1.5625e9 bytes/s free, the tightest link of
// every path (the WAN link has 7.125e9 free; the cap is 1.25e9 bytes/s).
import { createImpactEngine, previewMove, type Estate, type SafetyConfig } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useTestDb } from '../backends.ts';
import {
  acceptMove,
  demoEstateWith,
  eventsOf,
  executePlan,
  expectSafeRun,
  importEstate,
  MANUAL_TICKS,
  safetyWith,
  tickToEnd,
  useExecution,
} from './harness.ts';

const T = 'ams1.p0-e0-h2';
const T_LINK = 'ams1.p0-e0-h2~ams1.p0-edge-0';
/** acme-web VMs in fra1, each on a host of its own. */
const SIX = [
  'acme-web-web-01',
  'acme-web-web-21',
  'acme-web-web-57',
  'acme-web-app-13',
  'acme-web-web-17',
  'acme-web-cache-49',
];
const PRE_SWITCHOVER = new Set(['reserve', 'prepare-network', 'pre-copy', 'stop-and-copy']);

/**
 * The six alike (16 GiB, 10 MiB/s dirtied, shared disk), so the runs of a wave copy in step and
 * none copies alone while its partner has switched over; 16 GiB at 7.8e8 B/s is some 22
 * simulated seconds, many ticks at timeScale 10, so each run records progress while it copies.
 * T's host link is half busy.
 */
function halfBusyTarget(): Estate {
  const alike = { memoryGiB: 16, dirtyRateMiBps: 10 };
  const estate = demoEstateWith(Object.fromEntries(SIX.map((id) => [id, alike])));
  return {
    ...estate,
    links: estate.links.map((l) => (l.id === T_LINK ? { ...l, utilisation: 0.5 } : l)),
  };
}

describe.each(BACKENDS)('bandwidth, preview against executor, on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  async function runSix(safety: SafetyConfig) {
    const h = await start({ ...MANUAL_TICKS, safety });
    const estate = halfBusyTarget();
    const estateId = await importEstate(h, estate);
    const request = { vmIds: SIX, target: { kind: 'host', hostId: T }, strategy: 'best' };
    const plan = await acceptMove(h, estateId, request);
    const ids = await executePlan(h, plan.id, 10);
    const runs = await tickToEnd(h, ids);
    for (const run of runs) {
      expectSafeRun(run);
      expect(run.state.status).toBe('succeeded');
    }
    return { estate, request, plan, runs };
  }

  /** Each run's bandwidth while it copied, every sample of it, against its VM's figure in the plan. */
  function expectRecordedShares(
    runs: Awaited<ReturnType<typeof runSix>>['runs'],
    planned: ReadonlyMap<string, number>,
  ) {
    for (const run of runs) {
      const copying = eventsOf(run.events, 'progress').filter((p) =>
        PRE_SWITCHOVER.has(p.event.kind),
      );
      expect(copying.length, `${run.state.spec.vmId} recorded its copy`).toBeGreaterThan(0);
      for (const p of copying)
        expect(p.event.bandwidthBytesPerSecond).toBeCloseTo(planned.get(run.state.spec.vmId)!, 0);
    }
  }

  it('with the default limits (2 per host) the plan gives each VM half the host link, and every run copies at it', async () => {
    const { estate, request, plan, runs } = await runSix(safetyWith({}));
    const ms = plan.report.migrations;
    expect(ms.map((m) => m.wave)).toEqual([1, 1, 2, 2, 3, 3]);
    // 1.5625e9 / 2 = 7.8125e8 B/s each.
    for (const m of ms) expect(m).toMatchObject({ bandwidthBytesPerSecond: 7.8125e8, sharers: 2 });
    // The browser's preview (the engine's default limits) says the same.
    const local = previewMove(createImpactEngine(estate), request);
    expect(local.ok && local.report.migrations).toEqual(ms);
    expectRecordedShares(runs, new Map(ms.map((m) => [m.vmId, m.bandwidthBytesPerSecond])));
  });

  it('with MIGRATION_LIMIT_PER_HOST 3 the plan and the runs share the host link three ways', async () => {
    const { plan, runs } = await runSix(safetyWith({ perHost: 3 }));
    const ms = plan.report.migrations;
    expect(ms.map((m) => m.wave)).toEqual([1, 1, 1, 2, 2, 2]);
    // 1.5625e9 / 3 = 5.2083e8 B/s each.
    for (const m of ms) {
      expect(m.bandwidthBytesPerSecond).toBeCloseTo(1.5625e9 / 3, 3);
      expect(m.sharers).toBe(3);
    }
    expectRecordedShares(runs, new Map(ms.map((m) => [m.vmId, m.bandwidthBytesPerSecond])));
  });
});
