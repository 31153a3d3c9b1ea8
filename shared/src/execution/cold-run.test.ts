/**
 * A cold move's plan (R15) run by the simulated executor: x-ov goes from a.h1
 * (Cascade Lake) to b.h1 (EPYC Milan) cold, at the 1.25e9 bytes/s the preview
 * gave it. The run shuts the VM down (10 s), copies its 100 GiB disk (85.9 s),
 * boots it (30 s), then switches the network; it sends the disk and no memory,
 * and its downtime at the switchover is the preview's, 125,899.35 ms.
 */
import { describe, expect, it } from 'vitest';
import { createImpactEngine } from '../impact/engine.ts';
import { platformEstate } from '../impact/platforms.test-estate.ts';
import { previewMove } from '../impact/preview.ts';
import { hostIn } from '../impact/three-sites.test-estate.ts';
import { expectValidOrder, ofType, succeeded } from './simulate-test-helpers.ts';
import { specsOfReport } from './spec.ts';
import { advanceSim, initialSimState } from './simulate.ts';
import { runToEnd } from './test-helpers.ts';

const engine = createImpactEngine(platformEstate());
const result = previewMove(engine, {
  vmIds: ['x-ov'],
  target: { kind: 'host', hostId: hostIn('b', 1) },
  mode: 'cold',
});
if (!result.ok) throw new Error(result.error.message);
const { report } = result;
const built = specsOfReport(report, engine, {
  planId: 'p',
  estateVersion: 1,
  executor: 'simulated',
  timeScale: 1,
});
if (!built.ok) throw new Error(built.message);
const spec = built.specs[0]!;

describe('a cold run (R15)', () => {
  it('is not live, and walks shutdown, disk copy, boot, then the network switch', () => {
    expect(spec.live).toBe(false);
    expect(spec.steps.map((s) => s.kind)).toEqual([
      'reserve',
      'prepare-network',
      'shutdown',
      'storage-copy',
      'boot',
      'switch-network',
      'activate',
      'confirm',
      'decommission',
    ]);
  });

  it('is down for the preview’s figure and sends only the disk', () => {
    const run = runToEnd(spec, 1.25e9, 1000);
    expect(run.result.kind).toBe('succeeded');
    expectValidOrder(spec, run.events);
    expect(ofType(run.events, 'round-completed')).toHaveLength(0);
    const down = 10_000 + (100 * 2 ** 30 * 1000) / 1.25e9 + 30_000;
    expect(ofType(run.events, 'switched-over')[0]!.downtimeMs).toBeCloseTo(down, 3);
    expect(report.migrations[0]!.downtimeMs).toBeCloseTo(down, 3);
    const done = succeeded(run.events);
    expect(done.downtimeMs).toBeCloseTo(down, 3);
    expect(done.transferredBytes).toBeCloseTo(100 * 2 ** 30, 0);
    expect(done.totalMs).toBeCloseTo(
      spec.steps.reduce((t, s) => t + s.expectedMs, 0),
      3,
    );
  });

  it('counts a stalled disk copy as downtime: the VM is off meanwhile', () => {
    let sim = initialSimState(spec);
    // Through reserve and prepare-network (150 ms) and the shutdown (10 s), then 5 s stuck.
    sim = advanceSim(spec, sim, {
      dtMs: 10_150,
      bandwidthBytesPerSecond: 1.25e9,
      stuck: false,
    }).sim;
    expect(sim.downtimeMs).toBeCloseTo(10_000, 6);
    sim = advanceSim(spec, sim, { dtMs: 5_000, bandwidthBytesPerSecond: 0, stuck: false }).sim;
    expect(sim.downtimeMs).toBeCloseTo(15_000, 6);
  });
});
