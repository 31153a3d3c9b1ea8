/**
 * The simulated executor's memory pre-copy: model v2's rules
 * (migration/precopy.ts, docs/migration-model.md §2b) walked tick by tick at
 * whatever bandwidth the run gets, so that at a constant bandwidth a run
 * gives estimatePrecopy's rounds, bytes, downtime and duration (with the
 * default host costs, PRECOPY_COSTS: nothing but the switchover).
 *
 * A round opens at a dirty-bitmap sync with the pages then dirty, and sends
 * them until what is left of them falls under the leftover ℓ = B·(T − Δ/2) at
 * this tick's bandwidth B: at a constant B that is v2's round; a bandwidth
 * that moves mid-round moves the point where QEMU would sync with it. The
 * guest meanwhile touches min(W, D·(1 − throttle)·t) distinct pages of its
 * working set, and those still dirty in the leftover count once.
 */
import {
  dirtyTotal,
  initialDirty,
  PRECOPY_DEFAULTS,
  scaleDirty,
  wireBytes,
  type Dirty,
} from '../migration/precopy.ts';
import type { MigrationEvent, MigrationSpec, Outcome } from './events.ts';
import type { SimState } from './simulate.ts';

export const SIMULATION_DEFAULTS = {
  /** Rounds after which a copy without auto-converge gives up (as precopy.ts). */
  maxRounds: PRECOPY_DEFAULTS.maxRounds,
  /** Rounds after which an auto-converging copy gives up (as precopy.ts). */
  maxAutoConvergeRounds: 1000,
} as const;

/** The pre-copy part of a run's state before its first round: every page dirty (the setup sync). */
export function initialPrecopyState(spec: MigrationSpec) {
  const dirty = initialDirty(spec.memoryBytes, workingSet(spec), spec.nonZeroShare ?? 1);
  return {
    round: 0,
    roundWss: dirty.wss,
    roundWssNonZero: dirty.wssNonZero,
    roundRest: dirty.rest,
    roundRestNonZero: dirty.restNonZero,
    roundToSend: wireBytes(dirty),
    roundSent: 0,
    roundDirtied: 0,
    roundMs: 0,
    throttle: 0,
    periodMs: 0,
    periodSent: 0,
    periodDirtied: 0,
    periodHigh: 0,
  };
}

function workingSet(spec: MigrationSpec): number {
  return Math.min(spec.workingSetBytes ?? spec.memoryBytes, spec.memoryBytes);
}

function roundDirty(sim: SimState): Dirty {
  return {
    wss: sim.roundWss,
    wssNonZero: sim.roundWssNonZero,
    rest: sim.roundRest,
    restNonZero: sim.roundRestNonZero,
  };
}

/** Distinct working-set pages dirtied so far in the round, of those the leftover `keep` does not hold. */
function freshPages(spec: MigrationSpec, sim: SimState, keep: number): number {
  const W = workingSet(spec);
  if (W <= 0) return 0;
  const touched = Math.min(W, (spec.dirtyBytesPerSecond * (1 - sim.throttle) * sim.roundMs) / 1000);
  return touched * (1 - (sim.roundWss * keep) / W);
}

/** One stretch of pre-copy within a tick at bandwidth B > 0; 'done' when the rest fits in the downtime limit. */
export function precopyStep(
  spec: MigrationSpec,
  sim: SimState,
  B: number,
  left: number,
  spend: (ms: number) => void,
  emit: (e: MigrationEvent) => void,
): 'running' | 'done' | Outcome {
  const K = PRECOPY_DEFAULTS;
  const limitS = spec.downtimeLimitMs / 1000;
  const threshold = B * limitS;
  // QEMU checks once per rate-limit window, so a round ends on average half a window under the threshold.
  const leftover = Math.max(0, B * (limitS - K.syncWindowMs / 2000));
  for (;;) {
    const before = dirtyTotal(roundDirty(sim));
    const keepTarget = before > leftover ? leftover / before : 1;
    const toSend = sim.roundToSend * (1 - keepTarget);
    const remaining = toSend - sim.roundSent;
    if (remaining > 0) {
      if (left <= 1e-9) return 'running';
      const restMs = (remaining / B) * 1000;
      const ends = restMs <= left;
      const ms = ends ? restMs : left;
      const sent = ends ? remaining : (B * ms) / 1000;
      sim.roundSent = ends ? toSend : sim.roundSent + sent;
      sim.roundMs += ms;
      sim.transferredBytes += sent;
      // What the guest has dirtied so far, counted as it goes (settled when the round ends).
      const fresh = freshPages(spec, sim, keepTarget);
      if (fresh > sim.roundDirtied) {
        sim.dirtiedBytes += fresh - sim.roundDirtied;
        sim.roundDirtied = fresh;
      }
      spend(ms);
      left -= ms;
      if (!ends) return 'running';
    }
    const outcome = endRound(spec, sim, B, { threshold, before, keepTarget }, emit);
    if (outcome !== 'running') return outcome;
  }
}

