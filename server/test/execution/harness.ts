/**
 * A server's execution service on a test database, driven through the tRPC
 * caller as the API's clients drive it, with a fast tick.
 */
import {
  buildDemoEstate,
  isTerminal,
  SAFETY_DEFAULTS,
  type Device,
  type Estate,
  type MigrationEvent,
  type MigrationEventRecord,
  type MigrationEventType,
  type SafetyConfig,
  type Vm,
} from '@vmmi/shared';
import { sql } from 'kysely';
import { afterEach, expect } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { createContextInner } from '../../src/context.ts';
import type { Db } from '../../src/db/db.ts';
import {
  createExecution,
  executionConfig,
  type Execution,
  type ExecutionConfig,
} from '../../src/execution/service.ts';
import type { ExecutorRegistry } from '../../src/execution/executor.ts';
import type { WritebackWorkerOptions } from '../../src/writeback/worker.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';

const createCaller = createCallerFactory(appRouter);
const quiet = { info: () => undefined, error: (o: object, m: string) => console.error(m, o) };

export interface Harness {
  execution: Execution;
  as(role: Role): ReturnType<typeof createCaller>;
}

/** Starts an execution service per call; all are stopped after each test. */
export function useExecution(db: () => Db) {
  const started: Execution[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.stop()));
  });
  return async (
    overrides: Partial<ExecutionConfig> = {},
    executors?: ExecutorRegistry,
    writeback?: Partial<WritebackWorkerOptions>,
  ): Promise<Harness> => {
    const execution = createExecution(
      db(),
      executionConfig({ tickMs: 10, leaseMs: 2_000, pollMs: 200, ...overrides }),
      quiet,
      executors,
      writeback,
    );
    await execution.start();
    started.push(execution);
    return {
      execution,
      as: (role) => createCaller(createContextInner({ db: db(), role, execution })),
    };
  };
}

/** The demo estate stored as `demo`, and an accepted plan of one VM's move. */
export async function acceptDemoMove(
  h: Harness,
  request: unknown = {
    vmIds: ['acme-web-web-01'],
    target: { kind: 'site', siteId: 'ams1' },
    strategy: 'best',
  },
) {
  const op = h.as('operator');
  const list = await op.estate.list();
  if (!list.some((e) => e.id === 'demo')) await op.estate.import({ estate: buildDemoEstate() });
  const version = (await op.estate.list()).find((e) => e.id === 'demo')!.version;
  const { plan } = await op.plans.accept({ estateId: 'demo', request, expectedVersion: version });
  return plan;
}

