/**
 * A migration's state, derived from its events alone (event sourcing): the
 * server folds the stored events to decide what to do after a restart, the
 * web app and the CLI fold the streamed ones to show progress. One reducer
 * serves all three, so they cannot disagree.
 */
import type { PlanStep } from '../impact/report.ts';
import type {
  MigrationEventRecord,
  MigrationSpec,
  MigrationStatus,
  Outcome,
  Round,
} from './events.ts';

export interface MigrationState {
  id: string;
  spec: MigrationSpec;
  status: MigrationStatus;
  /** Who runs the VM: the source until switched-over, the target from then on. */
  authority: 'source' | 'target';
  /** Held before its switchover until its change window opens (ISO 8601), or null. */
  heldUntil: string | null;
  /** The step in progress, if any. */
  step: PlanStep['kind'] | null;
  stepsDone: string[];
  transferredBytes: number;
  dirtiedBytes: number;
  remainingBytes: number;
  bandwidthBytesPerSecond: number;
  round: number;
  throttle: number;
  etaMs: number | null;
  rounds: Round[];
  downtimeMs: number | null;
  abortRequested: boolean;
  /** Why it ended when it did not succeed; also set while rolling back. */
  outcome: Outcome | null;
  /** Where the VM is: the source host, the target host. */
  vmOn: string;
  /** Faults that hit this run, in order. */
  faults: string[];
  lastSeq: number;
  lastEventId: string;
  simMs: number;
  createdAt: string;
  updatedAt: string;
  /** The instance that last started or recovered it. */
  instance: string | null;
  /** Simulated ms at its switchover, once it has switched over. */
  switchedOverAtSimMs: number | null;
  /** Wall-clock epoch ms its simulated time counts from, once started (the run's clock is this + simMs). */
  clockOriginMs: number | null;
}

export function isTerminal(status: MigrationStatus): boolean {
  return status === 'succeeded' || status === 'rolled-back' || status === 'failed';
}

/** The state after one more event; `undefined` before the `created` event. */
export function reduceMigration(
  state: MigrationState | undefined,
  record: MigrationEventRecord,
): MigrationState {
  const e = record.event;
  if (!state) {
    if (e.type !== 'created')
      throw new Error(`migration ${record.migrationId}: first event is ${e.type}, not created`);
    return {
      id: record.migrationId,
      spec: e.spec,
      status: 'queued',
      authority: 'source',
      heldUntil: null,
      step: null,
      stepsDone: [],
      transferredBytes: 0,
      dirtiedBytes: 0,
      remainingBytes: e.spec.memoryBytes + e.spec.storageBytes,
      bandwidthBytesPerSecond: 0,
      round: 0,
      throttle: 0,
      etaMs: null,
      rounds: [],
      downtimeMs: null,
      abortRequested: false,
      outcome: null,
      vmOn: e.spec.fromHost,
      faults: [],
      lastSeq: record.seq,
      lastEventId: record.id,
      simMs: record.simMs,
      createdAt: record.at,
      updatedAt: record.at,
      instance: null,
      switchedOverAtSimMs: null,
      clockOriginMs: null,
    };
  }
  if (record.seq !== state.lastSeq + 1)
    throw new Error(
      `migration ${state.id}: event ${record.seq} follows ${state.lastSeq}; events are missing or repeated`,
    );
  const next: MigrationState = {
    ...state,
    lastSeq: record.seq,
    lastEventId: record.id,
    simMs: record.simMs,
    updatedAt: record.at,
  };
  switch (e.type) {
    case 'created':
      throw new Error(`migration ${state.id}: created twice`);
    case 'queued':
      return { ...next, status: 'queued' };
    case 'started':
      return {
        ...next,
        status: 'running',
        instance: e.instance,
        clockOriginMs: e.clockOrigin ? Date.parse(e.clockOrigin) : null,
      };
    case 'step-started':
      return { ...next, step: e.kind, heldUntil: null };
    case 'step-completed':
      return { ...next, step: null, stepsDone: [...state.stepsDone, e.stepId] };
    case 'progress':
      // Set on `next`, this call's own copy, rather than copied once more: nine events in ten
      // are progress, and a supervisor folds a thousand runs' each tick.
      return Object.assign(next, {
        transferredBytes: e.transferredBytes,
        dirtiedBytes: e.dirtiedBytes,
        remainingBytes: e.remainingBytes,
        bandwidthBytesPerSecond: e.bandwidthBytesPerSecond,
        round: e.round,
        throttle: e.throttle,
        etaMs: e.etaMs,
      });
    case 'round-completed':
      return { ...next, rounds: [...state.rounds, e.round] };
    case 'switchover-held':
      return { ...next, heldUntil: e.until };
    case 'switched-over':
      return {
        ...next,
        authority: 'target',
        vmOn: state.spec.toHost,
        downtimeMs: e.downtimeMs,
        switchedOverAtSimMs: record.simMs,
      };
    case 'abort-requested':
      return { ...next, abortRequested: true };
    case 'abort-refused':
      return next;
    case 'fault':
      return { ...next, faults: [...state.faults, e.fault.kind] };
    case 'recovered':
      return { ...next, instance: e.instance };
    case 'rolling-back':
      return { ...next, outcome: { code: e.code, message: e.message } };
    case 'rolled-back':
      return {
        ...next,
        status: 'rolled-back',
        step: null,
        heldUntil: null,
        etaMs: null,
        vmOn: state.spec.fromHost,
        outcome: { code: e.code, message: e.message },
      };
    case 'succeeded':
      return {
        ...next,
        status: 'succeeded',
        step: null,
        etaMs: 0,
        remainingBytes: 0,
        downtimeMs: e.downtimeMs,
        transferredBytes: e.transferredBytes,
        outcome: null,
      };
    case 'failed':
      return {
        ...next,
        status: 'failed',
        step: null,
        etaMs: null,
        vmOn: e.vmOn,
        outcome: { code: e.code, message: e.message },
      };
  }
}

/** Folds a run's events, in seq order, into its state. */
export function foldMigration(records: readonly MigrationEventRecord[]): MigrationState {
  let state: MigrationState | undefined;
  for (const r of records) state = reduceMigration(state, r);
  if (!state) throw new Error('a migration needs at least its created event');
  return state;
}
