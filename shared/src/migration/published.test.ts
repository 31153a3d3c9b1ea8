// The pre-copy estimate against the published models (R14).
//
// Clark et al., "Live Migration of Virtual Machines", NSDI 2005
// (https://vdocuments.net/2005-migration-nsdi-pre.html): iterative pre-copy,
// then a stop-and-copy of the writable working set; measured downtimes of
// 210 ms (SPECweb) and 60 ms (Quake 3). Liu et al., "Performance and Energy
// Modeling for Live Migration of Virtual Machines", HPDC 2011
// (https://unpaywall.org/10.1145/1996130.1996154): the geometric model of the
// rounds, "higher than 90% prediction accuracy" against measured cost on Xen.
//
// Clark et al. §6 annotate their iterative-progress figures with the run's
// inputs and outcome; two of them are set against the model below (the last
// describe block): the model is fitted to the published total bytes sent and
// must then predict the published downtime. Elsewhere these tests hold the
// estimate to the models' stated equations and properties
// (docs/migration-model.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatePrecopyGeometric as estimatePrecopy } from './precopy-geometric.ts';
import { PRECOPY_DEFAULTS } from './precopy.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const limitS = PRECOPY_DEFAULTS.downtimeLimitMs / 1000;

/** Memory, dirty ratio λ = D/B < 1 and bandwidth, away from the float boundary of a whole round count. */
const converging = fc
  .record({
    memGiB: fc.integer({ min: 1, max: 512 }),
    lambda: fc.double({ min: 0.01, max: 0.95, noNaN: true }),
    bwMiB: fc.integer({ min: 100, max: 10_000 }),
  })
  .filter(({ memGiB, lambda, bwMiB }) => {
    const x = Math.log((bwMiB * MiB * limitS) / (memGiB * GiB)) / Math.log(lambda);
    return Math.abs(x - Math.round(x)) > 1e-6;
  });

