/**
 * The textbook pre-copy model of Clark et al. (NSDI 2005) and Liu et al.
 * (HPDC 2011), model v1 of this project. Kept beside model v2 (precopy.ts)
 * because the simulated executor (shared/src/execution/simulate.ts) still
 * walks its rounds and published.test.ts holds it to the papers:
 *
 *   round 0 sends all memory M; round i sends what was dirtied during round
 *   i-1, V_i = min(M, D * V_{i-1} / B); the copy stops when the remaining
 *   V_n / B fits in the downtime limit, and the VM pauses for that stop-and-copy.
 *
 * With r = D / B < 1 this is geometric: V_i = M r^i, total sent
 * M (1 - r^(n+1)) / (1 - r). With D >= B it never converges; auto-converge
 * throttles 20 %, +10 % per round, up to 99 %, which scales the dirty rate by
 * 1 - throttle; post-copy switches over after one pass. It has no zero pages,
 * no working set, no leftover at the sync and no setup: docs/migration-model.md
 * says how v2 differs.
 */
import {
  PRECOPY_DEFAULTS,
  type PrecopyEstimate,
  type PrecopyInput,
  type PrecopyRound,
} from './precopy.ts';

/** Model v2's inputs without what the textbook model has no notion of. */
export type GeometricPrecopyInput = Pick<
  PrecopyInput,
  | 'memoryBytes'
  | 'dirtyBytesPerSecond'
  | 'bandwidthBytesPerSecond'
  | 'downtimeLimitMs'
  | 'maxRounds'
  | 'fallback'
>;

export function estimatePrecopyGeometric(input: GeometricPrecopyInput): PrecopyEstimate {
  const M = input.memoryBytes;
  const B = input.bandwidthBytesPerSecond;
  const D = input.dirtyBytesPerSecond;
  const limitS = (input.downtimeLimitMs ?? PRECOPY_DEFAULTS.downtimeLimitMs) / 1000;
  const maxRounds = input.maxRounds ?? PRECOPY_DEFAULTS.maxRounds;
  const fallback = input.fallback ?? 'auto-converge';
  if (!(M >= 0) || !(B > 0) || !(D >= 0))
    throw new RangeError('memory and dirty rate must be >= 0, bandwidth > 0');

  const rounds: PrecopyRound[] = [];
  let toSend = M;
  let throttle = 0;
  let mode: PrecopyEstimate['mode'] = 'pre-copy';
  for (let round = 0; round < maxRounds * 4; round++) {
    if (round > 0 && toSend / B <= limitS) return finish(rounds, toSend, B, mode, []);
    const seconds = toSend / B;
    const dirtied = Math.min(M, D * (1 - throttle) * seconds);
    rounds.push({ round, sentBytes: toSend, seconds, dirtiedBytes: dirtied, throttle });
    const growing = dirtied >= toSend;
    toSend = dirtied;
    if (round + 1 >= maxRounds || (growing && round > 0)) {
      if (toSend / B <= limitS) return finish(rounds, toSend, B, mode, []);
      if (fallback === 'post-copy') return postCopy(rounds, B);
      if (fallback === 'auto-converge') {
        if (throttle >= PRECOPY_DEFAULTS.throttleMax) break;
        mode = 'auto-converge';
        throttle =
          throttle === 0
            ? PRECOPY_DEFAULTS.throttleInitial
            : Math.min(PRECOPY_DEFAULTS.throttleMax, throttle + PRECOPY_DEFAULTS.throttleIncrement);
        continue;
      }
      break;
    }
  }
  const needed = D > 0 ? D : 0;
  return {
    converges: false,
    mode: 'non-convergent',
    rounds,
    totalBytes: rounds.reduce((t, r) => t + r.sentBytes, 0),
    totalSeconds: Infinity,
    downtimeMs: Infinity,
    remedies: [
      `bandwidth above the dirty rate (${(needed / 2 ** 20).toFixed(0)} MiB/s)`,
      'auto-converge (CPU throttling)',
      'post-copy',
      `a downtime limit of ${Math.ceil((toSend / B) * 1000)} ms`,
    ],
  };
}

function finish(
  rounds: PrecopyRound[],
  remaining: number,
  B: number,
  mode: PrecopyEstimate['mode'],
  remedies: string[],
): PrecopyEstimate {
  const stopCopyS = remaining / B;
  const sent = rounds.reduce((t, r) => t + r.sentBytes, 0) + remaining;
  return {
    converges: true,
    mode,
    rounds,
    totalBytes: sent,
    totalSeconds:
      rounds.reduce((t, r) => t + r.seconds, 0) + stopCopyS + PRECOPY_DEFAULTS.switchoverMs / 1000,
    downtimeMs: stopCopyS * 1000 + PRECOPY_DEFAULTS.switchoverMs,
    remedies,
  };
}

/** Post-copy: after the first pass the VM switches over at once; pages still dirty are pulled on demand. */
function postCopy(rounds: PrecopyRound[], B: number): PrecopyEstimate {
  const first = rounds[0]!;
  const pulled = first.dirtiedBytes;
  return {
    converges: true,
    mode: 'post-copy',
    rounds: [first],
    totalBytes: first.sentBytes + pulled,
    totalSeconds: first.seconds + pulled / B + PRECOPY_DEFAULTS.switchoverMs / 1000,
    downtimeMs: PRECOPY_DEFAULTS.switchoverMs,
    remedies: [],
  };
}

/** The closed form for r = D/B < 1 with no memory cap: rounds n, total bytes, downtime (for tests and docs). */
export function precopyClosedForm(M: number, D: number, B: number, limitS: number) {
  const r = D / B;
  let n = 1;
  while (M * r ** n > B * limitS) n++;
  return {
    stopRound: n,
    totalBytes: (M * (1 - r ** (n + 1))) / (1 - r),
    downtimeS: (M * r ** n) / B,
  };
}
