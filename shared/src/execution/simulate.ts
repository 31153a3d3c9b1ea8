/**
 * The simulated executor's physics: a plan's steps run
 * against simulated time with the engine's migration model. Pre-copy sends
 * round after round while the guest dirties pages (model v2, QEMU's rules as in
 * migration/precopy.ts, with auto-converge, post-copy or nothing as the spec says:
 * simulate-precopy.ts);
 * the disk mirror and the stop-and-copy move bytes at whatever bandwidth the
 * run gets this tick; the other steps take the time the plan gives them. A
 * cold run (R15) is down from its shutdown until its boot ends, its disk copy
 * between: that whole stretch is its downtime.
 * Pure: the supervisor owns time, bandwidth and faults and hands them in.
 */
import type { PlanStep } from '../impact/report.ts';
import { PRECOPY_DEFAULTS } from '../migration/precopy.ts';
import type { MigrationEvent, MigrationSpec, Outcome } from './events.ts';
import { initialPrecopyState, precopyStep } from './simulate-precopy.ts';
import type { MigrationState } from './state.ts';

export { SIMULATION_DEFAULTS } from './simulate-precopy.ts';

/** Where a run is inside its current step; rebuilt from the events after a restart (simStateFor). */
export interface SimState {
  stepIndex: number;
  stepStarted: boolean;
  stepElapsedMs: number;
  simMs: number;
  transferredBytes: number;
  dirtiedBytes: number;
  /**
   * Pre-copy (model v2, simulate-precopy.ts): the round; the pages dirty at the sync that
   * opened it, in the working set or not, and of those not zero pages; their bytes on the
   * wire, what it sent of them, what the guest dirtied meanwhile.
   */
  round: number;
  roundWss: number;
  roundWssNonZero: number;
  roundRest: number;
  roundRestNonZero: number;
  roundToSend: number;
  roundSent: number;
  roundDirtied: number;
  roundMs: number;
  throttle: number;
  /** Auto-converge: the period since QEMU last checked the dirtying (ms, bytes sent and dirtied), and its high count. */
  periodMs: number;
  periodSent: number;
  periodDirtied: number;
  periodHigh: number;
  storageLeft: number;
  /** Memory left for the stop-and-copy. */
  stopCopyBytes: number;
  /** Stop-and-copy: what is left of the fixed switchover cost once the memory is across, ms. */
  switchoverLeftMs: number;
  switchedOver: boolean;
  downtimeMs: number;
  /** The last simulated time bytes moved or a step advanced (the no-progress watchdog reads it). */
  lastProgressMs: number;
  /** Simulated ms held before the switchover for a change window (the completion timeout leaves them out). */
  heldMs: number;
  /** Holding now (the held event is written once per hold). */
  holding: boolean;
}

export interface SimTick {
  /** Simulated ms to advance. */
  dtMs: number;
  /** This run's share of its path this tick. */
  bandwidthBytesPerSecond: number;
  /** Nothing advances (an injected stuck-progress fault). */
  stuck: boolean;
  /** Do not begin the switchover: its change window opens at `until` (change-window.ts). */
  hold?: { until: string };
}

export interface TimedEvent {
  simMs: number;
  event: MigrationEvent;
}

export type SimResult =
  | { kind: 'running' }
  | { kind: 'succeeded' }
  /** The copy cannot finish (non-convergent at full throttle): roll back. */
  | { kind: 'cannot-finish'; outcome: Outcome };

export function initialSimState(spec: MigrationSpec, simMs = 0): SimState {
  return {
    stepIndex: 0,
    stepStarted: false,
    stepElapsedMs: 0,
    simMs,
    transferredBytes: 0,
    dirtiedBytes: 0,
    ...initialPrecopyState(spec),
    storageLeft: spec.storageBytes,
    stopCopyBytes: 0,
    switchoverLeftMs: PRECOPY_DEFAULTS.switchoverMs,
    switchedOver: false,
    downtimeMs: 0,
    lastProgressMs: simMs,
    heldMs: 0,
    holding: false,
  };
}

/**
 * The simulation state of a run known only by its events, for a new owner
 * that resumes it after switchover: the copy steps are over by then, so the
 * first step not completed restarts from its beginning.
 */
export function simStateFor(state: MigrationState): SimState {
  const sim = initialSimState(state.spec, state.simMs);
  const done = new Set(state.stepsDone);
  const next = state.spec.steps.findIndex((s) => !done.has(s.id));
  return {
    ...sim,
    stepIndex: next === -1 ? state.spec.steps.length : next,
    transferredBytes: state.transferredBytes,
    dirtiedBytes: state.dirtiedBytes,
    roundToSend: 0,
    storageLeft: 0,
    switchedOver: state.authority === 'target',
    downtimeMs: state.downtimeMs ?? 0,
    round: state.round,
    throttle: state.throttle,
  };
}

