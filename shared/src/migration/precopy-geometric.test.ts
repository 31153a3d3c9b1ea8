// Pre-copy against its closed form, and QEMU's behaviour when it does not converge (R14).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatePrecopyGeometric, precopyClosedForm } from './precopy-geometric.ts';
import { PRECOPY_DEFAULTS } from './precopy.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

describe('pre-copy estimate', () => {
  it('equals the geometric closed form whenever the dirty rate is below the bandwidth', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 256 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer({ min: 100, max: 5000 }),
        (memGiB, ratio, bwMiB) => {
          const M = memGiB * GiB;
          const B = bwMiB * MiB;
          const D = ratio * B;
          const est = estimatePrecopyGeometric({
            memoryBytes: M,
            dirtyBytesPerSecond: D,
            bandwidthBytesPerSecond: B,
            maxRounds: 1000,
            fallback: 'none',
          });
          const cf = precopyClosedForm(M, D, B, PRECOPY_DEFAULTS.downtimeLimitMs / 1000);
          expect(est.converges).toBe(true);
          expect(est.rounds).toHaveLength(cf.stopRound);
          expect(est.totalBytes).toBeCloseTo(cf.totalBytes, -3);
          expect(est.downtimeMs).toBeCloseTo(
            cf.downtimeS * 1000 + PRECOPY_DEFAULTS.switchoverMs,
            6,
          );
          expect(est.downtimeMs).toBeLessThanOrEqual(
            PRECOPY_DEFAULTS.downtimeLimitMs + PRECOPY_DEFAULTS.switchoverMs + 1e-9,
          );
        },
      ),
    );
  });

  it('takes M/B plus a short stop-and-copy for an idle VM', () => {
    const est = estimatePrecopyGeometric({
      memoryBytes: 8 * GiB,
      dirtyBytesPerSecond: 0,
      bandwidthBytesPerSecond: 1 * GiB,
    });
    expect(est.rounds).toHaveLength(1);
    expect(est.totalSeconds).toBeCloseTo(8 + PRECOPY_DEFAULTS.switchoverMs / 1000, 6);
    expect(est.downtimeMs).toBe(PRECOPY_DEFAULTS.switchoverMs);
  });

  it('never converges when pages are dirtied at or above the bandwidth, and says what would help', () => {
    const est = estimatePrecopyGeometric({
      memoryBytes: 16 * GiB,
      dirtyBytesPerSecond: 1.2 * GiB,
      bandwidthBytesPerSecond: 1 * GiB,
      fallback: 'none',
    });
    expect(est.converges).toBe(false);
    expect(est.mode).toBe('non-convergent');
    expect(est.remedies.join(' ')).toMatch(/post-copy/);
  });

  it('auto-converges by throttling 20 % then 10 % more per round', () => {
    const est = estimatePrecopyGeometric({
      memoryBytes: 16 * GiB,
      dirtyBytesPerSecond: 1.2 * GiB,
      bandwidthBytesPerSecond: 1 * GiB,
      fallback: 'auto-converge',
    });
    expect(est.converges).toBe(true);
    expect(est.mode).toBe('auto-converge');
    const throttles = [...new Set(est.rounds.map((r) => r.throttle))].filter((t) => t > 0);
    expect(throttles[0]).toBeCloseTo(0.2, 9);
    for (let i = 1; i < throttles.length; i++)
      expect(throttles[i]! - throttles[i - 1]!).toBeCloseTo(0.1, 9);
    expect(est.downtimeMs).toBeLessThanOrEqual(
      PRECOPY_DEFAULTS.downtimeLimitMs + PRECOPY_DEFAULTS.switchoverMs,
    );
  });

  it('post-copy switches over after one pass with only the switchover as downtime', () => {
    const est = estimatePrecopyGeometric({
      memoryBytes: 16 * GiB,
      dirtyBytesPerSecond: 3 * GiB,
      bandwidthBytesPerSecond: 1 * GiB,
      fallback: 'post-copy',
    });
    expect(est.mode).toBe('post-copy');
    expect(est.downtimeMs).toBe(PRECOPY_DEFAULTS.switchoverMs);
    expect(est.totalBytes).toBe(32 * GiB);
  });

  it('rejects a zero bandwidth instead of dividing by it', () => {
    expect(() =>
      estimatePrecopyGeometric({
        memoryBytes: GiB,
        dirtyBytesPerSecond: 0,
        bandwidthBytesPerSecond: 0,
      }),
    ).toThrow(RangeError);
  });
});
