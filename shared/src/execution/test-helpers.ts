/**
 * Helpers for the execution tests: a migration spec with a plan of the shape
 * impact/plan.ts builds, a loop that runs the simulated executor to the end
 * at a constant bandwidth, and the wrapping of its events into stored records
 * (seq 1..n, `created` first) that state.ts folds.
 */
import type { PlanStep } from '../impact/report.ts';
import type { MigrationEvent, MigrationEventRecord, MigrationSpec } from './events.ts';
import {
  advanceSim,
  initialSimState,
  type SimResult,
  type SimState,
  type TimedEvent,
} from './simulate.ts';

export const GiB = 2 ** 30;
export const MiB = 2 ** 20;

function step(vmId: string, kind: PlanStep['kind'], expectedMs: number): PlanStep {
  const phase: PlanStep['phase'] =
    kind === 'stop-and-copy' || kind === 'switch-network'
      ? 'switchover'
      : kind === 'activate' || kind === 'confirm' || kind === 'decommission'
        ? 'after-switchover'
        : 'before-switchover';
  return { id: `${vmId}:${kind}`, kind, title: kind, changes: [], expectedMs, undo: 'undo', phase };
}

/**
 * The plan of a move as buildPlan makes it: a live one has pre-copy and
 * stop-and-copy, a parallel run (R5) a 30 s pre-copy that copies nothing; a
 * storage-copy step when the disk is local.
 */
export function planSteps(
  vmId: string,
  opts: { live: boolean; storage: boolean; confirmMs?: number },
): PlanStep[] {
  return [
    step(vmId, 'reserve', 100),
    step(vmId, 'prepare-network', 50),
    ...(opts.storage ? [step(vmId, 'storage-copy', 1000)] : []),
    step(vmId, 'pre-copy', opts.live ? 1000 : 30_000),
    ...(opts.live ? [step(vmId, 'stop-and-copy', 100)] : []),
    step(vmId, 'switch-network', 25),
    step(vmId, 'activate', 50),
    step(vmId, 'confirm', opts.confirmMs ?? 500),
    step(vmId, 'decommission', 200),
  ];
}

/** A live move of a 4 GiB VM from fra1 to ams1 over one fabric link and one WAN link, unless overridden. */
export function makeSpec(over: Partial<MigrationSpec> = {}): MigrationSpec {
  const vmId = over.vmId ?? 'vm-1';
  const live = over.live ?? true;
  const storageBytes = over.storageBytes ?? 0;
  return {
    planId: 'plan-1',
    estateId: 'estate-1',
    estateVersion: 1,
    vmId,
    fromHost: 'fra1.h1',
    toHost: 'ams1.h1',
    fromSite: 'fra1',
    toSite: 'ams1',
    strategy: 'l2-overlay',
    live,
    executor: 'simulated',
    timeScale: 1,
    memoryBytes: 4 * GiB,
    dirtyBytesPerSecond: 64 * MiB,
    storageBytes,
    downtimeLimitMs: 300,
    convergence: 'auto-converge',
    maxBandwidthBytesPerSecond: 1.25e9,
    vcpu: 2,
    memoryGiB: 4,
    addressAfter: { ipv4: '10.0.0.10', ipv6: null },
    path: [
      { id: 'fra1.h1~fra1.leaf', freeBytesPerSecond: 12.5e9, wan: false },
      { id: 'wan.fra1~ams1', freeBytesPerSecond: 5e9, wan: true },
    ],
    steps: planSteps(vmId, { live, storage: storageBytes > 0 }),
    estimate: { totalSeconds: null, downtimeMs: null },
    ...over,
  };
}

export interface Run {
  events: TimedEvent[];
  sim: SimState;
  result: SimResult;
  ticks: number;
  /** The simulated state and result after each tick, in order. */
  trace: { sim: SimState; events: TimedEvent[]; result: SimResult }[];
}

/** Runs a spec at a constant bandwidth in ticks of `dtMs` until it finishes (or `maxTicks`). */
export function runToEnd(
  spec: MigrationSpec,
  bandwidthBytesPerSecond: number,
  dtMs: number,
  opts: { maxTicks?: number; trace?: boolean; from?: SimState } = {},
): Run {
  let sim = opts.from ?? initialSimState(spec);
  let result: SimResult = { kind: 'running' };
  const events: TimedEvent[] = [];
  const trace: Run['trace'] = [];
  const maxTicks = opts.maxTicks ?? 1_000_000;
  let ticks = 0;
  while (result.kind === 'running' && ticks < maxTicks) {
    const out = advanceSim(spec, sim, { dtMs, bandwidthBytesPerSecond, stuck: false });
    ticks += 1;
    sim = out.sim;
    result = out.result;
    events.push(...out.events);
    if (opts.trace) trace.push(out);
  }
  return { events, sim, result, ticks, trace };
}

/** Stored records of one migration: `created` with seq 1, then the given events with seq 2, 3, ... */
export function recordsOf(
  spec: MigrationSpec,
  events: readonly (TimedEvent | MigrationEvent)[],
  migrationId = 'm-1',
): MigrationEventRecord[] {
  const all: TimedEvent[] = [
    { simMs: 0, event: { type: 'created', spec } },
    ...events.map((e) => ('event' in e ? e : { simMs: 0, event: e })),
  ];
  return all.map((e, i) => ({
    scope: 'migration',
    id: String(1000 + i),
    migrationId,
    seq: i + 1,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
    simMs: e.simMs,
    event: e.event,
  }));
}

/** A deep copy of plain data (shared/ has no structuredClone in its lib). */
export function clone<T>(x: T): T {
  return x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T);
}

/** Relative closeness: |a − b| ≤ rel × max(|a|, |b|, 1). */
export function closeTo(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1);
}
