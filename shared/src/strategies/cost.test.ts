// The strategy cost as its parts (docs/strategies.md): anyone can add the parts up again and
// pick `best` from them.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { createImpactEngine } from '../impact/engine.ts';
import { previewMove } from '../impact/preview.ts';
import { costOfParts, strategyCostParts, STRATEGY_COST_WEIGHTS } from './cost.ts';

describe('strategyCostParts', () => {
  it('points are weight × value with the documented weights, latency taken away earns nothing', () => {
    const parts = strategyCostParts({
      interruptionMs: 250,
      addedLatencyOutMs: 2,
      addedLatencyInMs: -3,
      renumberedVms: 1,
      tunnelsAdded: 12,
      tableEntries: 340,
    });
    expect(parts.map((p) => [p.part, p.value, p.unit, p.points])).toEqual([
      ['interruption', 250, 'ms', 25],
      ['added-latency-out', 2, 'ms', 10],
      ['added-latency-in', -3, 'ms', 0],
      ['renumbered', 1, 'VMs', 100],
      ['tunnels', 12, 'tunnels', 1.2],
      ['table-entries', 340, 'entries', 3.4],
    ]);
    expect(costOfParts(parts)).toBe(25 + 10 + 0 + 100 + 1.2 + 3.4);
    expect(STRATEGY_COST_WEIGHTS.addedLatencyOut).toBe(STRATEGY_COST_WEIGHTS.addedLatencyIn);
  });
});

describe('best is reproducible from the parts the comparison shows', () => {
  const estate = buildDemoEstate();
  const engine = createImpactEngine(estate);
  const sample = estate.vms.filter((_, i) => i % 16 === 0);
  const sites = estate.sites.map((s) => s.id);

  it('for a sample of demo moves: cost = Σ points, and the chosen strategy is the cheapest feasible one', () => {
    let compared = 0;
    for (const vm of sample)
      for (const siteId of sites) {
        const r = previewMove(engine, {
          vmIds: [vm.id],
          target: { kind: 'site', siteId },
          strategy: 'all',
        });
        if (!r.ok) continue;
        const applicable = r.report.comparison.filter((c) => c.applicable);
        for (const c of applicable) {
          const sum = c.costParts.reduce((t, p) => t + p.points, 0);
          expect(c.cost).toBeCloseTo(sum, 2);
          for (const p of c.costParts)
            expect(p.points).toBeCloseTo(Math.max(0, p.value) * p.weight, 1);
        }
        const feasible = applicable.filter((c) => c.feasible);
        const pool = feasible.length ? feasible : applicable;
        if (pool.length === 0) continue;
        // Lowest cost; ties go to the earlier strategy in the registry (the comparison's order).
        const cheapest = pool.reduce((a, b) => (b.cost! < a.cost! ? b : a));
        expect(r.report.strategy).toBe(cheapest.strategy);
        compared++;
      }
    expect(compared).toBeGreaterThan(50);
  });
});
