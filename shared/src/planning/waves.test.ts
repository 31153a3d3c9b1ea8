/**
 * Waves of a many-VM move (R14, R16). Hand-worked on the three-site estate
 * (three-sites.test-estate.ts): draining site a sends x-ag, x-ov, x-rn, x-vl
 * (4 GiB each, all on a.h1) to c.h1 beside their peer y; no flow joins two of
 * them, so each is a group of its own. Host links are 25 Gbit/s, fabric and
 * WAN links 100 Gbit/s, the migration cap 1.25 GB/s (ENGINE_DEFAULTS).
 * Properties on the demo estate: no wave exceeds a concurrency limit or a link.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { admit, claimOf, type MigrationLimits } from '../execution/safety.ts';
import { createImpactEngine, type ImpactEngine } from '../impact/engine.ts';
import { hostIn, threeSites } from '../impact/three-sites.test-estate.ts';
import { pathLinks } from '../migration/path-links.ts';
import { proposeEvacuation } from './evacuate.ts';
import { flowGroups, planWaves, waveRunInput, type WaveMove, type WavePlan } from './waves.ts';

const toC1 = ['x-ag', 'x-ov', 'x-rn', 'x-vl'].map((vmId) => ({ vmId, toHost: hostIn('c', 1) }));

describe('waves on the three-site estate', () => {
  it('keeps two copies per wave (two per host: a.h1 and c.h1), the most WAN traffic per GiB first', () => {
    // Moving x-ov takes its 100 Mbit/s to y and 50 to ov-mate off the a–c link (−150 for 4 GiB);
    // each other VM takes 100 off for 4 GiB. So x-ov first, then by id: x-ag; then x-rn, x-vl.
    const plan = planWaves(createImpactEngine(threeSites()), toC1);
    expect(plan.waves.map((w) => w.vmIds)).toEqual([
      ['x-ov', 'x-ag'],
      ['x-rn', 'x-vl'],
    ]);
    expect(plan.waves.map((w) => [w.appWanMbpsDuring, w.appWanMbpsAfter])).toEqual([
      [450, 200],
      [200, 0],
    ]);
    expect(plan.waves.map((w) => w.gate)).toEqual(['auto', 'approval']);
    expect(plan).toMatchObject({ appWanMbpsBefore: 450, appWanMbpsAfter: 0, unplannable: [] });
  });

  it('gives each copy its fair share and adds the waves up', () => {
    // Two copies share a.h1's 25 Gbit/s uplink: 1.5625 GB/s each, above the 1.25 GB/s cap.
    const plan = planWaves(createImpactEngine(threeSites()), toC1);
    for (const w of plan.waves) {
      for (const c of w.copies) expect(c.bandwidthBytesPerSecond).toBe(1.25e9);
      // Both cross the a–c WAN link: 2 × 10,000 Mbit/s.
      expect(w.copyWanMbps).toBe(20_000);
      expect(w.durationSeconds).toBe(Math.max(...w.copies.map((c) => c.totalSeconds!)));
    }
    expect(plan.peakWanMbps).toBe(20_000 + 450);
    expect(plan.durationSeconds).toBeCloseTo(
      plan.waves[0]!.durationSeconds + plan.waves[1]!.durationSeconds,
      9,
    );
  });

  it('shares a narrow WAN link max-min fairly: 10 Gbit/s for two copies is 625 MB/s each', () => {
    const estate = threeSites();
    estate.wanLinks.find((w) => w.id === 'wan.a~c')!.capacityGbps = 10;
    const plan = planWaves(createImpactEngine(estate), toC1);
    for (const w of plan.waves) {
      for (const c of w.copies) expect(c.bandwidthBytesPerSecond).toBe(0.625e9);
      expect(w.copyWanMbps).toBe(10_000);
    }
  });

  it('puts VMs that talk in one group: a flow between two moving VMs joins them', () => {
    const estate = threeSites();
    estate.flows.push({
      id: 'f-pair',
      src: 'x-rn',
      dst: { kind: 'vm', vmId: 'x-vl' },
      rateMbps: 10,
    });
    const engine = createImpactEngine(estate);
    expect(flowGroups(engine, ['x-ag', 'x-ov', 'x-rn', 'x-vl'])).toEqual([
      ['x-ag'],
      ['x-ov'],
      ['x-rn', 'x-vl'],
    ]);
    // x-ov takes 150 Mbit/s off the WAN for its 4 GiB (37.5 per GiB); the pair 200 for 8 GiB
    // and x-ag 100 for 4 (25 per GiB each; the larger first). The pair does not fit beside
    // x-ov (two copies per host) and is not split: x-ag joins x-ov, the pair moves next.
    const plan = planWaves(engine, toC1);
    expect(plan.waves.map((w) => w.vmIds)).toEqual([
      ['x-ov', 'x-ag'],
      ['x-rn', 'x-vl'],
    ]);
    expect(plan.waves[1]!.groups).toEqual([['x-rn', 'x-vl']]);
  });

  it('lets one copy per wave go with a limit of one per host', () => {
    const plan = planWaves(createImpactEngine(threeSites()), toC1, {
      limits: { perHost: 1, perSite: 8, perWanLink: 4 },
      gate: 'auto',
    });
    expect(plan.waves.map((w) => w.vmIds)).toEqual([['x-ov'], ['x-ag'], ['x-rn'], ['x-vl']]);
    expect(plan.waves.every((w) => w.gate === 'auto')).toBe(true);
  });
});

describe('waves on the demo estate (properties)', () => {
  const estate = buildDemoEstate();
  const engine = createImpactEngine(estate, { lazyRouting: true });
  const drains = new Map(
    estate.sites.map((s) => {
      const r = proposeEvacuation(engine, { source: { kind: 'site', siteId: s.id } });
      if (!r.ok) throw new Error(r.error.message);
      return [s.id, r.proposal.moves.map((m) => ({ vmId: m.vmId, toHost: m.toHost }))];
    }),
  );

  function checkWaves(engine: ImpactEngine, moves: WaveMove[], limits: MigrationLimits) {
    const plan = planWaves(engine, moves, { limits });
    const all = plan.waves.flatMap((w) => w.vmIds);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set([...all, ...plan.unplannable.map((u) => u.vmId)])).toEqual(
      new Set(moves.map((m) => m.vmId)),
    );
    const target = new Map(moves.map((m) => [m.vmId, m.toHost]));
    for (const w of plan.waves) {
      const linkUse = new Map<string, number>();
      const free = new Map<string, number>();
      const claims = w.vmIds.map((id) => {
        const vm = engine.index.vms.get(id)!;
        const from = engine.index.devices.get(vm.hostId)!;
        const to = engine.index.devices.get(target.get(id)!)!;
        const path = engine.routing.hostPath(from.id, to.id, `migration:${id}`)!;
        const links = pathLinks(estate, path.links);
        const share = w.copies.find((c) => c.vmId === id)!.bandwidthBytesPerSecond;
        for (const l of links) {
          linkUse.set(l.id, (linkUse.get(l.id) ?? 0) + share);
          free.set(l.id, l.freeBytesPerSecond);
        }
        return {
          id,
          ...claimOf({
            fromHost: from.id,
            toHost: to.id,
            fromSite: from.siteId,
            toSite: to.siteId,
            path: links,
          }),
        };
      });
      // Never over a concurrency limit: every copy of a wave starts at once.
      if (claims.length > 1) expect(admit([], claims, limits)).toHaveLength(claims.length);
      // Never over a link: the shares on a link add up to at most its free capacity.
      for (const [id, used] of linkUse)
        expect(used).toBeLessThanOrEqual(free.get(id)! * (1 + 1e-9));
      if (w.vmIds.length > 1) for (const c of w.copies) expect(c.converges).toBe(true);
    }
  }

  const limitsArb = fc.record({
    perHost: fc.integer({ min: 1, max: 3 }),
    perSite: fc.integer({ min: 1, max: 10 }),
    perWanLink: fc.integer({ min: 1, max: 5 }),
  });

  it('never exceeds a concurrency limit or a link’s free capacity, and moves every VM once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...estate.sites.map((s) => s.id)),
        fc.integer({ min: 1, max: 40 }),
        limitsArb,
        (siteId, count, limits) => {
          checkWaves(engine, drains.get(siteId)!.slice(0, count), limits);
        },
      ),
      { numRuns: 25, seed: 17 },
    );
  });
});

describe('waveRunInput: a wave plan as a wave run takes it', () => {
  it('keeps the planned order, sends each VM to its host, opens wave 1 at once and gates the rest', () => {
    const plan = { waves: [{ vmIds: ['b', 'a'] }, { vmIds: ['c'] }, { vmIds: ['d'] }] };
    const moves = [
      { vmId: 'a', toHost: 'h1' },
      { vmId: 'b', toHost: 'h2' },
      { vmId: 'c', toHost: 'h3' },
      { vmId: 'd', toHost: 'h1' },
    ];
    const window = { opensAt: '2026-12-08T01:00:00+01:00', closesAt: '2026-12-08T03:00:00+01:00' };
    expect(waveRunInput(plan as Pick<WavePlan, 'waves'>, moves, 'approval', window)).toEqual([
      {
        moves: [
          { vmId: 'b', toHost: 'h2' },
          { vmId: 'a', toHost: 'h1' },
        ],
        gate: 'auto',
        window,
      },
      { moves: [{ vmId: 'c', toHost: 'h3' }], gate: 'approval', window },
      { moves: [{ vmId: 'd', toHost: 'h1' }], gate: 'approval', window },
    ]);
    expect(waveRunInput(plan as Pick<WavePlan, 'waves'>, moves, 'auto').map((w) => w.gate)).toEqual(
      ['auto', 'auto', 'auto'],
    );
  });
});
