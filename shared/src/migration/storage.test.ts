// Local-disk mirror (drive-mirror, copy-mode=background) against its closed form (R14, R19).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateStorageCopy, STORAGE_COPY_DEFAULTS, storageClosedForm } from './storage.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

describe('storage copy', () => {
  it('equals the geometric closed form whenever writes are slower than the bandwidth', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4000 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer({ min: 50, max: 5000 }),
        (diskGiB, ratio, bwMiB) => {
          const S = diskGiB * GiB;
          const B = bwMiB * MiB;
          const W = ratio * B;
          const est = estimateStorageCopy({
            diskBytes: S,
            writeBytesPerSecond: W,
            bandwidthBytesPerSecond: B,
            maxRounds: 1000,
          });
          const cf = storageClosedForm(S, W, B, STORAGE_COPY_DEFAULTS.readyWithinMs / 1000);
          expect(est.converges).toBe(true);
          expect(est.passes).toHaveLength(cf.passes);
          expect(est.totalBytes / cf.totalBytes).toBeCloseTo(1, 9);
          // Time is bytes over bandwidth: the mirror runs at B throughout.
          expect(est.seconds * B).toBeCloseTo(est.totalBytes, -2);
        },
      ),
    );
  });

  it('copies an idle disk once: S/B seconds', () => {
    const est = estimateStorageCopy({
      diskBytes: 100 * GiB,
      writeBytesPerSecond: 0,
      bandwidthBytesPerSecond: 1 * GiB,
    });
    expect(est.passes).toHaveLength(1);
    expect(est.seconds).toBe(100);
    expect(est.totalBytes).toBe(100 * GiB);
    expect(est.syncBytesPerSecond).toBe(0);
  });

  it('uses the documented write rate by default and keeps copying it once ready', () => {
    const est = estimateStorageCopy({ diskBytes: 50 * GiB, bandwidthBytesPerSecond: 500 * MiB });
    expect(est.syncBytesPerSecond).toBe(10 * MiB);
    // 50 GiB at 500 MiB/s is 102.4 s, during which 1 GiB is written: a second pass of 2.048 s,
    // whose 20.48 MiB of writes fit in 300 ms and are copied before the job is ready.
    expect(est.passes.map((p) => p.sentBytes)).toEqual([50 * GiB, 1024 * MiB]);
    expect(est.totalBytes).toBeCloseTo(50 * GiB + 1024 * MiB + 20.48 * MiB, 0);
    expect(est.seconds).toBeCloseTo(102.4 + 2.048 + 0.04096, 9);
  });

  it('never converges when the guest writes at or above the bandwidth, and says what helps', () => {
    const est = estimateStorageCopy({
      diskBytes: 10 * GiB,
      writeBytesPerSecond: 200 * MiB,
      bandwidthBytesPerSecond: 200 * MiB,
    });
    expect(est.converges).toBe(false);
    expect(est.seconds).toBe(Infinity);
    expect(est.remedies.join(' ')).toMatch(/write-blocking/);
    expect(est.remedies.join(' ')).toMatch(/shared storage/);
  });

  it('rejects a zero bandwidth or negative sizes', () => {
    expect(() => estimateStorageCopy({ diskBytes: GiB, bandwidthBytesPerSecond: 0 })).toThrow(
      RangeError,
    );
    expect(() => estimateStorageCopy({ diskBytes: -1, bandwidthBytesPerSecond: 1 })).toThrow(
      RangeError,
    );
  });
});
