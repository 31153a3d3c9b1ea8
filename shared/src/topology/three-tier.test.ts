import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLeafSpine } from './leaf-spine.ts';
import { countByRole, degrees } from './test-helpers.ts';
import { buildThreeTier } from './three-tier.ts';

describe('three-tier', () => {
  const params = fc.record({
    cores: fc.integer({ min: 1, max: 4 }),
    aggregations: fc.integer({ min: 1, max: 4 }).map((p) => p * 2),
    accessPerAggregation: fc.integer({ min: 1, max: 4 }),
    hostsPerAccess: fc.integer({ min: 1, max: 12 }),
  });

  it('has the requested layers, access dual-homed, aggregation meshed to the cores', () => {
    fc.assert(
      fc.property(params, (p) => {
        const f = buildThreeTier('s', p);
        const c = countByRole(f);
        const access = p.aggregations * p.accessPerAggregation;
        expect(c.core).toBe(p.cores);
        expect(c.aggregation).toBe(p.aggregations);
        expect(c.access).toBe(access);
        expect(c.host).toBe(access * p.hostsPerAccess);
        const deg = degrees(f);
        for (const d of f.devices) {
          if (d.role === 'access') expect(deg.get(d.id)).toBe(p.hostsPerAccess + 2);
          if (d.role === 'aggregation')
            expect(deg.get(d.id)).toBe(p.cores + 2 * p.accessPerAggregation);
          if (d.role === 'core') expect(deg.get(d.id)).toBe(p.aggregations);
        }
      }),
    );
  });

  it('rejects an odd number of aggregation switches', () => {
    expect(() => buildThreeTier('s', { aggregations: 3 })).toThrow(/even/);
  });
});

describe('leaf-spine', () => {
  it('connects every leaf to every spine', () => {
    fc.assert(
      fc.property(
        fc.record({
          spines: fc.integer({ min: 1, max: 8 }),
          leaves: fc.integer({ min: 1, max: 16 }),
          hostsPerLeaf: fc.integer({ min: 1, max: 8 }),
        }),
        (p) => {
          const f = buildLeafSpine('s', p);
          const c = countByRole(f);
          expect(c.spine).toBe(p.spines);
          expect(c.leaf).toBe(p.leaves);
          expect(c.host).toBe(p.leaves * p.hostsPerLeaf);
          expect(f.links.length).toBe(p.spines * p.leaves + p.leaves * p.hostsPerLeaf);
          const deg = degrees(f);
          for (const d of f.devices) if (d.role === 'spine') expect(deg.get(d.id)).toBe(p.leaves);
        },
      ),
    );
  });
});
