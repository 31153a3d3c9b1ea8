// Migration bandwidth (R14): QEMU's cap, the free capacity F = C · (1 − u) of the path's least
// free link, and max-min fair shares among migrations copying at once. Expected figures are
// worked out by hand from docs/migration-model.md §1 (decimal Gbps: 1 Gbps = 1.25e8 bytes/s).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  linkFreeBytesPerSecond,
  MIGRATION_BANDWIDTH_DEFAULTS,
  migrationBandwidth,
  migrationBandwidths,
} from './bandwidth.ts';

const MiB = 2 ** 20;

/** n migrations with cap `cap`, each on a host link of its own (idle 100 Gbps) and all on link `x`. */
function onOneLink(n: number, cap: number, free: number) {
  const demands = Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    cap,
    links: [`h${i}`, 'x'],
  }));
  const capacity = new Map([['x', free], ...demands.map((d) => [d.links[0]!, 1.25e10] as const)]);
  return migrationBandwidths(demands, capacity);
}

describe('a link’s free capacity', () => {
  it('is C · (1 − u) in bytes/s, with decimal Gbps', () => {
    // 10 Gbps = 1.25e9 bytes/s; at 90 % busy, a tenth of it is free.
    expect(linkFreeBytesPerSecond({ capacityGbps: 10, utilisation: 0.9 })).toBeCloseTo(1.25e8, 3);
    // 25 Gbps idle: 3.125e9 bytes/s.
    expect(linkFreeBytesPerSecond({ capacityGbps: 25, utilisation: 0 })).toBe(3.125e9);
  });
});

describe('a migration alone on its path', () => {
  it("gets QEMU's max-bandwidth, 128 MiB/s, when no link limits it", () => {
    expect(MIGRATION_BANDWIDTH_DEFAULTS.maxBandwidthBytesPerSecond).toBe(128 * MiB);
    expect(migrationBandwidth()).toEqual({
      bytesPerSecond: 128 * MiB,
      limitedBy: 'max-bandwidth',
      maxBandwidthBytesPerSecond: 128 * MiB,
      pathFreeBytesPerSecond: null,
      sharers: 1,
    });
  });

  it('gets the whole free capacity F of its path when F is below its cap', () => {
    // Host link 25 Gbps idle (3.125e9 B/s), WAN link 10 Gbps at 90 % (1.25e8 B/s); cap 1.25e9 B/s.
    const bw = migrationBandwidth({
      maxBandwidthBytesPerSecond: 1.25e9,
      pathFreeBytesPerSecond: [
        linkFreeBytesPerSecond({ capacityGbps: 25, utilisation: 0 }),
        linkFreeBytesPerSecond({ capacityGbps: 10, utilisation: 0.9 }),
      ],
    });
    expect(bw.bytesPerSecond).toBeCloseTo(1.25e8, 3);
    expect(bw.pathFreeBytesPerSecond).toBeCloseTo(1.25e8, 3);
    expect(bw.limitedBy).toBe('path');
    expect(bw.sharers).toBe(1);
  });

  it('is bounded by the least free link, not the most utilised one', () => {
    // An idle 25 Gbps host link (3.125e9 B/s free) is tighter than a 100 Gbps WAN link at 30 %
    // (8.75e9 B/s free): with a 4e9 B/s cap the share is 3.125e9, not min(4e9, 8.75e9) = 4e9.
    const bw = migrationBandwidth({
      maxBandwidthBytesPerSecond: 4e9,
      pathFreeBytesPerSecond: [
        linkFreeBytesPerSecond({ capacityGbps: 25, utilisation: 0 }),
        linkFreeBytesPerSecond({ capacityGbps: 100, utilisation: 0.3 }),
      ],
    });
    expect(bw.bytesPerSecond).toBe(3.125e9);
    expect(bw.pathFreeBytesPerSecond).toBe(3.125e9);
    expect(bw.limitedBy).toBe('path');
  });

  it('gets its cap when the path has more free capacity', () => {
    const bw = migrationBandwidth({
      maxBandwidthBytesPerSecond: 1e9,
      pathFreeBytesPerSecond: [2e9],
    });
    expect(bw).toMatchObject({ bytesPerSecond: 1e9, limitedBy: 'max-bandwidth', sharers: 1 });
  });

  it('equals min(cap, F) for any path', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 }),
        fc.array(fc.double({ min: 0, max: 1e11, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (capMiB, free) => {
          const bw = migrationBandwidth({
            maxBandwidthBytesPerSecond: capMiB * MiB,
            pathFreeBytesPerSecond: free,
          });
          expect(bw.bytesPerSecond).toBe(Math.min(capMiB * MiB, ...free));
        },
      ),
    );
  });
});

