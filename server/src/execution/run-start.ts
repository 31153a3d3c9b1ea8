/**
 * The queued runs at a tick: an operator's abort ends a queued run at once;
 * the others start, with their executor, when the concurrency limits let them
 * (shared/src/execution/safety.ts), or say once why they wait.
 */
import {
  admit,
  waitingFor,
  windowVerdictBeforeStart,
  type SafetyConfig,
  type SimState,
} from '@vmmi/shared';
import type { ExecutorRegistry } from './executor.ts';
import { at, rollback, type LiveRun, type Produced } from './live-run.ts';

/** What the supervisor lends the parts of a tick. */
export interface RunContext {
  executors: ExecutorRegistry;
  safety: SafetyConfig;
  instanceId: string;
}

/**
 * Queued runs: aborted ones end here; the others start when the limits let
 * them. The runs that run after this, those started now included.
 */
export function startQueued(
  runs: readonly LiveRun[],
  aborts: ReadonlyMap<string, string>,
  out: (live: LiveRun, simBefore: SimState | null) => Produced,
  ctx: RunContext,
): LiveRun[] {
  const running = runs.filter((r) => r.state.status === 'running');
  const queued = runs.filter((r) => r.state.status === 'queued');
  for (const q of queued) {
    const by = aborts.get(q.id);
    if (by !== undefined && !q.abortSeen) {
      q.abortSeen = true;
      const p = out(q, null);
      p.events.push(at(0, { type: 'abort-requested', by }));
      p.events.push(...rollback(0, { code: 'aborted', message: `aborted by ${by} while queued` }));
    }
  }
  const admitted = new Set(
    admit(
      running.map((r) => r.claim),
      queued.filter((q) => !q.abortSeen).map((q) => q.claim),
      ctx.safety,
    ),
  );
  for (const q of queued) {
    if (q.abortSeen) continue;
    // A run whose change window can no longer take its switchover does not start a copy for nothing.
    const verdict = windowVerdictBeforeStart(q.spec, Date.now());
    if (verdict.kind === 'missed') {
      out(q, null).events.push(...rollback(0, verdict.outcome));
      continue;
    }
    if (admitted.has(q.id)) {
      const executor = ctx.executors.get(q.spec.executor);
      if (!executor) {
        out(q, null).events.push(
          ...rollback(0, {
            code: 'no-executor',
            message: `no executor "${q.spec.executor}" on instance ${ctx.instanceId}`,
          }),
        );
        continue;
      }
      q.run = executor.start(q.spec);
      q.clockOriginMs = Date.now();
      out(q, null).events.push(
        at(0, {
          type: 'started',
          instance: ctx.instanceId,
          clockOrigin: new Date(q.clockOriginMs).toISOString(),
        }),
      );
      running.push(q);
    } else if (q.state.lastSeq === 1) {
      // Say once why it waits.
      const why = waitingFor(
        running.map((r) => r.claim),
        q.claim,
        ctx.safety,
      );
      if (why) out(q, null).events.push(at(0, { type: 'queued', reason: why }));
    }
  }
  return running;
}