/** The sync that ends a round: stop-and-copy, post-copy, a give-up, or the next round. */
function endRound(
  spec: MigrationSpec,
  sim: SimState,
  B: number,
  { threshold, before, keepTarget }: { threshold: number; before: number; keepTarget: number },
  emit: (e: MigrationEvent) => void,
): 'running' | 'done' | Outcome {
  const K = PRECOPY_DEFAULTS;
  // What the round did not send: ℓ's share, or less when the bandwidth rose past it mid-round.
  const keep = sim.roundToSend > 0 ? Math.min(keepTarget, 1 - sim.roundSent / sim.roundToSend) : 1;
  const fresh = freshPages(spec, sim, keep);
  sim.dirtiedBytes += Math.max(0, fresh - sim.roundDirtied);
  const kept = scaleDirty(roundDirty(sim), keep);
  const next: Dirty = { ...kept, wss: kept.wss + fresh, wssNonZero: kept.wssNonZero + fresh };
  emit({
    type: 'round-completed',
    round: {
      round: sim.round,
      sentBytes: sim.roundSent,
      dirtiedBytes: fresh,
      seconds: sim.roundMs / 1000,
      throttle: sim.throttle,
    },
  });
  const nextBytes = wireBytes(next);
  if (dirtyTotal(next) < threshold) {
    sim.stopCopyBytes = nextBytes;
    return 'done';
  }
  if (spec.convergence === 'post-copy') {
    // The VM switches over after the first pass and fetches what is still dirty from the
    // source on demand: those bytes cross after the switchover and are not downtime. They
    // are counted here, where the copy gives up pre-copying, for want of a post-copy step.
    sim.transferredBytes += nextBytes;
    sim.stopCopyBytes = 0;
    return 'done';
  }
  const autoConverge = spec.convergence === 'auto-converge';
  sim.periodMs += sim.roundMs;
  sim.periodDirtied += fresh;
  sim.periodSent += sim.roundSent;
  if (autoConverge && sim.periodMs > 1000) {
    // Two periods that dirtied more than half of what they sent raise the throttle one step.
    if (sim.periodDirtied > K.throttleTrigger * sim.periodSent && ++sim.periodHigh >= 2) {
      sim.periodHigh = 0;
      // QEMU counts the throttle in whole percent.
      const raised = sim.throttle === 0 ? K.throttleInitial : sim.throttle + K.throttleIncrement;
      sim.throttle = Math.min(K.throttleMax, Math.round(raised * 100) / 100);
    }
    sim.periodMs = 0;
    sim.periodDirtied = 0;
    sim.periodSent = 0;
  }
  const stuck = sim.round > 0 && dirtyTotal(next) >= before * (1 - 1e-9);
  const maxRounds = autoConverge
    ? SIMULATION_DEFAULTS.maxAutoConvergeRounds
    : SIMULATION_DEFAULTS.maxRounds;
  const per = `${(nextBytes / 2 ** 20).toFixed(0)} MiB dirty per round at ${(B / 2 ** 20).toFixed(0)} MiB/s`;
  if (!autoConverge && (stuck || sim.round + 1 >= maxRounds))
    return {
      code: 'non-convergent',
      message: `memory does not converge: ${per}, and the plan allows neither auto-converge nor post-copy`,
    };
  if (autoConverge && ((stuck && sim.throttle >= K.throttleMax) || sim.round + 1 >= maxRounds))
    return {
      code: 'non-convergent',
      message: `memory does not converge: ${per}, even with the guest throttled ${(sim.throttle * 100).toFixed(0)} %`,
    };
  sim.round += 1;
  sim.roundWss = next.wss;
  sim.roundWssNonZero = next.wssNonZero;
  sim.roundRest = next.rest;
  sim.roundRestNonZero = next.restNonZero;
  sim.roundToSend = nextBytes;
  sim.roundSent = 0;
  sim.roundDirtied = 0;
  sim.roundMs = 0;
  return 'running';
}