describe('migrations copying at once', () => {
  it('with one cap on one bottleneck each get min(c, F / n)', () => {
    // F = 25 Gbps at 20 % = 2.5e9 B/s. Four with cap 4e9: 2.5e9 / 4 = 6.25e8 each.
    const four = onOneLink(4, 4e9, linkFreeBytesPerSecond({ capacityGbps: 25, utilisation: 0.2 }));
    for (const bw of four.values()) {
      expect(bw.bytesPerSecond).toBeCloseTo(6.25e8, 3);
      expect(bw).toMatchObject({ limitedBy: 'path', sharers: 4 });
      expect(bw.pathFreeBytesPerSecond).toBeCloseTo(2.5e9, 3);
    }
    // Ten with QEMU's 128 MiB/s: 2.5e9 / 10 = 2.5e8 > 134,217,728, so the cap binds.
    const ten = onOneLink(10, 128 * MiB, 2.5e9);
    for (const bw of ten.values())
      expect(bw).toMatchObject({ bytesPerSecond: 128 * MiB, limitedBy: 'max-bandwidth' });
  });

  it('with unequal caps get the water filling of docs/migration-model.md §1', () => {
    // F = 1000; caps 100 ≤ 200 ≤ 2000 ≤ 5000: 100 gets min(100, 1000/4) = 100; 200 gets
    // min(200, 900/3) = 200; the other two min(2000, 700/2) = 350 and min(5000, 350/1) = 350.
    const caps = { a: 100, b: 2000, c: 200, d: 5000 };
    const demands = Object.entries(caps).map(([id, cap]) => ({ id, cap, links: ['x'] }));
    const bw = migrationBandwidths(demands, new Map([['x', 1000]]));
    expect(bw.get('a')).toMatchObject({ bytesPerSecond: 100, limitedBy: 'max-bandwidth' });
    expect(bw.get('c')).toMatchObject({ bytesPerSecond: 200, limitedBy: 'max-bandwidth' });
    expect(bw.get('b')!.bytesPerSecond).toBeCloseTo(350, 9);
    expect(bw.get('d')!.bytesPerSecond).toBeCloseTo(350, 9);
    expect(bw.get('b')!.limitedBy).toBe('path');
  });

  it('count as sharers only the migrations that cross a link of its path', () => {
    const bw = migrationBandwidths(
      [
        { id: 'a', cap: 1e9, links: ['h1', 'wan'] },
        { id: 'b', cap: 1e9, links: ['h2', 'wan'] },
        { id: 'c', cap: 1e9, links: ['h3'] },
      ],
      new Map([
        ['h1', 1e10],
        ['h2', 1e10],
        ['h3', 1e10],
        ['wan', 1e9],
      ]),
    );
    // a and b split the WAN's 1e9; c crosses nothing of theirs and gets its cap.
    expect(bw.get('a')).toMatchObject({ sharers: 2, bytesPerSecond: 5e8 });
    expect(bw.get('b')).toMatchObject({ sharers: 2, bytesPerSecond: 5e8 });
    expect(bw.get('c')).toMatchObject({ sharers: 1, bytesPerSecond: 1e9 });
  });

  it('equal min(cap, F / n) on one bottleneck for any F, cap and n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 40 }),
        (gbps, u, capMiB, n) => {
          const free = (gbps * 1e9 * (1 - u)) / 8;
          for (const bw of onOneLink(n, capMiB * MiB, free).values())
            expect(bw.bytesPerSecond).toBeCloseTo(Math.min(capMiB * MiB, free / n), 0);
        },
      ),
    );
  });

  it('rejects negative or non-finite figures with a RangeError', () => {
    expect(() => migrationBandwidth({ maxBandwidthBytesPerSecond: -1 })).toThrow(RangeError);
    expect(() => migrationBandwidth({ maxBandwidthBytesPerSecond: Infinity })).toThrow(RangeError);
    expect(() => migrationBandwidth({ pathFreeBytesPerSecond: [1e9, NaN] })).toThrow(RangeError);
    expect(() =>
      migrationBandwidths([{ id: 'a', cap: 1, links: ['x'] }], new Map([['x', -1]])),
    ).toThrow(RangeError);
  });
});
