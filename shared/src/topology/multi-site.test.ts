import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countComponents } from '../graph/components.ts';
import { parseEstate } from '../model/estate-file.ts';
import type { GeneratedTopologyKind } from '../model/site.ts';
import {
  buildMultiSiteEstate,
  buildSingleSiteEstate,
  greatCircleKm,
  type SiteSpec,
} from './multi-site.ts';

const kinds: { kind: GeneratedTopologyKind; params: fc.Arbitrary<Record<string, number>> }[] = [
  { kind: 'fat-tree', params: fc.integer({ min: 1, max: 4 }).map((h) => ({ k: h * 2 })) },
  {
    kind: 'bcube',
    params: fc.record({ n: fc.integer({ min: 2, max: 4 }), k: fc.integer({ min: 0, max: 2 }) }),
  },
  {
    kind: 'leaf-spine',
    params: fc.record({
      spines: fc.integer({ min: 1, max: 4 }),
      leaves: fc.integer({ min: 1, max: 6 }),
    }),
  },
  {
    kind: 'three-tier',
    params: fc.record({
      cores: fc.integer({ min: 1, max: 3 }),
      hostsPerAccess: fc.integer({ min: 1, max: 4 }),
    }),
  },
];
const siteArb = fc.oneof(
  ...kinds.map(({ kind, params }) => params.map((p) => ({ kind, params: p }))),
);
const stackArb = fc.constantFrom('ipv4' as const, 'ipv6' as const, 'dual' as const);

function spec(
  topologies: { kind: GeneratedTopologyKind; params: Record<string, number> }[],
  stacks: ('ipv4' | 'ipv6' | 'dual')[],
  wan: 'mesh' | 'ring',
) {
  const sites: SiteSpec[] = topologies.map((t, i) => ({
    id: `dc${i}`,
    name: `DC ${i}`,
    ownership: i % 2 ? 'public' : 'private',
    region: `r${i}`,
    location: { lat: i * 10 - 40, lon: i * 30 - 90 },
    topology: t,
    gateway: { stack: stacks[i % stacks.length]! },
  }));
  return { id: 'e', name: 'E', sites, wan };
}

describe('multi-site builder', () => {
  it('builds valid, connected estates for any mix of kinds, stacks and WAN shapes', () => {
    fc.assert(
      fc.property(
        fc.array(siteArb, { minLength: 1, maxLength: 5 }),
        fc.array(stackArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('mesh' as const, 'ring' as const),
        (topologies, stacks, wan) => {
          const estate = buildMultiSiteEstate(spec(topologies, stacks, wan));
          const parsed = parseEstate(JSON.parse(JSON.stringify(estate)));
          expect(parsed.ok ? [] : parsed.issues).toEqual([]);
          expect(countComponents(estate)).toBe(1);
          const n = topologies.length;
          const expectedWan = wan === 'mesh' ? (n * (n - 1)) / 2 : n > 2 ? n : n - 1;
          expect(estate.wanLinks).toHaveLength(expectedWan);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives IPv4-only, IPv6-only and dual-stack gateways the addresses of their stack (R12)', () => {
    const e = buildMultiSiteEstate(
      spec(
        [
          { kind: 'fat-tree', params: { k: 2 } },
          { kind: 'fat-tree', params: { k: 2 } },
          { kind: 'fat-tree', params: { k: 2 } },
        ],
        ['ipv4', 'ipv6', 'dual'],
        'mesh',
      ),
    );
    const gws = e.devices.filter((d) => d.role === 'gateway');
    expect(gws.map((g) => [g.stack, Boolean(g.ipv4), Boolean(g.ipv6)])).toEqual([
      ['ipv4', true, false],
      ['ipv6', false, true],
      ['dual', true, true],
    ]);
  });

  it('is deterministic: the same parameters give the same estate', () => {
    fc.assert(
      fc.property(fc.array(siteArb, { minLength: 1, maxLength: 3 }), (topologies) => {
        const s = spec(topologies, ['dual'], 'ring');
        expect(buildMultiSiteEstate(s)).toEqual(buildMultiSiteEstate(s));
      }),
      { numRuns: 20 },
    );
  });

  it('derives WAN latency from distance: Frankfurt to Singapore is slower than Frankfurt to Amsterdam', () => {
    const fra = { lat: 50.11, lon: 8.68 };
    expect(greatCircleKm(fra, { lat: 52.37, lon: 4.9 })).toBeGreaterThan(350);
    expect(greatCircleKm(fra, { lat: 52.37, lon: 4.9 })).toBeLessThan(400);
    expect(greatCircleKm(fra, { lat: 1.35, lon: 103.82 })).toBeGreaterThan(10_000);
  });

  it("generates a lone site with no gateway, so the fabric counts are the paper's", () => {
    const e = buildSingleSiteEstate('fat-tree', { k: 4 });
    expect(e.devices.filter((d) => d.role === 'gateway')).toHaveLength(0);
    expect(e.links).toHaveLength(48);
    expect(countComponents(e)).toBe(1);
  });

  it('rejects an unknown generator parameter', () => {
    expect(() => buildSingleSiteEstate('fat-tree', { n: 4 })).toThrow(/no parameter "n"/);
  });
});
