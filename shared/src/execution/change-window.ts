/**
 * Change windows (docs/execution.md, "Change windows"): a run may copy
 * whenever it is started, but its switchover, the step that pauses the VM or
 * moves its traffic, happens only inside its window, as VMware HCX separates
 * replication from a scheduled switchover. A run whose copy has converged
 * before the window opens holds there and keeps re-sending what the guest
 * dirties; one that cannot switch over and finish the switchover before the
 * window closes rolls back. Pure: the supervisor reads the run's clock and
 * applies the verdict to whichever executor carries the run.
 */
import { z } from 'zod';
import type { MigrationSpec, Outcome } from './events.ts';
import type { SimState } from './simulate.ts';

const Instant = z.iso.datetime({ offset: true });

export const ChangeWindowSchema = z
  .object({
    /** When the switchover may begin (ISO 8601 with an offset). */
    opensAt: Instant,
    /** When the switchover must be over. */
    closesAt: Instant,
    /** The operator's IANA time zone, to show the window as it was set (the instants are absolute). */
    timeZone: z.string().min(1).max(64).optional(),
  })
  .refine((w) => Date.parse(w.closesAt) > Date.parse(w.opensAt), {
    message: 'a change window closes after it opens',
    path: ['closesAt'],
  });
export type ChangeWindow = z.infer<typeof ChangeWindowSchema>;

/** What a run at the switchover's threshold does now. */
export type WindowVerdict =
  /** Go on: no window, the window is open, or the switchover has begun. */
  | { kind: 'go' }
  /** Copy on, but do not begin the switchover for `forMs` more ms of the run's clock. */
  | { kind: 'hold'; forMs: number; until: string }
  /** Roll back: the switchover can no longer begin and end inside the window. */
  | { kind: 'missed'; outcome: Outcome };

/**
 * The plan's time for the switchover itself: its steps in the `switchover`
 * phase (the stop-and-copy of a live move, the traffic's switch of any move).
 * A switchover that begins later than this before the window closes would
 * end outside it.
 */
export function switchoverMs(spec: Pick<MigrationSpec, 'steps'>): number {
  return spec.steps.filter((s) => s.phase === 'switchover').reduce((t, s) => t + s.expectedMs, 0);
}

/** Whether the run has begun its switchover (the VM paused or its traffic moving): past the window's say. */
export function switchoverBegun(
  spec: Pick<MigrationSpec, 'steps'>,
  sim: Pick<SimState, 'stepIndex' | 'stepStarted' | 'switchedOver'>,
): boolean {
  if (sim.switchedOver) return true;
  const step = spec.steps[sim.stepIndex];
  if (!step) return true;
  return step.phase !== 'before-switchover' && sim.stepStarted;
}

/**
 * The window's verdict on a run whose clock reads `nowMs` (epoch ms): the
 * last moment a switchover may begin is `closesAt − switchoverMs`, so that it
 * ends inside the window.
 */
export function windowVerdict(
  spec: Pick<MigrationSpec, 'steps' | 'window'>,
  sim: Pick<SimState, 'stepIndex' | 'stepStarted' | 'switchedOver'>,
  nowMs: number,
): WindowVerdict {
  const w = spec.window;
  if (!w || switchoverBegun(spec, sim)) return { kind: 'go' };
  const opens = Date.parse(w.opensAt);
  const lastStart = Date.parse(w.closesAt) - switchoverMs(spec);
  if (nowMs >= lastStart || lastStart < opens)
    return {
      kind: 'missed',
      outcome: {
        code: 'window-missed',
        message:
          lastStart < opens
            ? `the change window (${w.opensAt} – ${w.closesAt}) is shorter than the switchover (${(switchoverMs(spec) / 1000).toFixed(1)} s)`
            : `not ready to switch over by ${new Date(lastStart).toISOString()}, the last start that ends inside the change window closing at ${w.closesAt}`,
      },
    };
  if (nowMs < opens) return { kind: 'hold', forMs: opens - nowMs, until: w.opensAt };
  return { kind: 'go' };
}

/** The window's verdict on a run that has not started copying (a queued run, or a request to execute). */
export function windowVerdictBeforeStart(
  spec: Pick<MigrationSpec, 'steps' | 'window'>,
  nowMs: number,
): WindowVerdict {
  return windowVerdict(spec, { stepIndex: 0, stepStarted: false, switchedOver: false }, nowMs);
}

/** How long the run may advance before the window's verdict changes: to its opening while held, else to its last start. */
export function msToNextWindowEdge(
  spec: Pick<MigrationSpec, 'steps' | 'window'>,
  nowMs: number,
): number {
  const w = spec.window;
  if (!w) return Infinity;
  const opens = Date.parse(w.opensAt);
  if (nowMs < opens) return opens - nowMs;
  return Math.max(0, Date.parse(w.closesAt) - switchoverMs(spec) - nowMs);
}