describe('pre-copy against the geometric model (Liu et al. 2011, after Clark et al. 2005)', () => {
  it('stops after n = ⌈log_λ(V_thd / V_mem)⌉ rounds, V_thd = B·T_limit (at least one)', () => {
    fc.assert(
      fc.property(converging, ({ memGiB, lambda, bwMiB }) => {
        const M = memGiB * GiB;
        const B = bwMiB * MiB;
        const est = estimatePrecopy({
          memoryBytes: M,
          dirtyBytesPerSecond: lambda * B,
          bandwidthBytesPerSecond: B,
          maxRounds: 10_000,
          fallback: 'none',
        });
        const n = Math.max(1, Math.ceil(Math.log((B * limitS) / M) / Math.log(lambda)));
        expect(est.rounds).toHaveLength(n);
      }),
    );
  });

  it('sends V_mig = V_mem (1 − λ^(n+1)) / (1 − λ) in V_mig / B, and pauses for V_n / B', () => {
    fc.assert(
      fc.property(converging, ({ memGiB, lambda, bwMiB }) => {
        const M = memGiB * GiB;
        const B = bwMiB * MiB;
        const est = estimatePrecopy({
          memoryBytes: M,
          dirtyBytesPerSecond: lambda * B,
          bandwidthBytesPerSecond: B,
          maxRounds: 10_000,
          fallback: 'none',
        });
        const n = est.rounds.length;
        const vMig = (M * (1 - lambda ** (n + 1))) / (1 - lambda);
        expect(est.totalBytes / vMig).toBeCloseTo(1, 9);
        const switchoverS = PRECOPY_DEFAULTS.switchoverMs / 1000;
        expect((est.totalSeconds - switchoverS) / (vMig / B)).toBeCloseTo(1, 9);
        expect((est.downtimeMs / 1000 - switchoverS) / ((M * lambda ** n) / B)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('sends between V_mem and V_mem / (1 − λ), whatever the round count (Clark et al.)', () => {
    fc.assert(
      fc.property(converging, ({ memGiB, lambda, bwMiB }) => {
        const M = memGiB * GiB;
        const B = bwMiB * MiB;
        const est = estimatePrecopy({
          memoryBytes: M,
          dirtyBytesPerSecond: lambda * B,
          bandwidthBytesPerSecond: B,
          maxRounds: 10_000,
        });
        expect(est.totalBytes).toBeGreaterThanOrEqual(M);
        expect(est.totalBytes).toBeLessThanOrEqual((M / (1 - lambda)) * (1 + 1e-12));
      }),
    );
  });

  it('leaves for the stop-and-copy only a working set that fits the downtime limit', () => {
    fc.assert(
      fc.property(converging, ({ memGiB, lambda, bwMiB }) => {
        const B = bwMiB * MiB;
        const est = estimatePrecopy({
          memoryBytes: memGiB * GiB,
          dirtyBytesPerSecond: lambda * B,
          bandwidthBytesPerSecond: B,
          maxRounds: 10_000,
        });
        const lastDirtied = est.rounds.at(-1)!.dirtiedBytes;
        expect(lastDirtied).toBeLessThanOrEqual(B * limitS * (1 + 1e-12));
        expect(est.downtimeMs).toBeCloseTo(
          (lastDirtied / B) * 1000 + PRECOPY_DEFAULTS.switchoverMs,
          6,
        );
      }),
    );
  });

  it('needs more rounds and more bytes as λ approaches 1 (a hotter writable working set)', () => {
    const at = (lambda: number) =>
      estimatePrecopy({
        memoryBytes: 64 * GiB,
        dirtyBytesPerSecond: lambda * GiB,
        bandwidthBytesPerSecond: GiB,
        maxRounds: 10_000,
        fallback: 'none',
      });
    const ladder = [0.1, 0.3, 0.5, 0.7, 0.9, 0.99].map(at);
    for (let i = 1; i < ladder.length; i++) {
      expect(ladder[i]!.rounds.length).toBeGreaterThanOrEqual(ladder[i - 1]!.rounds.length);
      expect(ladder[i]!.totalBytes).toBeGreaterThan(ladder[i - 1]!.totalBytes);
    }
  });
});

/**
 * Clark et al. 2005, §6.3 and §6.4 (the "Iterative progress of live
 * migration" figures), on a Gigabit Ethernet testbed:
 * - SPECweb99, 350 clients, 800 MB VM: 960 MB sent in all (x1.20); the final
 *   18.2 MB took 201 ms plus 9 ms of start-up: 210 ms down.
 * - Quake 3 server, 6 clients, 64 MB VM: 88 MB sent (x1.37); the final 148 KB
 *   took 20 ms plus 40 ms of start-up: 60 ms down.
 * The papers give no dirty rate, so λ is fitted to the published total bytes
 * (one equation, one unknown) and the downtime is the prediction under test.
 */
describe('pre-copy against Clark et al. 2005 measurements', () => {
  const gigabitEthernet = 1e9 / 8;
  const runFor = (memoryBytes: number, lambda: number) =>
    estimatePrecopy({
      memoryBytes,
      dirtyBytesPerSecond: lambda * gigabitEthernet,
      bandwidthBytesPerSecond: gigabitEthernet,
    });
  /** The dirty ratio λ at which the model sends `sentBytes` in all (total bytes grow with λ). */
  const fitLambda = (memoryBytes: number, sentBytes: number) => {
    let lo = 0;
    let hi = 0.95;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (runFor(memoryBytes, mid).totalBytes < sentBytes) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  it('SPECweb99, 800 MB: fitted to the 960 MB sent, predicts the 210 ms downtime within 10 %', () => {
    const memory = 800 * MiB;
    const est = runFor(memory, fitLambda(memory, 960 * MiB));
    expect(est.totalBytes / MiB).toBeCloseTo(960, 3);
    expect(est.mode).toBe('pre-copy');
    expect(Math.abs(est.downtimeMs - 210) / 210).toBeLessThan(0.1);
    // The stop-and-copy volume the model leaves is of the measured 18.2 MB's order (within 35 %).
    const stopAndCopy = est.rounds.at(-1)!.dirtiedBytes / MiB;
    expect(Math.abs(stopAndCopy - 18.2) / 18.2).toBeLessThan(0.35);
  });

  it('Quake 3, 64 MB: fitted to the 88 MB sent, over-predicts the 60 ms downtime but keeps to the limit', () => {
    // QEMU switches over as soon as the rest fits the 300 ms limit; Xen 2005
    // iterated on until the writable working set stopped shrinking, so for a
    // small VM the model (QEMU's rule) is pessimistic, never optimistic.
    const memory = 64 * MiB;
    const est = runFor(memory, fitLambda(memory, 88 * MiB));
    expect(est.totalBytes / MiB).toBeCloseTo(88, 3);
    expect(est.downtimeMs).toBeGreaterThan(60);
    expect(est.downtimeMs).toBeLessThanOrEqual(
      PRECOPY_DEFAULTS.downtimeLimitMs + PRECOPY_DEFAULTS.switchoverMs,
    );
  });
});
