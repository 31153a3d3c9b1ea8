/**
 * Fixtures for the execution slice's tests: a run's spec and records, and a
 * store wired to a fake ExecutionApi that records what it is asked. A module
 * of its own so each test file of the slice stays short.
 */
import {
  buildDemoEstate,
  foldMigration,
  type EventRecord,
  type MigrationEvent,
  type MigrationEventRecord,
  type MigrationSpec,
} from '@vmmi/shared';
import type { EstateApi } from '../api/estate-api.ts';
import type { ExecutionApi, Outcome, StreamHandlers } from '../api/execution-api.ts';
import type { StagedPlan } from '../planner/types.ts';
import { createAppStore } from './app-store.ts';

const demo = buildDemoEstate();

export const spec = (over: Partial<MigrationSpec> = {}): MigrationSpec => ({
  planId: 'plan-1',
  estateId: 'demo',
  estateVersion: 1,
  vmId: 'acme-web-web-01',
  fromHost: 'fra1.acc-1-h1',
  toHost: 'ams1.p0-e0-h2',
  fromSite: 'fra1',
  toSite: 'ams1',
  strategy: 'l2-overlay',
  live: true,
  executor: 'simulated',
  timeScale: 60,
  memoryBytes: 4 * 2 ** 30,
  dirtyBytesPerSecond: 2 ** 20,
  storageBytes: 0,
  downtimeLimitMs: 300,
  convergence: 'auto-converge',
  maxBandwidthBytesPerSecond: 2 ** 30,
  vcpu: 2,
  memoryGiB: 4,
  addressAfter: { ipv4: null, ipv6: null },
  path: [],
  steps: [],
  estimate: { totalSeconds: 4, downtimeMs: 90 },
  ...over,
});

/** Builds a run's records with consecutive seqs and global ids. */
export function run(id: string, s: MigrationSpec = spec()) {
  let seq = 0;
  const rec = (event: MigrationEvent, globalId: number): MigrationEventRecord => ({
    scope: 'migration',
    id: String(globalId),
    migrationId: id,
    seq: ++seq,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, globalId)).toISOString(),
    simMs: seq * 100,
    event,
  });
  return { rec, spec: s };
}

/** The records of a successful run, ids from `from`. */
export function successfulRun(id: string, from: number, s = spec()): MigrationEventRecord[] {
  const r = run(id, s);
  const events: MigrationEvent[] = [
    { type: 'created', spec: r.spec },
    { type: 'started', instance: 'test' },
    { type: 'step-started', stepId: 'x:pre-copy', kind: 'pre-copy' },
    {
      type: 'progress',
      kind: 'pre-copy',
      transferredBytes: 2 ** 30,
      dirtiedBytes: 2 ** 20,
      remainingBytes: 3 * 2 ** 30,
      bandwidthBytesPerSecond: 2 ** 30,
      round: 0,
      throttle: 0,
      etaMs: 6_000,
    },
    {
      type: 'round-completed',
      round: { round: 0, sentBytes: 4 * 2 ** 30, dirtiedBytes: 2 ** 22, seconds: 4, throttle: 0 },
    },
    { type: 'step-completed', stepId: 'x:pre-copy', kind: 'pre-copy', ms: 4000 },
    { type: 'switched-over', downtimeMs: 90, estateVersion: 2 },
    { type: 'succeeded', totalMs: 5000, downtimeMs: 90, transferredBytes: 4 * 2 ** 30 },
  ];
  return events.map((e, i) => r.rec(e, from + i));
}

/** A staged plan the server has accepted (as `planId`), ready to execute. */
export const acceptedPlan = (id: string, planId = 'plan-1'): StagedPlan => ({
  id,
  estateId: 'demo',
  estateVersion: 1,
  vmIds: ['acme-web-web-01'],
  target: { kind: 'host', hostId: 'ams1.p0-e0-h2' },
  strategy: 'best',
  report: {} as StagedPlan['report'],
  stagedAt: '2026-01-01T00:00:00.000Z',
  status: 'accepted',
  message: null,
  planId,
});

export const ok = <T>(value: T): Promise<Outcome<T>> => Promise.resolve({ ok: true, value });
export const flush = () => new Promise((done) => setTimeout(done, 0));

export function setup(opts: { runs?: Record<string, MigrationEventRecord[]> } = {}) {
  const calls: string[] = [];
  const subs: { from: string | null; handlers: StreamHandlers; stopped: boolean }[] = [];
  const runs = opts.runs ?? {};
  let estateLoads = 0;
  const estateApi: EstateApi = {
    listEstates: () => Promise.resolve([]),
    getEstate: () => {
      estateLoads++;
      return Promise.resolve({ estate: demo, version: 1 });
    },
  };
  let execute: ExecutionApi['execute'] = () => ok([{ id: 'mig-1', vmId: 'acme-web-web-01' }]);
  let abort: ExecutionApi['abort'] = () => ok({ already: false });
  const api: ExecutionApi = {
    execute: (i) => execute(i),
    abort: (id) => abort(id),
    list: (estateId, o) => {
      calls.push(`list:${estateId}:${o.active ? 'active' : 'all'}`);
      return ok(
        Object.entries(runs).map(([id, events]) => {
          const s = foldMigration(events);
          return {
            id,
            planId: s.spec.planId,
            estateId: s.spec.estateId,
            vmId: s.spec.vmId,
            status: s.status,
            owner: null,
            createdAt: s.createdAt,
            updatedAt: s.updatedAt,
            writeback: null,
          };
        }),
      );
    },
    get: (id) => {
      calls.push(`get:${id}`);
      const events = runs[id];
      if (!events)
        return Promise.resolve({ ok: false, refusal: 'other', unreachable: false, message: 'no' });
      return ok({ state: foldMigration(events), events });
    },
    injectFault: () => Promise.reject(new Error('not used')),
    clearFault: () => Promise.reject(new Error('not used')),
    listFaults: () => ok([]),
    subscribe: (from, handlers) => {
      const sub = { from, handlers, stopped: false };
      subs.push(sub);
      return () => (sub.stopped = true);
    },
  };
  const store = createAppStore({ api: estateApi, execution: api, retryMs: 1 });
  const t = {
    store,
    calls,
    subs,
    api,
    estateLoads: () => estateLoads,
    actions: () => store.getState().actions,
    ex: () => store.getState().execution,
    /** Delivers a frame on the newest subscription. */
    frame: (events: EventRecord[]) =>
      subs.at(-1)!.handlers.onFrame(events.at(-1)?.id ?? '0', events),
    setExecute: (f: ExecutionApi['execute']) => (execute = f),
    setAbort: (f: ExecutionApi['abort']) => (abort = f),
  };
  return t;
}
