/**
 * Live-migration estimate with QEMU's pre-copy semantics (R14), the model of
 * Clark et al. (NSDI 2005) and Liu et al. (HPDC 2011):
 *
 *   round 0 sends all memory M; round i sends what was dirtied during round
 *   i-1, V_i = min(M, D * V_{i-1} / B); the copy stops when the remaining
 *   V_n / B fits in the downtime limit, and the VM pauses for that stop-and-copy.
 *
 * With r = D / B < 1 this is geometric: V_i = M r^i, total sent
 * M (1 - r^(n+1)) / (1 - r). With D >= B it never converges; QEMU then offers
 * auto-converge (CPU throttle 20 %, +10 % per round, up to 99 %, which scales
 * the dirty rate by 1 - throttle) or post-copy (switch over after one pass and
 * fetch the rest on demand). docs/migration-model.md derives the equations.
 */

export const PRECOPY_DEFAULTS = {
  /** QEMU's default downtime-limit, ms. */
  downtimeLimitMs: 300,
  /** Rounds after which a copy that still does not fit is called non-convergent. */
  maxRounds: 30,
  /** Auto-converge: first throttle and the step per further round (QEMU's cpu-throttle-initial / -increment). */
  throttleInitial: 0.2,
  throttleIncrement: 0.1,
  throttleMax: 0.99,
  /** Fixed switchover cost on top of the stop-and-copy (device state, final handshakes), ms. */
  switchoverMs: 20,
} as const;

export interface PrecopyInput {
  memoryBytes: number;
  dirtyBytesPerSecond: number;
  /** Usable migration bandwidth: min(max-bandwidth, the path's fair share), bytes/s. */
  bandwidthBytesPerSecond: number;
  downtimeLimitMs?: number;
  maxRounds?: number;
  /** What to do when it does not converge. */
  fallback?: 'none' | 'auto-converge' | 'post-copy';
}

export interface PrecopyRound {
  round: number;
  sentBytes: number;
  seconds: number;
  dirtiedBytes: number;
  /** CPU throttle in force during this round (auto-converge), 0..0.99. */
  throttle: number;
}

export interface PrecopyEstimate {
  converges: boolean;
  /** How it finished: plain pre-copy, pre-copy with throttling, post-copy, or not at all. */
  mode: 'pre-copy' | 'auto-converge' | 'post-copy' | 'non-convergent';
  rounds: PrecopyRound[];
  totalBytes: number;
  totalSeconds: number;
  downtimeMs: number;
  /** What would make a non-convergent copy converge. */
  remedies: string[];
}

export function estimatePrecopy(input: PrecopyInput): PrecopyEstimate {
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
