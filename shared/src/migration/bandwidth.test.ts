// Migration bandwidth: QEMU's cap, the bottleneck's free capacity, max-min fair sharing (R14).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gbpsToBytesPerSecond,
  maxMinFairShare,
  MIGRATION_BANDWIDTH_DEFAULTS,
  migrationBandwidth,
} from './bandwidth.ts';

const MiB = 2 ** 20;

describe('migration bandwidth', () => {
  it("defaults to QEMU's max-bandwidth, 128 MiB/s, when no link limits it", () => {
    expect(MIGRATION_BANDWIDTH_DEFAULTS.maxBandwidthBytesPerSecond).toBe(128 * MiB);
    expect(migrationBandwidth()).toEqual({
      bytesPerSecond: 128 * MiB,
      limitedBy: 'max-bandwidth',
      maxBandwidthBytesPerSecond: 128 * MiB,
      pathFreeBytesPerSecond: null,
      sharers: 1,
    });
  });

  it('is bounded by the free capacity of the bottleneck, capacity × (1 − utilisation)', () => {
    const bw = migrationBandwidth({
      maxBandwidthBytesPerSecond: 10 * 2 ** 30,
      bottleneck: { capacityGbps: 10, utilisation: 0.6 },
    });
    expect(bw.pathFreeBytesPerSecond).toBeCloseTo(0.5e9, 3);
    expect(bw.bytesPerSecond).toBeCloseTo(0.5e9, 3);
    expect(bw.limitedBy).toBe('path');
  });

  it('shares the free capacity evenly among concurrent migrations with one cap', () => {
    const bottleneck = { capacityGbps: 25, utilisation: 0.2 };
    const free = gbpsToBytesPerSecond(25) * 0.8;
    const four = migrationBandwidth({ maxBandwidthBytesPerSecond: 4e9, bottleneck, concurrent: 3 });
    expect(four.sharers).toBe(4);
    expect(four.bytesPerSecond).toBeCloseTo(free / 4, 3);
    // Ten such migrations each get 200 MB/s of the path, above QEMU's 128 MiB/s cap: the cap binds.
    const capped = migrationBandwidth({ bottleneck, concurrent: 9 });
    expect(capped.bytesPerSecond).toBe(128 * MiB);
    expect(capped.limitedBy).toBe('max-bandwidth');
  });

  it('gives migrations capped below an even share their cap and the rest to the others', () => {
    // 1000 to share; caps 100 and 200 are met, the two uncapped ones split the remaining 700.
    expect(maxMinFairShare(1000, [100, 2000, 200, 5000])).toEqual([100, 350, 200, 350]);
    const bw = migrationBandwidth({
      maxBandwidthBytesPerSecond: 1e9,
      bottleneck: { capacityGbps: 8, utilisation: 0 },
      concurrent: [1e8, 2e8],
    });
    expect(bw.bytesPerSecond).toBeCloseTo(7e8, 3);
  });

  it('is max-min fair for any caps: nothing left unused, and no flow below its cap gets less than another', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1e10, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (capacity, caps) => {
          const shares = maxMinFairShare(capacity, caps);
          const total = shares.reduce((t, s) => t + s, 0);
          const demand = caps.reduce((t, c) => t + c, 0);
          expect(total).toBeCloseTo(Math.min(capacity, demand), -1);
          shares.forEach((s, i) => {
            expect(s).toBeLessThanOrEqual(caps[i]! * (1 + 1e-12));
            if (s < caps[i]! * (1 - 1e-9))
              for (const other of shares)
                expect(s).toBeGreaterThanOrEqual(other * (1 - 1e-9) - 1e-6);
          });
        },
      ),
    );
  });

  it('equals min(cap, free / sharers) when every migration has the same cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 4096 }),
        fc.nat({ max: 40 }),
        (gbps, u, capMiB, others) => {
          const bw = migrationBandwidth({
            maxBandwidthBytesPerSecond: capMiB * MiB,
            bottleneck: { capacityGbps: gbps, utilisation: u },
            concurrent: others,
          });
          const free = gbpsToBytesPerSecond(gbps) * (1 - u);
          expect(bw.bytesPerSecond).toBeCloseTo(Math.min(capMiB * MiB, free / (others + 1)), 0);
        },
      ),
    );
  });

  it('rejects negative, non-finite or fractional figures with a RangeError', () => {
    expect(() => migrationBandwidth({ maxBandwidthBytesPerSecond: -1 })).toThrow(RangeError);
    expect(() =>
      migrationBandwidth({ bottleneck: { capacityGbps: 10, utilisation: 1.5 } }),
    ).toThrow(RangeError);
    expect(() => migrationBandwidth({ concurrent: 1.5 })).toThrow(RangeError);
    expect(() => migrationBandwidth({ maxBandwidthBytesPerSecond: Infinity })).toThrow(RangeError);
  });
});
