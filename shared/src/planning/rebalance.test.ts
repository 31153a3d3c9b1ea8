/**
 * The rebalancing advisor (R16). Worked by hand on the three-site estate
 * (three-sites.test-estate.ts): hosts of 64 vCPU and 512 GiB; x-ag, x-ov,
 * x-rn, x-vl (2 vCPU, 4 GiB each) on a.h1, y on c.h1, ov-mate on c.h2; a
 * host's load is its dominant share, here vCPU: 2 VMs = 4/64 = 0.0625.
 * Properties on the demo estate: every move admissible together, every
 * objective improved or left alone, never more moves than asked.
 */
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { createImpactEngine } from '../impact/engine.ts';
import { hostIn, threeSites } from '../impact/three-sites.test-estate.ts';
import { admitPlacement } from '../policy/admission.ts';
import {
  adviseRebalance,
  figureText,
  type RebalanceAdvice,
  type RebalanceRequest,
} from './rebalance.ts';

function advise(request: RebalanceRequest, estate = threeSites()): RebalanceAdvice {
  const r = adviseRebalance(createImpactEngine(estate), request);
  if (!r.ok) throw new Error(r.error.message);
  return r.advice;
}
const figure = (a: RebalanceAdvice, name: string) => {
  const f = a.figures.find((x) => x.name === name)!;
  return [f.before, f.after];
};

describe('balance', () => {
  it('moves two of a.h1’s four VMs to a.h2, and no third (it would only swap the load)', () => {
    // a.h1 0.125, a.h2 0: after one move 0.09375 / 0.03125, after two 0.0625 / 0.0625; a third
    // would leave a.h2 at 0.09375, above 0.0625.
    const a = advise({ objective: 'balance', siteId: 'a' });
    expect(a.moves).toEqual([
      { vmId: 'x-ag', fromHost: hostIn('a', 1), toHost: hostIn('a', 2) },
      { vmId: 'x-ov', fromHost: hostIn('a', 1), toHost: hostIn('a', 2) },
    ]);
    expect(figure(a, 'highest host load')).toEqual([0.125, 0.0625]);
    expect(figure(a, 'host load spread')).toEqual([0.125, 0]);
    expect(a.hosts).toEqual([
      { hostId: hostIn('a', 1), before: 0.125, after: 0.0625 },
      { hostId: hostIn('a', 2), before: 0, after: 0.0625 },
    ]);
  });

  it('stops at the number of moves asked for', () => {
    expect(advise({ objective: 'balance', siteId: 'a', maxMoves: 1 }).moves).toHaveLength(1);
  });
});

describe('consolidate', () => {
  it('empties c.h1 onto c.h2 (the least loaded first, ties by id) and lists it to power off', () => {
    const a = advise({ objective: 'consolidate' });
    expect(a.moves).toEqual([{ vmId: 'y', fromHost: hostIn('c', 1), toHost: hostIn('c', 2) }]);
    expect(a.freedHosts).toEqual([hostIn('c', 1)]);
    // a.h2 and b's hosts run nothing already; a.h1 has no busy host beside it to fill.
    expect(a.idleHosts).toEqual([hostIn('a', 2), hostIn('b', 1), hostIn('b', 2)]);
    expect(figure(a, 'hosts with VMs')).toEqual([3, 2]);
  });

  it('fills no host beyond its headroom: with 0.05, c.h2 (0.0625 with y) takes nothing', () => {
    const a = advise({ objective: 'consolidate', maxHostLoad: 0.05 });
    expect(a.moves).toEqual([]);
    expect(a.freedHosts).toEqual([]);
  });
});

describe('nearest', () => {
  it('brings y to the four VMs it talks to, then ov-mate to x-ov: the mean latency 6.84 → 0.011 ms', () => {
    // y's 4 × 100 Mbit/s cross a–c (25.03 ms): moving it saves 10,012 Mbit/s·ms, more than any
    // x-* would (x-ov 3,754). With y on a.h1, ov-mate's 50 Mbit/s to x-ov saves 1,251.5.
    const a = advise({ objective: 'nearest' });
    expect(a.moves).toEqual([
      { vmId: 'y', fromHost: hostIn('c', 1), toHost: hostIn('a', 1) },
      { vmId: 'ov-mate', fromHost: hostIn('c', 2), toHost: hostIn('a', 1) },
    ]);
    const [before, after] = figure(a, 'mean flow latency');
    expect(before).toBeCloseTo((450 * 25.03 + 1200 * 0.015) / 1650, 9);
    expect(after).toBeCloseTo((1200 * 0.015) / 1650, 9);
  });
});

describe('figures in words', () => {
  it('reads a share as a percentage, ms to three places, counts as they are', () => {
    expect(figureText(0.8125, 'share')).toBe('81.3 %');
    expect(figureText((450 * 25.03 + 1200 * 0.015) / 1650, 'ms')).toBe('6.837 ms');
    expect(figureText(182, 'hosts')).toBe('182');
  });
});

describe('requests', () => {
  it('are checked: a typed error for an unknown site or a bad objective', () => {
    const engine = createImpactEngine(threeSites());
    const err = (r: unknown) => {
      const x = adviseRebalance(engine, r);
      return x.ok ? 'ok' : `${x.error.code}: ${x.error.message}`;
    };
    expect(err({ objective: 'balance', siteId: 'z' })).toBe('unknown-site: no site "z"');
    expect(err({ objective: 'tidy' })).toMatch(/^invalid-request: objective/);
    expect(err({ objective: 'balance', maxMoves: 0 })).toMatch(/^invalid-request: maxMoves/);
  });
});

describe('the demo estate', () => {
  const estate = buildDemoEstate();
  const engine = createImpactEngine(estate, { lazyRouting: true });
  const FIGURE = {
    balance: 'highest host load',
    consolidate: 'hosts with VMs',
    nearest: 'mean flow latency',
  } as const;

  for (const objective of ['balance', 'consolidate', 'nearest'] as const)
    it(`${objective}: at most the moves asked for, admitted together, its figure lower`, () => {
      const r = adviseRebalance(engine, { objective, maxMoves: 12 });
      if (!r.ok) throw new Error(r.error.message);
      const a = r.advice;
      expect(a.moves.length).toBeGreaterThan(0);
      expect(a.moves.length).toBeLessThanOrEqual(12);
      const placement = new Map(a.moves.map((m) => [m.vmId, m.toHost]));
      expect(admitPlacement(engine.index, placement).reasons).toEqual([]);
      const [before, after] = figure(a, FIGURE[objective]);
      expect(after).toBeLessThan(before!);
      // Deterministic: the same estate gives the same advice.
      const again = adviseRebalance(engine, { objective, maxMoves: 12 });
      expect(again.ok && again.advice.moves).toEqual(a.moves);
    });
});
