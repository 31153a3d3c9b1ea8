// The simulated executor's memory pre-copy against model v2 (R14 uninterrupted/timing): at a
// constant bandwidth, the rounds, bytes, downtime and duration of estimatePrecopy (precopy.ts),
// with auto-converge, post-copy or nothing when the copy does not converge.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatePrecopy, PRECOPY_DEFAULTS, precopyClosedFormV2 } from '../migration/precopy.ts';
import {
  expectAsEstimated,
  expectValidOrder,
  fixedStepsMs,
  leftoverAt,
  maxDowntimeMs,
  memorySpec,
  ofType,
  succeeded,
  SWITCHOVER,
  WIRE,
} from './simulate-test-helpers.ts';
import { closeTo, GiB, makeSpec, MiB, runToEnd } from './test-helpers.ts';

/** Model v2's estimate for memory in MiB, a dirty rate `ratio` times the bandwidth, a bandwidth in MiB/s. */
function estimateOf(memMiB: number, ratio: number, bwMiB: number) {
  const M = memMiB * MiB;
  const B = bwMiB * MiB;
  const D = ratio * B;
  const est = estimatePrecopy({
    memoryBytes: M,
    dirtyBytesPerSecond: D,
    bandwidthBytesPerSecond: B,
  });
  return { M, B, D, est };
}

