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
// The sources found give those measured figures without the inputs behind
// them (memory size, dirty rate, link speed), so no prediction can be set
// against them here; these tests hold the estimate to the models' stated
// equations and properties instead (docs/migration-model.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatePrecopy, PRECOPY_DEFAULTS } from './precopy.ts';

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
