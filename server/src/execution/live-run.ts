/**
 * A run as the supervisor holds it between ticks, and the small event
 * builders every part of the supervisor shares.
 */
import {
  claimOf,
  type MigrationEvent,
  type MigrationSpec,
  type MigrationState,
  type MigrationStatus,
  type Outcome,
  type SimState,
  type SlotClaim,
  type TimedEvent,
} from '@vmmi/shared';
import type { ExecutorRun } from './executor.ts';

export interface LiveRun {
  id: string;
  spec: MigrationSpec;
  /** The state folded from its stored events: what is durable, not what the executor did since. */
  state: MigrationState;
  run: ExecutorRun | null;
  claim: SlotClaim;
  /** The links of its path as keys of linkCapacities(): `${estateId}|${linkId}`. */
  linkKeys: string[];
  abortSeen: boolean;
  faultsSeen: Set<string>;
  /**
   * The wall-clock ms its simulated time counts from (set when it starts), so that its clock,
   * origin + simMs, can be read against a change window: a run sped up for a demo meets its
   * window sooner in real time, as it meets everything else.
   */
  clockOriginMs: number;
}

/** What one run produced in a tick, before it is stored. */
export interface Produced {
  live: LiveRun;
  events: TimedEvent[];
  /** Where its executor run was before the tick, to put it back if the tick is not stored. */
  simBefore: SimState | null;
}

export function liveRunOf(state: MigrationState, run: ExecutorRun | null): LiveRun {
  return {
    id: state.id,
    spec: state.spec,
    state,
    run,
    claim: { id: state.id, ...claimOf(state.spec) },
    linkKeys: state.spec.path.map((l) => `${state.spec.estateId}|${l.id}`),
    abortSeen: state.abortRequested,
    faultsSeen: new Set(),
    clockOriginMs: state.clockOriginMs ?? Date.now() - state.simMs,
  };
}

export function at(simMs: number, event: MigrationEvent): TimedEvent {
  return { simMs, event };
}

/** A rollback is recorded as its start and its end: nothing of the source was given up. */
export function rollback(simMs: number, outcome: Outcome): TimedEvent[] {
  return [
    at(simMs, { type: 'rolling-back', ...outcome }),
    at(simMs, { type: 'rolled-back', ...outcome }),
  ];
}

export function statusAfter(
  status: MigrationStatus,
  events: readonly TimedEvent[],
): MigrationStatus {
  let s = status;
  for (const { event } of events)
    if (event.type === 'started') s = 'running';
    else if (event.type === 'succeeded') s = 'succeeded';
    else if (event.type === 'rolled-back') s = 'rolled-back';
    else if (event.type === 'failed') s = 'failed';
  return s;
}