/** Whether the VM is down through this step of a cold run (shutdown, its disk copy, boot). */
function coldDown(spec: MigrationSpec, step: PlanStep): boolean {
  if (step.kind === 'shutdown' || step.kind === 'boot') return true;
  return step.kind === 'storage-copy' && spec.steps.some((s) => s.kind === 'shutdown');
}

const COPY_KINDS: ReadonlySet<PlanStep['kind']> = new Set([
  'storage-copy',
  'pre-copy',
  'stop-and-copy',
]);

/** Advances a run by one tick: the events it produced, the state after, and whether it finished. */
export function advanceSim(
  spec: MigrationSpec,
  before: SimState,
  tick: SimTick,
): { sim: SimState; events: TimedEvent[]; result: SimResult } {
  const sim: SimState = { ...before };
  const events: TimedEvent[] = [];
  const emit = (event: MigrationEvent) => events.push({ simMs: sim.simMs, event });
  const B = Math.max(0, tick.bandwidthBytesPerSecond);
  let left = Math.max(0, tick.dtMs);
  let result: SimResult = { kind: 'running' };

  const spend = (ms: number) => {
    sim.simMs += ms;
    sim.stepElapsedMs += ms;
    left -= ms;
  };

  while (result.kind === 'running') {
    const step = spec.steps[sim.stepIndex];
    if (!step) {
      emit(succeededEvent(sim));
      result = { kind: 'succeeded' };
      break;
    }
    if (tick.hold && !sim.stepStarted && step.phase !== 'before-switchover' && !sim.switchedOver) {
      const outcome = holdSwitchover(spec, sim, tick.stuck ? 0 : B, left, tick.hold.until, emit);
      left = 0;
      if (outcome) result = { kind: 'cannot-finish', outcome };
      break;
    }
    enterStep(sim, step, emit);
    if (left <= 0 || tick.stuck) break;

    let finished = false;
    const t0 = sim.simMs;
    if (step.kind === 'storage-copy') {
      if (B === 0) break;
      const ms = Math.min(left, (sim.storageLeft / B) * 1000);
      const bytes = (B * ms) / 1000;
      sim.storageLeft = Math.max(0, sim.storageLeft - bytes);
      sim.transferredBytes += bytes;
      spend(ms);
      finished = sim.storageLeft <= 1e-6;
    } else if (step.kind === 'pre-copy' && spec.live) {
      if (B === 0) break;
      const outcome = precopyStep(spec, sim, B, left, spend, emit);
      if (outcome === 'done') finished = true;
      else if (outcome !== 'running') result = { kind: 'cannot-finish', outcome };
    } else if (step.kind === 'stop-and-copy') {
      // The VM is paused: downtime runs whether or not bytes move. First the
      // last dirty pages, then the fixed switchover (device state, handshakes);
      // neither moves without bandwidth, and a stall is not progress.
      if (B === 0) {
        spend(left);
        sim.downtimeMs = sim.stepElapsedMs;
        break;
      }
      if (sim.stopCopyBytes > 0) {
        const copyMs = (sim.stopCopyBytes / B) * 1000;
        const ms = Math.min(left, copyMs);
        const bytes =
          ms === copyMs ? sim.stopCopyBytes : Math.min(sim.stopCopyBytes, (B * ms) / 1000);
        sim.transferredBytes += bytes;
        sim.stopCopyBytes -= bytes;
        spend(ms);
      } else {
        const ms = Math.min(left, sim.switchoverLeftMs);
        sim.switchoverLeftMs -= ms;
        spend(ms);
      }
      sim.downtimeMs = sim.stepElapsedMs;
      finished = sim.stopCopyBytes <= 0 && sim.switchoverLeftMs <= 0;
    } else {
      const ms = Math.min(left, Math.max(0, step.expectedMs - sim.stepElapsedMs));
      spend(ms);
      finished = sim.stepElapsedMs >= step.expectedMs;
    }
    if (coldDown(spec, step)) sim.downtimeMs += sim.simMs - t0;
    sim.lastProgressMs = sim.simMs;
    if (finished) completeStep(sim, step, emit);
    else if (left <= 1e-9) break;
  }
  // Stalled ticks still count as time passing (the watchdogs measure it).
  if (left > 0 && result.kind === 'running') {
    sim.simMs += left;
    // A VM paused for its stop-and-copy stays paused through a stuck executor: that is downtime too.
    const step = spec.steps[sim.stepIndex];
    if (sim.stepStarted && step?.kind === 'stop-and-copy') {
      sim.stepElapsedMs += left;
      sim.downtimeMs = sim.stepElapsedMs;
    } else if (sim.stepStarted && step && coldDown(spec, step)) sim.downtimeMs += left;
  }
  if (result.kind === 'running') emit(progressEvent(spec, sim, B));
  return { sim, events, result };
}

