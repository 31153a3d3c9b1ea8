// Max-min fair shares of concurrent migrations over many links (R14 timing, R19 robustness):
// progressive filling (Bertsekas & Gallager, Data Networks §6.5.2) checked against its
// definition: feasible, capped, and every run either at its cap or with a bottleneck link
// that is full and on which no run gets more than it does. On one link it is the water
// filling that docs/migration-model.md §1 states, which the first test writes out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fairShares, type BandwidthDemand } from './fair-share.ts';

/** Tolerance of a comparison of rates of order `scale`. */
const tol = (scale: number) => 1e-6 * Math.max(1, scale);

const linkIds = ['l0', 'l1', 'l2', 'l3', 'l4'];

/** Random small instances: up to 8 runs over up to 5 links, some links unlimited (missing from the map). */
const instanceArb = fc
  .record({
    capacities: fc.array(
      fc.option(
        fc.oneof(
          fc.constant(0),
          fc.integer({ min: 1, max: 100 }).map((x) => x * 1e8),
          fc.double({ min: 1, max: 1e10, noNaN: true }),
        ),
        { nil: undefined, freq: 5 },
      ),
      { minLength: linkIds.length, maxLength: linkIds.length },
    ),
    demands: fc.array(
      fc.record({
        cap: fc.oneof(
          fc.constant(0),
          fc.constant(1.25e9),
          fc.double({ min: 1, max: 1e10, noNaN: true }),
        ),
        links: fc.uniqueArray(fc.constantFrom(...linkIds), { maxLength: 4 }),
      }),
      { maxLength: 8 },
    ),
  })
  .map(({ capacities, demands }) => ({
    capacity: new Map(
      capacities.flatMap((c, i) => (c === undefined ? [] : [[linkIds[i]!, c] as const])),
    ),
    demands: demands.map((d, i): BandwidthDemand => ({ id: `m${i}`, ...d })),
  }));

function linkLoad(demands: readonly BandwidthDemand[], share: Map<string, number>) {
  const load = new Map<string, number>();
  for (const d of demands)
    for (const l of d.links) load.set(l, (load.get(l) ?? 0) + share.get(d.id)!);
  return load;
}

/**
 * docs/migration-model.md §1 as written: with caps c₁ ≤ … ≤ c_n in increasing
 * order, each gets min(c_k, F_left / (n − k + 1)), F_left being what the
 * smaller ones left.
 */
function waterFilling(free: number, caps: readonly number[]): number[] {
  const order = caps.map((_, i) => i).sort((a, b) => caps[a]! - caps[b]!);
  const shares = caps.map(() => 0);
  let left = free;
  order.forEach((i, k) => {
    shares[i] = Math.min(caps[i]!, left / (order.length - k));
    left -= shares[i];
  });
  return shares;
}

describe('fair shares on one link', () => {
  it('are the water filling of docs/migration-model.md §1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e11, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1e10, noNaN: true }), { maxLength: 12 }),
        (capacity, caps) => {
          const demands = caps.map((cap, i) => ({ id: `m${i}`, cap, links: ['wan'] }));
          const share = fairShares(demands, new Map([['wan', capacity]]));
          const expected = waterFilling(capacity, caps);
          demands.forEach((d, i) =>
            expect(Math.abs(share.get(d.id)! - expected[i]!)).toBeLessThanOrEqual(
              tol(Math.max(capacity, caps[i]!)),
            ),
          );
        },
      ),
    );
  });

  it('splits 10 Gbit/s evenly among three uncapped runs and gives a small cap its cap', () => {
    const C = 1.25e9;
    const even = fairShares(
      ['a', 'b', 'c'].map((id) => ({ id, cap: 1e12, links: ['x'] })),
      new Map([['x', C]]),
    );
    for (const id of ['a', 'b', 'c']) expect(even.get(id)).toBeCloseTo(C / 3, 3);
    const mixed = fairShares(
      [
        { id: 'small', cap: 1e8, links: ['x'] },
        { id: 'big1', cap: 1e12, links: ['x'] },
        { id: 'big2', cap: 1e12, links: ['x'] },
      ],
      new Map([['x', C]]),
    );
    expect(mixed.get('small')).toBeCloseTo(1e8, 3);
    expect(mixed.get('big1')).toBeCloseTo((C - 1e8) / 2, 3);
    expect(mixed.get('big2')).toBeCloseTo((C - 1e8) / 2, 3);
  });
});

