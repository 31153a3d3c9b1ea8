/**
 * The rebalancing advisor (R16). Worked by hand on the three-site estate
 * (three-sites.test-estate.ts): hosts of 64 vCPU and 512 GiB; x-ag, x-ov,
 * x-rn, x-vl (2 vCPU, 4 GiB each) on a.h1, y on c.h1, ov-mate on c.h2; a
 * host's load is its dominant share, here vCPU: 2 VMs = 4/64 = 0.0625; a
 * site's the same over its two hosts: 2 VMs = 4/128 = 0.03125.
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
const MOVED_LATENCY = 'mean latency of the moved VMs’ flows';
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
  it('brings y to the four VMs it talks to, then ov-mate to x-ov: their flows 25.03 → 0 ms, off the WAN', () => {
    // y's 4 × 100 Mbit/s cross a–c (25.03 ms): moving it saves 10,012 Mbit/s·ms, more than any
    // x-* would (x-ov 3,754). With y on a.h1, ov-mate's 50 Mbit/s to x-ov saves 1,251.5.
    const a = advise({ objective: 'nearest' });
    expect(a.moves).toEqual([
      { vmId: 'y', fromHost: hostIn('c', 1), toHost: hostIn('a', 1) },
      { vmId: 'ov-mate', fromHost: hostIn('c', 2), toHost: hostIn('a', 1) },
    ]);
    // The moved VMs' flows: y's four and f-mate, all across a–c before, all on a.h1 after.
    const [before, after] = figure(a, MOVED_LATENCY);
    expect(before).toBeCloseTo(25.03, 9);
    expect(after).toBe(0);
    // Two 4 GiB VMs on shared disks, both to another site; 450 Mbit/s off the WAN.
    expect(a.cost).toEqual({
      moves: 2,
      crossSite: 2,
      memoryGiB: 8,
      diskGiB: 0,
      wanMbpsBefore: 450,
      wanMbpsAfter: 0,
    });
  });
});

describe('uniform (R16: the same load in every site)', () => {
  // Sites of two 64-vCPU, 512-GiB hosts: 128 vCPU each, and vCPU is every site's dominant share.
  // a runs the four x-* (8 vCPU): 0.0625; b nothing: 0; c y and ov-mate (4 vCPU): 0.03125.
  it('moves x-ov, then x-ag, from a to b, the least loaded: every site at 0.03125', () => {
    // To b, each x-*'s 100 Mbit/s to y (in c) runs b–c (20.03 ms) instead of a–c (25.03):
    // −500 Mbit/s·ms; x-ov's 50 to ov-mate too: −750, the cheapest. Then a 6/128, b 2/128:
    // b is still the least loaded, the x-* left cost −500 each, x-ag first by id. Then
    // a = b = c = 4/128 and no site is above another: no third move.
    const a = advise({ objective: 'uniform' });
    expect(a.moves).toEqual([
      { vmId: 'x-ov', fromHost: hostIn('a', 1), toHost: hostIn('b', 1) },
      // b.h2: as near its peers as b.h1, and more free memory once x-ov is on b.h1.
      { vmId: 'x-ag', fromHost: hostIn('a', 1), toHost: hostIn('b', 2) },
    ]);
    expect(figure(a, 'highest site load')).toEqual([0.0625, 0.03125]);
    expect(figure(a, 'site load spread')).toEqual([0.0625, 0]);
    // Their flows: to y 100 + 100 and f-mate 50 over the WAN before and after; 300 + 300 out
    // of the gateway (0.015 ms); the WAN legs 25.03 → 20.03 ms.
    const [before, after] = figure(a, MOVED_LATENCY);
    expect(before).toBeCloseTo((250 * 25.03 + 600 * 0.015) / 850, 9);
    expect(after).toBeCloseTo((250 * 20.03 + 600 * 0.015) / 850, 9);
    expect(a.cost).toEqual({
      moves: 2,
      crossSite: 2,
      memoryGiB: 8,
      diskGiB: 0,
      wanMbpsBefore: 250,
      wanMbpsAfter: 250,
    });
  });

  it('with a site, moves out of that site only: y leaves c for b, and a stays the highest', () => {
    // From c (0.03125) to b (0): y's 400 Mbit/s to the x-* run b–a (10.03 ms) instead of c–a
    // (25.03): −6,000, cheaper than ov-mate's −750. Then b = c = 2/128: nothing below c.
    const a = advise({ objective: 'uniform', siteId: 'c' });
    expect(a.moves).toEqual([{ vmId: 'y', fromHost: hostIn('c', 1), toHost: hostIn('b', 1) }]);
    expect(figure(a, 'highest site load')).toEqual([0.0625, 0.0625]);
    expect(figure(a, 'site load spread')).toEqual([0.0625, 0.046875]);
  });

  it('never widens the spread: a’s one VM would leave a below every site while b stays highest', () => {
    // c's hosts doubled (256 vCPU): c = 4/256 = 0.015625. a runs only big (32 vCPU): 0.25; b
    // the four x-* and bb (8 + 24): 0.25. big to c lowers the larger of a and c (c 36/256 =
    // 0.140625) but leaves a at 0, under c's 0.015625, with b at 0.25: the spread would go
    // 0.234375 → 0.25.
    const estate = threeSites();
    for (const d of estate.devices)
      if (d.role === 'host' && d.siteId === 'c' && d.capacity)
        d.capacity = { ...d.capacity, vcpu: 128 };
    const xov = estate.vms.find((v) => v.id === 'x-ov')!;
    for (const v of estate.vms) if (v.hostId === hostIn('a', 1)) v.hostId = hostIn('b', 1);
    const extra = (id: string, hostId: string, vcpu: number, n: number) => ({
      ...xov,
      id,
      name: id,
      hostId,
      vcpu,
      mac: `02:00:00:00:01:0${n}`,
      ipv4: `10.1.0.2${n}`,
      ipv6: `2001:db8:1::2${n}`,
    });
    estate.vms.push(extra('big', hostIn('a', 1), 32, 1), extra('bb', hostIn('b', 2), 24, 2));
    const a = advise({ objective: 'uniform', siteId: 'a' }, estate);
    expect(figure(a, 'site load spread')).toEqual([0.234375, 0.234375]);
    expect(a.moves).toEqual([]);
  });

  it('moves nothing from the least loaded site, nor past the number asked', () => {
    expect(advise({ objective: 'uniform', siteId: 'b' }).moves).toEqual([]);
    expect(advise({ objective: 'uniform', maxMoves: 1 }).moves).toHaveLength(1);
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
    expect(err({ objective: 'uniform', siteId: 'z' })).toBe('unknown-site: no site "z"');
    expect(err({ objective: 'uniform', maxMoves: 1.5 })).toMatch(/^invalid-request: maxMoves/);
  });
});

describe('the demo estate', () => {
  const estate = buildDemoEstate();
  const engine = createImpactEngine(estate, { lazyRouting: true });
  const FIGURE = {
    balance: 'highest host load',
    consolidate: 'hosts with VMs',
    nearest: MOVED_LATENCY,
    uniform: 'highest site load',
  } as const;

  for (const objective of ['balance', 'consolidate', 'nearest', 'uniform'] as const)
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
      if (objective === 'uniform') {
        const [spreadBefore, spreadAfter] = figure(a, 'site load spread');
        expect(spreadAfter).toBeLessThanOrEqual(spreadBefore!);
        expect(a.cost.crossSite).toBe(a.moves.length);
      }
      // Deterministic: the same estate gives the same advice.
      const again = adviseRebalance(engine, { objective, maxMoves: 12 });
      expect(again.ok && again.advice.moves).toEqual(a.moves);
    });
});