/**
 * Enters the run's current step unless it has: at the network's switch the
 * switchover comes first (the point of no return: the target resumes the VM
 * before the network follows it). Every executor walks a plan's steps so.
 * Whether it entered the step now.
 */
export function enterStep(
  sim: SimState,
  step: PlanStep,
  emit: (e: MigrationEvent) => void,
): boolean {
  if (sim.stepStarted) return false;
  sim.holding = false;
  if (step.kind === 'switch-network' && !sim.switchedOver) {
    sim.switchedOver = true;
    emit({ type: 'switched-over', downtimeMs: sim.downtimeMs, estateVersion: null });
  }
  emit({ type: 'step-started', stepId: step.id, kind: step.kind });
  sim.stepStarted = true;
  sim.stepElapsedMs = 0;
  sim.lastProgressMs = sim.simMs;
  return true;
}

/**
 * Whether a run needs a share of its path now. Every step before switchover
 * leads to a copy (or is one): a run holds its share from the start, so a
 * tick that runs from reserve into pre-copy does not copy at zero bandwidth.
 */
export function needsPathShare(spec: MigrationSpec, sim: SimState): boolean {
  const step = spec.steps[sim.stepIndex];
  return !!step && !sim.switchedOver && step.kind !== 'switch-network';
}

/**
 * Ready to switch over before the window opens: a live copy stays converged by
 * re-sending what the guest dirties, which it can only while its share of the
 * path outruns the dirtying (else each round grows and the rest no longer fits
 * the downtime limit). A parallel run has nothing to re-send and just waits.
 * The outcome when it cannot hold (a stuck copy gets no bandwidth).
 */
function holdSwitchover(
  spec: MigrationSpec,
  sim: SimState,
  B: number,
  ms: number,
  until: string,
  emit: (e: MigrationEvent) => void,
): Outcome | null {
  if (!sim.holding) {
    sim.holding = true;
    emit({ type: 'switchover-held', until });
  }
  const dirtying = spec.live ? spec.dirtyBytesPerSecond * (1 - sim.throttle) : 0;
  if (dirtying > 0 && dirtying >= B) {
    const mib = (x: number) => (x / 2 ** 20).toFixed(0);
    return {
      code: 'window-cannot-hold',
      message: `cannot stay converged until the change window opens at ${until}: the guest dirties ${mib(dirtying)} MiB/s and the copy gets ${mib(B)} MiB/s`,
    };
  }
  const resent = (dirtying * ms) / 1000;
  sim.transferredBytes += resent;
  sim.dirtiedBytes += resent;
  sim.simMs += ms;
  sim.heldMs += ms;
  sim.lastProgressMs = sim.simMs;
  return null;
}

/** Records the current step done and moves to the next. */
export function completeStep(sim: SimState, step: PlanStep, emit: (e: MigrationEvent) => void) {
  emit({ type: 'step-completed', stepId: step.id, kind: step.kind, ms: sim.stepElapsedMs });
  sim.stepIndex += 1;
  sim.stepStarted = false;
  sim.stepElapsedMs = 0;
}

/** The run's last event, once every step is done. */
export function succeededEvent(sim: SimState): MigrationEvent {
  return {
    type: 'succeeded',
    totalMs: sim.simMs,
    downtimeMs: sim.downtimeMs,
    transferredBytes: sim.transferredBytes,
  };
}

function progressEvent(spec: MigrationSpec, sim: SimState, B: number): MigrationEvent {
  const step = spec.steps[sim.stepIndex];
  const remaining = !step
    ? 0
    : step.kind === 'storage-copy'
      ? sim.storageLeft
      : step.kind === 'pre-copy' && spec.live
        ? Math.max(0, sim.roundToSend - sim.roundSent)
        : step.kind === 'stop-and-copy'
          ? sim.stopCopyBytes
          : 0;
  return {
    type: 'progress',
    kind: step?.kind ?? 'decommission',
    transferredBytes: sim.transferredBytes,
    dirtiedBytes: sim.dirtiedBytes,
    remainingBytes: remaining,
    bandwidthBytesPerSecond: B,
    round: sim.round,
    throttle: sim.throttle,
    etaMs: etaMs(spec, sim, B, remaining),
  };
}

/** Simulated ms to the end: the current step's rest plus the plan's figures for the steps after it. */
function etaMs(spec: MigrationSpec, sim: SimState, B: number, remaining: number): number | null {
  const step = spec.steps[sim.stepIndex];
  if (!step) return 0;
  let now: number;
  if (COPY_KINDS.has(step.kind) && (step.kind !== 'pre-copy' || spec.live)) {
    if (B === 0) return null;
    now = (remaining / B) * 1000;
  } else now = Math.max(0, step.expectedMs - sim.stepElapsedMs);
  const later = spec.steps.slice(sim.stepIndex + 1).reduce((t, s) => t + s.expectedMs, 0);
  return now + later;
}
