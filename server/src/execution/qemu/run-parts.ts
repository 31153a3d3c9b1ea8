/**
 * The parts of a QEMU run that need none of its state: what QEMU reports as
 * a progress event, the rule that calls a copy non-convergent, and waiting on
 * background work across ticks.
 */
import type { Convergence, MigrationEvent, PlanStep, SimState } from '@vmmi/shared';
import type { MigrationInfo } from './qmp.ts';

/** The copy will not converge with what the plan allows: the run cannot finish (the simulator's code). */
export class NonConvergent extends Error {
  override readonly name = 'NonConvergent';
}

/** A background operation the run waits on across ticks. */
export interface Pending {
  done: boolean;
  error: Error | null;
}

export function track(work: Promise<unknown>): Pending {
  const p: Pending = { done: false, error: null };
  work.then(
    () => (p.done = true),
    (err: unknown) => {
      p.error = err instanceof Error ? err : new Error(String(err));
      p.done = true;
    },
  );
  return p;
}

/**
 * Whether the round that just ended says pre-copy will not converge on its
 * own: it sent as much as the one before (QEMU's passes stop shrinking once
 * the working set is dirtied faster than it is sent), or the run is past its
 * rounds. Under auto-converge QEMU throttles further, so only a guest already
 * throttled as far as QEMU goes (99 %) counts.
 */
export function roundStalled(
  convergence: Convergence,
  maxRounds: number,
  sim: Pick<SimState, 'round' | 'throttle'>,
  sent: number,
  lastRoundSent: number,
): boolean {
  // Measured passes wobble by a few percent; one that sends 97 % of the last did not shrink.
  const notShrinking = sim.round > 0 && sent >= 0.97 * lastRoundSent;
  const tooMany = sim.round + 1 >= maxRounds;
  if (convergence === 'auto-converge') return sim.throttle >= 0.99 && (notShrinking || tooMany);
  return notShrinking || tooMany;
}

/** A `query-migrate` sample as the progress event every executor emits, QEMU's own figures in `measured`. */
export function measuredProgress(
  step: PlanStep,
  sim: SimState,
  info: MigrationInfo,
): MigrationEvent {
  const ram = info.ram;
  return {
    type: 'progress',
    kind: step.kind,
    transferredBytes: sim.transferredBytes,
    dirtiedBytes: sim.dirtiedBytes,
    remainingBytes: ram?.remaining ?? 0,
    bandwidthBytesPerSecond: ram ? (ram.mbps * 1e6) / 8 : 0,
    round: sim.round,
    throttle: sim.throttle,
    etaMs: null,
    measured: {
      status: info.status ?? 'none',
      dirtyPagesPerSecond: ram?.['dirty-pages-rate'] ?? 0,
      dirtySyncCount: ram?.['dirty-sync-count'] ?? 0,
      zeroPages: ram?.duplicate ?? 0,
      normalPages: ram?.normal ?? 0,
      expectedDowntimeMs: info['expected-downtime'] ?? null,
      downtimeMs: info.downtime ?? null,
      setupMs: info['setup-time'] ?? null,
      totalMs: info['total-time'] ?? null,
      postcopyBytes: ram?.['postcopy-bytes'] ?? 0,
    },
  };
}

/**
 * How long the destination may take to load the last of the state once the source reports
 * the copy complete: under TCG on a loaded machine it has been seen still `inmigrate` then.
 */
export const DESTINATION_LOAD_MS = 30_000;

/**
 * The destination's run state once the source has sent everything: true when it runs the
 * guest, false while it is still `inmigrate` (loading what came last, for up to `limitMs`
 * since the activation began), else why the move failed.
 */
export function destinationRunning(
  status: string,
  waitedMs: number,
  limitMs = DESTINATION_LOAD_MS,
): boolean | string {
  if (status === 'running') return true;
  if (status === 'inmigrate' && waitedMs < limitMs) return false;
  const after = status === 'inmigrate' ? ` ${Math.round(waitedMs / 1000)} s` : '';
  return `the destination is ${status}${after} after the migration, not running`;
}
