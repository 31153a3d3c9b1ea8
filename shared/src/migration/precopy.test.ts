// Model v2 of the pre-copy against hand-worked cases and its closed form (docs/migration-model.md §2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatePrecopyGeometric } from './precopy-geometric.ts';
import { estimatePrecopy, precopyClosedFormV2, PRECOPY_DEFAULTS } from './precopy.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
/** Bytes on the wire per byte of non-zero page: (4096 + 8) / 4096. */
const w = 4104 / 4096;
const switchS = PRECOPY_DEFAULTS.switchoverMs / 1000;

describe('pre-copy model v2', () => {
  it('sends an idle VM in one pass and keeps the last quarter-second of it for the stop-and-copy', () => {
    // M = 8 GiB, B = 1 GiB/s, T = 0.3 s, window Δ = 0.1 s:
    // threshold B·T = 0.3 GiB; leftover ℓ = B·(T − Δ/2) = 0.25 GiB.
    // Round 0 sends 8 − 0.25 = 7.75 GiB of pages, 7.75·w GiB on the wire, in 7.75·w s;
    // nothing is dirtied, 0.25 GiB < 0.3 GiB: stop-and-copy of 0.25·w GiB at B, plus 20 ms.
    const est = estimatePrecopy({
      memoryBytes: 8 * GiB,
      dirtyBytesPerSecond: 0,
      bandwidthBytesPerSecond: GiB,
    });
    expect(est.converges).toBe(true);
    expect(est.rounds).toHaveLength(1);
    expect(est.rounds[0]!.seconds).toBeCloseTo(7.75 * w, 9);
    expect(est.downtimeMs).toBeCloseTo((0.25 * w + switchS) * 1000, 6);
    expect(est.totalSeconds).toBeCloseTo(8 * w + switchS, 9);
    expect(est.totalBytes).toBeCloseTo(8 * GiB * w, 0);
    // QEMU's dirty-sync-count of a one-pass migration: setup, end of the pass, stop-and-copy.
    expect(est.dirtySyncs).toBe(3);
  });

  it('sends zero pages as 9-byte markers', () => {
    // M = 1 GiB of which a quarter is not zero, idle, B = 100 MiB/s:
    // 256 MiB of pages at 4104 bytes per 4 KiB = 256.5 MiB, and 768 MiB / 4 KiB = 196,608
    // markers of 9 bytes = 1.6875 MiB; 258.1875 MiB in all, at B (the stop-and-copy too,
    // its rate defaulting to B): 2.581875 s, plus the 20 ms switchover.
    const est = estimatePrecopy({
      memoryBytes: GiB,
      nonZeroShare: 0.25,
      dirtyBytesPerSecond: 0,
      bandwidthBytesPerSecond: 100 * MiB,
    });
    expect(est.totalBytes).toBeCloseTo(258.1875 * MiB, 0);
    expect(est.totalSeconds).toBeCloseTo(2.581875 + switchS, 9);
    // The textbook model sends the whole GiB: 10.24 s.
    const v1 = estimatePrecopyGeometric({
      memoryBytes: GiB,
      dirtyBytesPerSecond: 0,
      bandwidthBytesPerSecond: 100 * MiB,
    });
    expect(v1.totalSeconds).toBeCloseTo(10.24 + switchS, 9);
  });

  it('runs the stop-and-copy at its own rate, not the cap', () => {
    // As the first case, the stop-and-copy's 0.25·w GiB at 4 GiB/s instead of 1.
    const est = estimatePrecopy({
      memoryBytes: 8 * GiB,
      dirtyBytesPerSecond: 0,
      bandwidthBytesPerSecond: GiB,
      stopCopyBytesPerSecond: 4 * GiB,
    });
    expect(est.downtimeMs).toBeCloseTo(((0.25 * w) / 4 + switchS) * 1000, 6);
    expect(est.totalSeconds).toBeCloseTo(7.75 * w + (0.25 * w) / 4 + switchS, 9);
  });

  it('adds the setup, less the rate-limit window it overlaps, and the zero-page scan when it is slower', () => {
    // 1 GiB all zero, B = 100 MiB/s, setup 200 ms fixed, 10 µs per zero page.
    // Round 0: ℓ = 25 MiB stays; 999 MiB = 255,744 pages: wire 255,744·9 B = 2.195 MiB → 0.022 s,
    // scan 255,744 · 10 µs = 2.55744 s, the longer; less the 0.1 s window that opened before
    // the setup. Stop-and-copy: 6,400 pages, scan 0.064 s > wire; switchover 0.
    const est = estimatePrecopy({
      memoryBytes: GiB,
      nonZeroShare: 0,
      dirtyBytesPerSecond: 0,
      bandwidthBytesPerSecond: 100 * MiB,
      costs: { setupMs: 200, setupMsPerGiB: 0, zeroPageSeconds: 10e-6, switchoverMs: 0 },
    });
    expect(est.rounds[0]!.seconds).toBeCloseTo(2.55744 - 0.1, 9);
    expect(est.downtimeMs).toBeCloseTo(64, 6);
    expect(est.totalSeconds).toBeCloseTo(0.2 + 2.45744 + 0.064, 9);
    // When the zero pages lie in runs that hold the sender alone, the scan adds to the wire:
    // 2,301,696 bytes of markers / 104,857,600 B/s = 0.021950684 s more in round 0.
    const runs = estimatePrecopy({
      memoryBytes: GiB,
      nonZeroShare: 0,
      dirtyBytesPerSecond: 0,
      bandwidthBytesPerSecond: 100 * MiB,
      costs: { setupMs: 200, zeroPageSeconds: 10e-6, zeroPageOverlap: 0, switchoverMs: 0 },
    });
    expect(runs.rounds[0]!.seconds).toBeCloseTo(2.55744 + 2301696 / 104857600 - 0.1, 9);
  });

  it('bounds what a round dirties by the working set, so a small one converges above the bandwidth', () => {
    // 1 GiB, working set 16 MiB dirtied at 200 MiB/s on 100 MiB/s: the textbook model never
    // converges (r = 2). Here a round dirties at most the 16 MiB, under the threshold
    // B·T = 30 MiB, so once the rest of memory is across the copy stops.
    const input = {
      memoryBytes: GiB,
      workingSetBytes: 16 * MiB,
      dirtyBytesPerSecond: 200 * MiB,
      bandwidthBytesPerSecond: 100 * MiB,
      fallback: 'none' as const,
    };
    const est = estimatePrecopy(input);
    expect(est.converges).toBe(true);
    for (const r of est.rounds) expect(r.dirtiedBytes).toBeLessThanOrEqual(16 * MiB);
    expect(est.downtimeMs).toBeLessThan(300 + PRECOPY_DEFAULTS.switchoverMs);
    expect(estimatePrecopyGeometric(input).converges).toBe(false);
    // A working set above the threshold dirtied faster than it is sent never fits.
    expect(estimatePrecopy({ ...input, workingSetBytes: 64 * MiB }).converges).toBe(false);
  });

  it('equals its closed form for a whole-memory working set dirtied below the bandwidth', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer({ min: 32, max: 5000 }),
        (memGiB, ratio, bwMiB) => {
          const M = memGiB * GiB;
          const B = bwMiB * MiB;
          const D = ratio * B;
          const est = estimatePrecopy({
            memoryBytes: M,
            dirtyBytesPerSecond: D,
            bandwidthBytesPerSecond: B,
            fallback: 'none',
            maxRounds: 1000,
          });
          const cf = precopyClosedFormV2(M, D, B, PRECOPY_DEFAULTS.downtimeLimitMs / 1000);
          expect(est.converges).toBe(true);
          expect(est.rounds).toHaveLength(cf.rounds);
          expect(est.totalBytes / cf.totalBytes).toBeCloseTo(1, 9);
          expect(est.downtimeMs).toBeCloseTo((cf.stopCopyBytes / B + switchS) * 1000, 6);
          expect(est.totalSeconds).toBeCloseTo(cf.totalBytes / B + switchS, 6);
        },
      ),
    );
  });

  it('auto-converge: the first throttle after two periods of heavy dirtying, then 10 % per two more', () => {
    // 1 GiB dirtied at 400 MiB/s on 100 MiB/s: each round takes seconds (a period of its own)
    // and dirties far more than half of what it sends.
    const est = estimatePrecopy({
      memoryBytes: GiB,
      dirtyBytesPerSecond: 400 * MiB,
      bandwidthBytesPerSecond: 100 * MiB,
    });
    expect(est.mode).toBe('auto-converge');
    expect(est.converges).toBe(true);
    const throttles = est.rounds.map((r) => r.throttle);
    expect(throttles.slice(0, 6)).toEqual([0, 0, 0.2, 0.2, 0.3, 0.3]);
  });

  it('post-copy switches over after the first pass and pulls what is dirty', () => {
    const est = estimatePrecopy({
      memoryBytes: GiB,
      dirtyBytesPerSecond: 400 * MiB,
      bandwidthBytesPerSecond: 100 * MiB,
      fallback: 'post-copy',
    });
    expect(est.mode).toBe('post-copy');
    expect(est.rounds).toHaveLength(1);
    expect(est.downtimeMs).toBe(PRECOPY_DEFAULTS.switchoverMs);
  });

  it('rejects a zero bandwidth and a share outside 0..1', () => {
    const base = { memoryBytes: GiB, dirtyBytesPerSecond: 0, bandwidthBytesPerSecond: GiB };
    expect(() => estimatePrecopy({ ...base, bandwidthBytesPerSecond: 0 })).toThrow(RangeError);
    expect(() => estimatePrecopy({ ...base, nonZeroShare: 1.5 })).toThrow(RangeError);
  });
});