/** Waits until the run has ended (polling its state), or fails after `ms`. */
export async function waitForEnd(h: Harness, id: string, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const { state, events } = await h.as('viewer').migrations.get({ id });
    if (state.status === 'succeeded' || state.status === 'rolled-back' || state.status === 'failed')
      return { state, events };
    if (Date.now() > until) throw new Error(`migration ${id} still ${state.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Helpers for the safety, fault, limit, bad-input and stream suites.

/**
 * Settings for a supervisor whose timer never fires: the test ticks it itself
 * (tickUntil), so it decides what happens between two ticks (a fault injected
 * right after the switchover, a run created while another still copies).
 * Simulated time still follows real time (× timeScale) between ticks.
 */
export const MANUAL_TICKS = { tickMs: 1_000_000_000 } as const;

/** The safety rules with some changed, the rest at their defaults. */
export function safetyWith(overrides: Partial<SafetyConfig>): SafetyConfig {
  return { ...SAFETY_DEFAULTS, ...overrides };
}

let estates = 0;

/**
 * The demo estate with some VMs and hosts changed (a bigger memory for a
 * longer copy, a tight host), under an id of its own: impact engines are
 * cached by estate id and version, and an estate deleted (as every test's
 * database is emptied) and imported again starts at version 1 again, so a
 * changed estate under a reused id could be planned on the old one's engine.
 */
export function demoEstateWith(
  vms: Record<string, Partial<Vm>> = {},
  hosts: Record<string, Partial<Device>> = {},
): Estate {
  const estate = buildDemoEstate();
  for (const id of [...Object.keys(vms), ...Object.keys(hosts)])
    if (!estate.vms.some((v) => v.id === id) && !estate.devices.some((d) => d.id === id))
      throw new Error(`no VM or host ${id} in the demo`);
  return {
    ...estate,
    id: `demo-${process.pid}-${++estates}`,
    vms: estate.vms.map((v) => (vms[v.id] ? { ...v, ...vms[v.id] } : v)),
    devices: estate.devices.map((d) => (hosts[d.id] ? { ...d, ...hosts[d.id] } : d)),
  };
}

/** Stores an estate (a new version when its id exists); its id. */
export async function importEstate(h: Harness, estate: Estate): Promise<string> {
  return (await h.as('operator').estate.import({ estate })).id;
}

/** Accepts a move on an estate's current version. */
export async function acceptMove(h: Harness, estateId: string, request: unknown) {
  const op = h.as('operator');
  const { version } = await op.estate.get({ id: estateId });
  const { plan } = await op.plans.accept({ estateId, request, expectedVersion: version });
  return plan;
}

/**
 * Runs a plan; the ids of its migrations, in the plan's order. Ticks once
 * first, so that a MANUAL_TICKS supervisor's simulated time starts now rather
 * than at its last tick.
 */
export async function executePlan(h: Harness, planId: string, timeScale = 1_000) {
  await h.execution.supervisor.tick();
  const { migrations } = await h.as('operator').migrations.execute({ planId, timeScale });
  return migrations.map((m) => m.id);
}

type RunView = Awaited<ReturnType<ReturnType<Harness['as']>['migrations']['get']>>;

/**
 * Ticks a MANUAL_TICKS supervisor until `done` holds for the run (checked
 * after every tick), and returns the run as it is then. Fails at once when
 * the run ends without it (a tick took the run past the moment the test
 * waited for: give the run more to copy, or a smaller timeScale).
 */
export async function tickUntil(
  h: Harness,
  id: string,
  done: (run: RunView) => boolean,
  maxTicks = 3_000,
): Promise<RunView> {
  for (let i = 0; i < maxTicks; i++) {
    await h.execution.supervisor.tick();
    const run = await h.as('viewer').migrations.get({ id });
    if (done(run)) return run;
    if (isTerminal(run.state.status))
      throw new Error(
        `migration ${id} ended (${run.state.status}: ${milestones(run.events).join(', ')}) before the condition held`,
      );
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`migration ${id}: condition not met after ${maxTicks} ticks`);
}

/** Whether the run has recorded an event of this type. */
export const hasEvent = (type: MigrationEventType) => (run: RunView) =>
  run.events.some((e) => e.event.type === type);

/** Whether the run has ended. */
export const ended = (run: RunView) => isTerminal(run.state.status);

/** Ticks until every run has ended; their final views, in order. */
export async function tickToEnd(h: Harness, ids: readonly string[], maxTicks = 3_000) {
  const out: RunView[] = [];
  for (const id of ids) out.push(await tickUntil(h, id, ended, maxTicks));
  return out;
}

/** A run's event types in order, without the ones every run has many of (progress, rounds, steps). */
export function milestones(events: readonly MigrationEventRecord[]): MigrationEventType[] {
  const noisy = new Set<MigrationEventType>([
    'progress',
    'round-completed',
    'step-started',
    'step-completed',
  ]);
  return events.map((e) => e.event.type).filter((t) => !noisy.has(t));
}

/** The events of one type, narrowed. */
export function eventsOf<T extends MigrationEventType>(
  events: readonly MigrationEventRecord[],
  type: T,
): (MigrationEventRecord & { event: Extract<MigrationEvent, { type: T }> })[] {
  return events.filter(
    (e): e is MigrationEventRecord & { event: Extract<MigrationEvent, { type: T }> } =>
      e.event.type === type,
  );
}

/**
 * The promises every run keeps whatever happened to it: gapless seqs and
 * increasing ids; one terminal event, last; at most one switchover; nothing
 * rolls back after the switchover (the source copy never runs again); the
 * VM is where the outcome says; an abort request always has a recorded answer.
 */
export function expectSafeRun({ state, events }: RunView): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const ids = events.map((e) => BigInt(e.id));
  expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  expect(events[0]!.event.type).toBe('created');
  const terminal = events.filter((e) => TERMINAL_EVENTS.has(e.event.type));
  expect(terminal).toHaveLength(1);
  expect(terminal[0]).toBe(events.at(-1));
  expect(state.status).toBe(terminal[0]!.event.type);
  const switched = events.findIndex((e) => e.event.type === 'switched-over');
  expect(eventsOf(events, 'switched-over').length).toBeLessThanOrEqual(1);
  const { fromHost, toHost } = state.spec;
  if (switched >= 0) {
    const after = events.slice(switched).map((e) => e.event.type);
    expect(after).not.toContain('rolling-back');
    expect(after).not.toContain('rolled-back');
    expect(state.vmOn).toBe(toHost);
  } else {
    expect(state.status).not.toBe('succeeded');
    expect(state.vmOn).toBe(fromHost);
  }
  for (const [i, e] of events.entries())
    if (e.event.type === 'abort-requested') {
      const answer = events
        .slice(i + 1)
        .find(
          (a) =>
            a.event.type === 'abort-refused' ||
            (a.event.type === 'rolled-back' && a.event.code === 'aborted'),
        );
      expect(answer, 'an abort request has a recorded outcome').toBeDefined();
    }
}

const TERMINAL_EVENTS = new Set<MigrationEventType>(['succeeded', 'rolled-back', 'failed']);

/** The host the estate has the VM on (it is there exactly once). */
export async function hostOf(h: Harness, estateId: string, vmId: string): Promise<string> {
  const { estate } = await h.as('viewer').estate.get({ id: estateId });
  const found = estate.vms.filter((v) => v.id === vmId);
  expect(found).toHaveLength(1);
  return found[0]!.hostId;
}

/**
 * What a refused request must leave as it was: the runs, the event log, the
 * estates' versions, the plans' statuses and the faults.
 */
export async function dbSnapshot(db: Db) {
  const k = db.kysely;
  const [migrations, events, estates, plans, faults] = await Promise.all([
    k
      .selectFrom('migrations')
      .select(['id', 'plan_id', 'vm_id', 'status', 'abort_requested_at'])
      .orderBy('id')
      .execute(),
    k
      .selectFrom('migration_events')
      .select([
        sql<string>`count(*)::text`.as('count'),
        sql<string>`coalesce(max(id), 0)::text`.as('max'),
      ])
      .executeTakeFirstOrThrow(),
    k.selectFrom('estates').select(['id', 'version']).orderBy('id').execute(),
    k.selectFrom('plans').select(['id', 'status']).orderBy('id').execute(),
    k.selectFrom('faults').select(['id', 'cleared_at']).orderBy('id').execute(),
  ]);
  return { migrations, events, estates, plans, faults };
}
