/**
 * What the execution slice needs from the server: execute an
 * accepted plan, abort a run, read runs and their events, inject and clear
 * faults, and the live event stream. An interface, so the store's tests run
 * against a fake; every failure comes back as an outcome in words, never as a
 * thrown error.
 */
import type {
  ChangeWindow,
  Convergence,
  EventRecord,
  FaultInput,
  MigrationEventRecord,
  MigrationState,
} from '@vmmi/shared';
import { TRPCClientError } from '@trpc/client';
import type { TrpcClient } from './trpc.ts';

/** A row of `migrations.list`: the full state comes from `get`. */
export type MigrationRow = Awaited<ReturnType<TrpcClient['migrations']['list']['query']>>[number];
export type StoredFault = Awaited<ReturnType<TrpcClient['faults']['list']['query']>>[number];

/** Why the server would not act, as it said in `error.data.refusal`. */
export type RefusalKind =
  | 'stale-estate'
  | 'plan-not-executable'
  | 'precheck-failed'
  | 'vm-busy'
  | 'migration-finished'
  | 'wave-not-awaiting'
  | 'wave-run-ended'
  | 'vm-in-wave-run'
  | 'other';

/** A call's result: its value, or why not (`unreachable`: the server did not answer at all). */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; refusal: RefusalKind | null; unreachable: boolean; message: string };

export interface ExecuteInput {
  planId: string;
  /** Simulated ms per real ms. */
  timeScale: number;
  /** The server's executor to run it (default: its simulator). */
  executor?: string;
  /** What a run does when its copy does not converge (default: auto-converge). */
  convergence?: Convergence;
  /** When the switchovers may happen (default: as soon as each copy is ready). */
  window?: ChangeWindow;
}

/** The connection of the event stream, as the panel shows it. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface StreamHandlers {
  /** A frame: the events written together, in id order; `id` is the last one's (resume point). */
  onFrame(id: string, events: EventRecord[]): void;
  onStatus(status: StreamStatus, error: string | null): void;
  /** The stream ended for good (the server refused the resume point, or closed it): subscribe again. */
  onEnd(error: { message: string; badResume: boolean } | null): void;
}

export interface ExecutionApi {
  execute(input: ExecuteInput): Promise<Outcome<{ id: string; vmId: string }[]>>;
  abort(id: string): Promise<Outcome<{ already: boolean }>>;
  list(
    estateId: string,
    opts: { active: boolean; limit?: number },
  ): Promise<Outcome<MigrationRow[]>>;
  get(id: string): Promise<Outcome<{ state: MigrationState; events: MigrationEventRecord[] }>>;
  injectFault(estateId: string, fault: FaultInput): Promise<Outcome<StoredFault>>;
  clearFault(id: string): Promise<Outcome<StoredFault>>;
  listFaults(): Promise<Outcome<StoredFault[]>>;
  /** Every event from now (or after `lastEventId`); returns the function that stops it. */
  subscribe(lastEventId: string | null, handlers: StreamHandlers): () => void;
}

const REFUSALS: ReadonlySet<string> = new Set([
  'stale-estate',
  'plan-not-executable',
  'precheck-failed',
  'vm-busy',
  'migration-finished',
  'wave-not-awaiting',
  'wave-run-ended',
  'vm-in-wave-run',
]);

/** Maps a failed call to words: a refusal the server explained, another error it answered with, or silence. */
export function failureOf(err: unknown): Extract<Outcome<never>, { ok: false }> {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string; refusal?: { kind?: string } | null } | undefined;
    if (data?.code) {
      const kind = data.refusal?.kind;
      return {
        ok: false,
        refusal: kind && REFUSALS.has(kind) ? (kind as RefusalKind) : 'other',
        unreachable: false,
        message: err.message,
      };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    ok: false,
    refusal: null,
    unreachable: true,
    message: `the server could not be reached (${message})`,
  };
}

/** A call's value, or its failure in words (failureOf). */
export async function attempt<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    return failureOf(err);
  }
}

export function createExecutionApi(client: TrpcClient): ExecutionApi {
  return {
    execute: (input) =>
      attempt(async () => (await client.migrations.execute.mutate(input)).migrations),
    abort: (id) =>
      attempt(async () => ({ already: (await client.migrations.abort.mutate({ id })).already })),
    list: (estateId, { active, limit = 50 }) =>
      attempt(() => client.migrations.list.query({ estateId, active, limit })),
    get: (id) => attempt(() => client.migrations.get.query({ id })),
    injectFault: (estateId, fault) =>
      attempt(() => client.faults.inject.mutate({ estateId, fault })),
    clearFault: (id) => attempt(() => client.faults.clear.mutate({ id })),
    listFaults: () => attempt(() => client.faults.list.query({ active: true })),
    subscribe(lastEventId, handlers) {
      const sub = client.migrations.events.subscribe(
        { lastEventId },
        {
          onData(tracked) {
            handlers.onFrame(tracked.id, tracked.data.events);
          },
          onConnectionStateChange(state) {
            if (state.state === 'pending') handlers.onStatus('live', null);
            else if (state.state === 'connecting')
              handlers.onStatus(
                state.error ? 'reconnecting' : 'connecting',
                state.error?.message ?? null,
              );
          },
          onError(err) {
            const code = (err.data as { code?: string } | undefined)?.code;
            handlers.onEnd({ message: err.message, badResume: code === 'BAD_REQUEST' });
          },
          onStopped() {
            handlers.onEnd(null);
          },
        },
      );
      return () => sub.unsubscribe();
    },
  };
}
