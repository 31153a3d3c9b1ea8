/**
 * One running run's tick: the operator's abort first, then the faults that
 * reach it, then its executor's steps under the watchdogs. What happened is
 * appended to the tick's `Produced` for the supervisor to store.
 */
import {
  completionTimeoutMs,
  msToNextWindowEdge,
  switchoverBegun,
  watchdogVerdict,
  windowVerdict,
} from '@vmmi/shared';
import { afterExecutorCrash } from './crash-rule.ts';
import type { StoredFault } from './fault-repo.ts';
import { at, rollback, type LiveRun, type Produced } from './live-run.ts';
import { faultsFor, faultVerdict, isStuck } from './run-faults.ts';
import type { RunContext } from './run-start.ts';

export interface AdvanceContext extends RunContext {
  /** The real ms of each step this tick (sim-clock.ts). */
  steps: readonly number[];
  /** The run's fair share of its path, bytes/s. */
  share: number;
  /** Who asked to abort the run, if anyone has since the last tick. */
  abortBy: string | undefined;
  /** The active faults. */
  faults: readonly StoredFault[];
}

/**
 * One running run's tick: the operator's abort, the faults that reach it,
 * then its executor's steps under the watchdog. A simulated run takes the
 * tick's steps × its time scale; a real one (QEMU) is asked once for what
 * happened in the real time the steps add up to.
 */
export async function advanceRun(live: LiveRun, p: Produced, ctx: AdvanceContext): Promise<void> {
  const run = live.run!;
  const simMs = run.sim.simMs;
  const switched = run.sim.switchedOver;

  // The operator's request, made before this tick, is answered before the faults seen in it
  // (a fault that ended the run first would leave the request unrecorded).
  const by = ctx.abortBy;
  if (by !== undefined && !live.abortSeen) {
    live.abortSeen = true;
    p.events.push(at(simMs, { type: 'abort-requested', by }));
    if (!switched) {
      p.events.push(...rollback(simMs, { code: 'aborted', message: `aborted by ${by}` }));
      return;
    }
    p.events.push(
      at(simMs, {
        type: 'abort-refused',
        reason:
          'the target already runs the VM (after switchover the only way back is a move back)',
      }),
    );
  }

  for (const f of faultsFor(ctx.faults, live)) {
    if (live.faultsSeen.has(f.id)) continue;
    live.faultsSeen.add(f.id);
    p.events.push(at(simMs, { type: 'fault', fault: f.fault }));
    const verdict = faultVerdict(live.spec, f.fault, switched);
    if (verdict?.kind === 'end') {
      p.events.push(...verdict.events(simMs));
      return;
    }
    if (verdict?.kind === 'executor-crash') {
      p.events.push(...afterExecutorCrash(live, simMs, ctx.instanceId, ctx.executors));
      return;
    }
  }

  const stuck = !switched && isStuck(ctx.faults, live.id);
  const steps = run.realTime ? [ctx.steps.reduce((a, b) => a + b, 0)] : ctx.steps;
  const scale = run.realTime ? 1 : live.spec.timeScale;
  for (const stepMs of steps) {
    // A step never carries a run past its completion deadline: the watchdog stops it there,
    // rather than find it switched over at the end of a long step.
    const beforeDeadline = run.sim.switchedOver
      ? Infinity
      : Math.max(0, completionTimeoutMs(live.spec, ctx.safety) - (run.sim.simMs - run.sim.heldMs));
    let rest = Math.min(stepMs * scale, beforeDeadline);
    // A change window splits the step at its edges, so that a run begins its switchover
    // neither before the window opens nor after its last start.
    for (;;) {
      const now = live.clockOriginMs + run.sim.simMs;
      const verdict = windowVerdict(live.spec, run.sim, now);
      if (verdict.kind === 'missed') {
        p.events.push(...rollback(run.sim.simMs, verdict.outcome));
        return;
      }
      const edge = switchoverBegun(live.spec, run.sim)
        ? Infinity
        : msToNextWindowEdge(live.spec, now);
      const dtMs = Math.min(rest, edge);
      const { events, result } = await run.advance({
        dtMs,
        bandwidthBytesPerSecond: ctx.share,
        stuck,
        ...(verdict.kind === 'hold' && { hold: { until: verdict.until } }),
      });
      p.events.push(...events);
      if (result.kind === 'cannot-finish') {
        p.events.push(...rollback(run.sim.simMs, result.outcome));
        return;
      }
      if (result.kind === 'succeeded') return;
      const watchdog = watchdogVerdict(live.spec, run.sim, ctx.safety);
      if (watchdog) {
        p.events.push(...rollback(run.sim.simMs, watchdog));
        return;
      }
      rest -= dtMs;
      if (rest <= 1e-9 || run.realTime) break;
    }
  }
}
