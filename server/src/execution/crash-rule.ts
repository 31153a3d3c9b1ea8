/**
 * The crash rule applied (shared/src/execution/safety.ts decides it): to a
 * run just taken over from an instance that stopped, and to a run whose
 * executor crashed under this instance. An executor that can still ask what
 * carries the run (QEMU outlived the server) adopts it and goes on from what
 * it is told. Otherwise, before switchover the source kept the VM, so the run
 * rolls back; after it a new executor run carries on from the steps not yet
 * completed.
 */
import {
  foldMigration,
  isTerminal,
  recoveryRule,
  type MigrationState,
  type RecoveryRule,
  type TimedEvent,
} from '@vmmi/shared';
import type { Kysely } from 'kysely';
import * as runRepo from '../db/run-repo.ts';
import type { Database } from '../db/schema.ts';
import type { ExecutorRegistry } from './executor.ts';
import { at, liveRunOf, rollback, type LiveRun } from './live-run.ts';

export type Recovery =
  /** The events say it ended; only its status column lagged behind. */
  | { kind: 'ended'; state: MigrationState }
  | { kind: 'recovered'; live: LiveRun; events: TimedEvent[]; rule: RecoveryRule };

/** What taking run `id` over means, from its stored history. */
export async function recoveryOf(
  db: Kysely<Database>,
  id: string,
  previousOwner: string | null,
  instance: string,
  executors: ExecutorRegistry,
): Promise<Recovery> {
  const state = foldMigration(await runRepo.readRunEvents(db, id));
  if (isTerminal(state.status)) return { kind: 'ended', state };
  const live = liveRunOf(state, null);
  const executor = executors.get(state.spec.executor);
  if (state.status !== 'queued' && executor?.adopt) {
    const run = await executor.adopt(state.spec, state);
    if (run) {
      live.run = run;
      const rule = 'ask-executor';
      const recovered = at(state.simMs, { type: 'recovered', rule, instance, previousOwner });
      return { kind: 'recovered', live, events: [recovered], rule };
    }
  }
  const rule = recoveryRule(state);
  const events: TimedEvent[] = [
    at(state.simMs, { type: 'recovered', rule, instance, previousOwner }),
  ];
  if (rule === 'rollback-before-switchover')
    events.push(
      ...rollback(state.simMs, {
        code: 'owner-lost',
        message: `instance ${previousOwner ?? 'unknown'} stopped before switchover; the source kept the VM`,
      }),
    );
  else if (rule === 'resume-after-switchover') {
    if (!executor)
      events.push(
        at(state.simMs, {
          type: 'failed',
          code: 'no-executor',
          message: `no executor "${state.spec.executor}" to finish the run after switchover`,
          vmOn: state.spec.toHost,
        }),
      );
    else live.run = executor.start(state.spec, state);
  }
  return { kind: 'recovered', live, events, rule };
}

/**
 * The executor of a live run crashed at `simMs`: the crash rule, as after a
 * takeover, with this instance as both owners. After switchover the run gets
 * a new executor run.
 */
export function afterExecutorCrash(
  live: LiveRun,
  simMs: number,
  instance: string,
  executors: ExecutorRegistry,
): TimedEvent[] {
  const rule = recoveryRule({
    authority: live.run?.sim.switchedOver ? 'target' : 'source',
    status: 'running',
  });
  const recovered = at(simMs, { type: 'recovered', rule, instance, previousOwner: instance });
  if (rule === 'rollback-before-switchover')
    return [
      recovered,
      ...rollback(simMs, {
        code: 'executor-crash',
        message: 'the executor crashed before switchover; the source kept the VM',
      }),
    ];
  live.run = executors.get(live.spec.executor)!.start(live.spec, {
    ...live.state,
    authority: 'target',
    simMs,
  });
  return [recovered];
}