describe('the simulation agrees with the pre-copy estimate, model v2 (R14)', () => {
  it('gives the rounds, bytes, downtime and duration of estimatePrecopy for r = D/B < 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 16 * 1024 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer({ min: 200, max: 5000 }),
        fc.integer({ min: 3, max: 400 }),
        (memMiB, ratio, bwMiB, ticks) => {
          const { M, B, D, est } = estimateOf(memMiB, ratio, bwMiB);
          const spec = memorySpec(M, D);
          const run = runToEnd(spec, B, (est.totalSeconds * 1000) / ticks);
          expect(run.result.kind).toBe('succeeded');
          expectAsEstimated(spec, run, est);
          expectValidOrder(spec, run.events);

          const rounds = ofType(run.events, 'round-completed');
          const done = succeeded(run.events);
          if (est.mode === 'pre-copy') {
            // Never throttled, all memory the working set, no zero pages: v2's closed form.
            const cf = precopyClosedFormV2(M, D, B, spec.downtimeLimitMs / 1000);
            expect(rounds).toHaveLength(cf.rounds);
            expect(closeTo(done.transferredBytes, cf.totalBytes, 1e-9)).toBe(true);
            expect(done.downtimeMs).toBeCloseTo((cf.stopCopyBytes / B) * 1000 + SWITCHOVER, 6);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('with a working set, zero pages and auto-converge, still gives every round of estimatePrecopy', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 8 * 1024 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.integer({ min: 100, max: 3000 }),
        fc.integer({ min: 3, max: 200 }),
        (memMiB, wss, nonZero, ratio, bwMiB, ticks) => {
          const B = bwMiB * MiB;
          // The spec's fields are estimatePrecopy's inputs of the same names.
          const vm = {
            memoryBytes: memMiB * MiB,
            dirtyBytesPerSecond: ratio * B,
            workingSetBytes: wss * memMiB * MiB,
            nonZeroShare: nonZero,
          };
          const est = estimatePrecopy({ ...vm, bandwidthBytesPerSecond: B });
          const spec = makeSpec(vm);
          const copyMs =
            est.rounds.reduce((t, r) => t + r.seconds, 0) * 1000 +
            (est.converges ? est.downtimeMs : 0);
          expectAsEstimated(spec, runToEnd(spec, B, Math.max(copyMs, 1) / ticks), est);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('moves an idle VM in one round, the leftover at the sync in the stop-and-copy', () => {
    // Model v2: round 0 sends all but ℓ = 1 GiB/s × (300 − 50) ms = 0.25 GiB, and QEMU syncs;
    // nothing was dirtied, so those 0.25 GiB (with their page headers) are the stop-and-copy.
    const spec = memorySpec(8 * GiB, 0);
    const run = runToEnd(spec, GiB, 100);
    expect(ofType(run.events, 'round-completed')).toHaveLength(1);
    const done = succeeded(run.events);
    expect(done.downtimeMs).toBeCloseTo(((leftoverAt(GiB) * WIRE) / GiB) * 1000 + SWITCHOVER, 9);
    expect(done.transferredBytes).toBe(8 * GiB * WIRE);
    expect(done.totalMs).toBeCloseTo(8000 * WIRE + SWITCHOVER + fixedStepsMs(spec), 6);
  });

  it('copies a local disk at the bandwidth before the memory, and counts its bytes', () => {
    const spec = makeSpec({ storageBytes: 10 * GiB, dirtyBytesPerSecond: 0 });
    const run = runToEnd(spec, GiB, 250);
    expectValidOrder(spec, run.events);
    const storage = ofType(run.events, 'step-completed').find((e) => e.kind === 'storage-copy')!;
    expect(storage.ms).toBeCloseTo(10_000, 6);
    // The disk goes as it is; the 4 GiB of memory with a header per page (model v2).
    const done = succeeded(run.events);
    expect(done.transferredBytes).toBe(10 * GiB + 4 * GiB * WIRE);
    expect(done.totalMs).toBeCloseTo(10_000 + 4000 * WIRE + SWITCHOVER + fixedStepsMs(spec), 6);
  });
});

describe('dirty rate at or above the bandwidth (QEMU auto-converge)', () => {
  it('auto-converges by throttling 20 % then 10 % more per two heavy periods, as estimatePrecopy does', () => {
    const spec = memorySpec(4 * GiB, 1.2 * GiB);
    const run = runToEnd(spec, GiB, 500);
    const est = estimatePrecopy({
      memoryBytes: spec.memoryBytes,
      dirtyBytesPerSecond: spec.dirtyBytesPerSecond,
      bandwidthBytesPerSecond: GiB,
    });
    expect(est.mode).toBe('auto-converge');
    expect(run.result.kind).toBe('succeeded');
    const rounds = ofType(run.events, 'round-completed').map((e) => e.round);
    expect(rounds.map((r) => r.throttle)).toEqual(est.rounds.map((r) => r.throttle));
    const throttles = [...new Set(rounds.map((r) => r.throttle))].filter((t) => t > 0);
    expect(throttles[0]).toBeCloseTo(0.2, 9);
    for (let i = 1; i < throttles.length; i++)
      expect(throttles[i]! - throttles[i - 1]!).toBeCloseTo(0.1, 9);
    const done = succeeded(run.events);
    expect(done.downtimeMs).toBeCloseTo(est.downtimeMs, 6);
    expect(done.downtimeMs).toBeLessThanOrEqual(maxDowntimeMs(spec));
  });

  it('gives up as non-convergent when even a 99 % throttle does not fit the downtime limit', () => {
    const spec = memorySpec(4 * GiB, 500 * GiB);
    const run = runToEnd(spec, GiB, 1000);
    expect(run.result.kind).toBe('cannot-finish');
    expect(run.result.kind === 'cannot-finish' && run.result.outcome.code).toBe('non-convergent');
    // Model v2 raises the throttle at a sync and gives up at that same sync when the round
    // did not shrink: the last round ran at 90 %, and the throttle ends at 99 %.
    expect(run.sim.throttle).toBe(PRECOPY_DEFAULTS.throttleMax);
    expect(ofType(run.events, 'switched-over')).toHaveLength(0);
    expect(ofType(run.events, 'succeeded')).toHaveLength(0);
    expect(run.sim.switchedOver).toBe(false);
  });

  it('ends as estimatePrecopy says: converging with throttle, or cannot-finish non-convergent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 256, max: 8 * 1024 }),
        fc.double({ min: 1, max: 300, noNaN: true }),
        fc.integer({ min: 100, max: 2000 }),
        fc.integer({ min: 5, max: 400 }),
        (memMiB, ratio, bwMiB, ticks) => {
          const { M, B, D, est } = estimateOf(memMiB, ratio, bwMiB);
          // The pre-copy and the stop-and-copy: under model v2 a memory just over the leftover
          // ℓ pre-copies for well under a millisecond, and ticks that small never reach the end.
          const copyMs =
            est.rounds.reduce((t, r) => t + r.seconds, 0) * 1000 +
            (est.converges ? est.downtimeMs : 0);
          const spec = memorySpec(M, D);
          const run = runToEnd(spec, B, copyMs / ticks);
          const rounds = ofType(run.events, 'round-completed').map((e) => e.round);
          expect(rounds).toHaveLength(est.rounds.length);
          expect(rounds.map((r) => r.throttle)).toEqual(est.rounds.map((r) => r.throttle));
          if (est.converges) {
            expect(run.result.kind).toBe('succeeded');
            const done = succeeded(run.events);
            expect(done.downtimeMs).toBeLessThanOrEqual(maxDowntimeMs(spec));
            expect(done.downtimeMs).toBeCloseTo(est.downtimeMs, 6);
          } else {
            expect(run.result.kind === 'cannot-finish' && run.result.outcome.code).toBe(
              'non-convergent',
            );
            // Given up at the sync that raised the throttle to its maximum (as estimatePrecopy).
            expect(run.sim.throttle).toBe(PRECOPY_DEFAULTS.throttleMax);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('when the plan allows no auto-converge (R14)', () => {
  // Model v2, 4 GiB at 1 GiB/s with 1.2 GiB/s dirtied: round 0 sends all but the leftover
  // ℓ = 0.25 GiB, 3.75 GiB of pages in about 3.76 s, and the guest touches min(4 GiB, 4.5 GiB)
  // = all its pages meanwhile; 4 GiB are dirty again at the sync. Round 1 does the same and
  // ends no smaller (4 GiB >= 4 GiB): the rounds stop shrinking after round 1.
  const M = 4 * GiB;
  const D = 1.2 * GiB;
  const roundBytes = (M - leftoverAt(GiB)) * WIRE;

  it('without a fallback the run cannot finish after the first round that does not shrink, never throttled', () => {
    const spec = makeSpec({ memoryBytes: M, dirtyBytesPerSecond: D, convergence: 'none' });
    const run = runToEnd(spec, GiB, 500);
    expect(run.result.kind === 'cannot-finish' && run.result.outcome.code).toBe('non-convergent');
    const rounds = ofType(run.events, 'round-completed').map((e) => e.round);
    expect(rounds.map((r) => r.sentBytes)).toEqual([roundBytes, roundBytes]);
    expect(rounds.every((r) => r.throttle === 0)).toBe(true);
    expect(ofType(run.events, 'switched-over')).toHaveLength(0);
  });

  it('post-copy switches over after the first pass with only the switchover as downtime, and counts the pulled pages', () => {
    const spec = makeSpec({ memoryBytes: M, dirtyBytesPerSecond: D, convergence: 'post-copy' });
    const run = runToEnd(spec, GiB, 500);
    expect(run.result.kind).toBe('succeeded');
    // Model v2 (as QEMU's postcopy-start after the first pass): one round, then the switch.
    const rounds = ofType(run.events, 'round-completed').map((e) => e.round);
    expect(rounds).toHaveLength(1);
    expect(rounds.every((r) => r.throttle === 0)).toBe(true);
    const done = succeeded(run.events);
    expect(done.downtimeMs).toBeCloseTo(SWITCHOVER, 6);
    // One round pre-copied, then the 4 GiB dirty at its sync pulled after the switch.
    expect(done.transferredBytes).toBeCloseTo(roundBytes + M * WIRE, 0);
    const est = estimatePrecopy({
      memoryBytes: M,
      dirtyBytesPerSecond: D,
      bandwidthBytesPerSecond: GiB,
      fallback: 'post-copy',
    });
    expect(done.transferredBytes / est.totalBytes).toBeCloseTo(1, 9);
  });
});