describe('fair shares over many links', () => {
  it('solve the textbook example: a long run sharing two links with short ones', () => {
    // Link A (capacity 1) carries runs 0, 1, 2; link B (capacity 1) carries runs 0 and 3;
    // link C (capacity 10) carries run 3 and run 4. Max-min: 0, 1, 2 get 1/3 (A is their
    // bottleneck), 3 gets the rest of B, 2/3; 4 gets the rest of C.
    const share = fairShares(
      [
        { id: 'r0', cap: 100, links: ['A', 'B'] },
        { id: 'r1', cap: 100, links: ['A'] },
        { id: 'r2', cap: 100, links: ['A'] },
        { id: 'r3', cap: 100, links: ['B', 'C'] },
        { id: 'r4', cap: 100, links: ['C'] },
      ],
      new Map([
        ['A', 1],
        ['B', 1],
        ['C', 10],
      ]),
    );
    expect(share.get('r0')).toBeCloseTo(1 / 3, 9);
    expect(share.get('r1')).toBeCloseTo(1 / 3, 9);
    expect(share.get('r2')).toBeCloseTo(1 / 3, 9);
    expect(share.get('r3')).toBeCloseTo(2 / 3, 9);
    expect(share.get('r4')).toBeCloseTo(10 - 2 / 3, 9);
  });

  it('give a run on a link of capacity 0 nothing, and leave the others unaffected by it', () => {
    const share = fairShares(
      [
        { id: 'dead', cap: 1e9, links: ['fabric', 'wan-down'] },
        { id: 'alive', cap: 1e9, links: ['fabric'] },
      ],
      new Map([
        ['fabric', 1e9],
        ['wan-down', 0],
      ]),
    );
    expect(share.get('dead')).toBe(0);
    expect(share.get('alive')).toBeCloseTo(1e9, 3);
  });

  it('give a run its cap when its links are unlimited (not in the capacity map) or empty', () => {
    const share = fairShares(
      [
        { id: 'a', cap: 7e8, links: ['unknown'] },
        { id: 'b', cap: 3e8, links: [] },
        { id: 'c', cap: 0, links: ['x'] },
      ],
      new Map([['x', 1e9]]),
    );
    expect(share.get('a')).toBeCloseTo(7e8, 3);
    expect(share.get('b')).toBeCloseTo(3e8, 3);
    expect(share.get('c')).toBe(0);
  });

  it('return a share for every run and nothing else', () => {
    fc.assert(
      fc.property(instanceArb, ({ demands, capacity }) => {
        const share = fairShares(demands, capacity);
        expect([...share.keys()].sort()).toEqual(demands.map((d) => d.id).sort());
      }),
    );
  });

  it('never put a link over its capacity, nor a run over its cap, nor below 0', () => {
    fc.assert(
      fc.property(instanceArb, ({ demands, capacity }) => {
        const share = fairShares(demands, capacity);
        for (const d of demands) {
          const s = share.get(d.id)!;
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(d.cap + tol(d.cap));
          for (const l of d.links) if (capacity.get(l) === 0) expect(s).toBe(0);
        }
        for (const [l, load] of linkLoad(demands, share))
          if (capacity.has(l))
            expect(load).toBeLessThanOrEqual(capacity.get(l)! + tol(capacity.get(l)!));
      }),
    );
  });

  it('are max-min fair: each run is at its cap or has a full link where nobody gets more', () => {
    fc.assert(
      fc.property(instanceArb, ({ demands, capacity }) => {
        const share = fairShares(demands, capacity);
        const load = linkLoad(demands, share);
        for (const d of demands) {
          const s = share.get(d.id)!;
          const scale = Math.max(d.cap, ...d.links.map((l) => capacity.get(l) ?? 0));
          if (s >= d.cap - tol(scale)) continue;
          const bottleneck = d.links.some((l) => {
            if (!capacity.has(l)) return false;
            const full = load.get(l)! >= capacity.get(l)! - tol(scale);
            const largest = demands
              .filter((o) => o.links.includes(l))
              .every((o) => share.get(o.id)! <= s + tol(scale));
            return full && largest;
          });
          expect(bottleneck, `${d.id} (${s} of cap ${d.cap}) has no bottleneck`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('do not depend on the order the runs are listed in', () => {
    const withShuffle = instanceArb.chain((inst) =>
      fc
        .shuffledSubarray(inst.demands, {
          minLength: inst.demands.length,
          maxLength: inst.demands.length,
        })
        .map((shuffled) => ({ ...inst, shuffled })),
    );
    fc.assert(
      fc.property(withShuffle, ({ demands, shuffled, capacity }) => {
        const x = fairShares(demands, capacity);
        const y = fairShares(shuffled, capacity);
        for (const d of demands)
          expect(Math.abs(x.get(d.id)! - y.get(d.id)!)).toBeLessThanOrEqual(tol(d.cap));
      }),
    );
  });
});
