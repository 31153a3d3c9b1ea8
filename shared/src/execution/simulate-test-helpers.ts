/**
 * Helpers for the simulated executor's tests (simulate.test.ts, simulate-precopy.test.ts):
 * model v2's figures, the order of a run's events, and a run against estimatePrecopy.
 */
import { expect } from 'vitest';
import { PRECOPY_DEFAULTS, type PrecopyEstimate } from '../migration/precopy.ts';
import { MigrationEventSchema, type MigrationSpec } from './events.ts';
import type { TimedEvent } from './simulate.ts';
import { closeTo, makeSpec, type Run } from './test-helpers.ts';

export const SWITCHOVER = PRECOPY_DEFAULTS.switchoverMs;
/** Bytes on the wire per byte of a non-zero page: the 8-byte header on each 4 KiB page. */
export const WIRE = PRECOPY_DEFAULTS.normalPageWireBytes / PRECOPY_DEFAULTS.pageBytes;
/**
 * The most a stop-and-copy can take under model v2: QEMU stops when the dirty pages fit in
 * bandwidth × limit, and the wire adds a header to each of them.
 */
export const maxDowntimeMs = (spec: MigrationSpec) =>
  spec.downtimeLimitMs * WIRE + SWITCHOVER + 1e-6;
/** Model v2's leftover at a sync, ℓ = B·(T − Δ/2), at bandwidth B and the default 300 ms limit. */
export const leftoverAt = (B: number) =>
  B * ((PRECOPY_DEFAULTS.downtimeLimitMs - PRECOPY_DEFAULTS.syncWindowMs / 2) / 1000);

/** Plan time of the steps that do not copy (they take what the plan gives them). */
export function fixedStepsMs(spec: MigrationSpec): number {
  return spec.steps
    .filter((s) => !['storage-copy', 'stop-and-copy'].includes(s.kind))
    .filter((s) => !(s.kind === 'pre-copy' && spec.live))
    .reduce((t, s) => t + s.expectedMs, 0);
}

export const ofType = <T extends TimedEvent['event']['type']>(
  events: readonly TimedEvent[],
  type: T,
) =>
  events
    .map((e) => e.event)
    .filter((e): e is Extract<TimedEvent['event'], { type: T }> => e.type === type);

/** The order the contract promises (events.ts): steps in plan order, one switchover before the switch-network step, success last. */
export function expectValidOrder(spec: MigrationSpec, events: readonly TimedEvent[]) {
  const types = events.map((e) => e.event.type);
  // Every kind of event once through its schema (all of them would be slow with thousands of ticks).
  const firstOfType = [...new Map(events.map((e) => [e.event.type, e.event])).values()];
  for (const e of [...firstOfType, events.at(-2)!.event])
    expect(MigrationEventSchema.safeParse(e).success).toBe(true);
  expect(events.every((e, i) => i === 0 || e.simMs >= events[i - 1]!.simMs)).toBe(true);

  const stepEvents = events.flatMap((e) =>
    e.event.type === 'step-started' || e.event.type === 'step-completed'
      ? [`${e.event.type} ${e.event.stepId} ${e.event.kind}`]
      : [],
  );
  expect(stepEvents).toEqual(
    spec.steps.flatMap((s) => [
      `step-started ${s.id} ${s.kind}`,
      `step-completed ${s.id} ${s.kind}`,
    ]),
  );

  expect(types.filter((t) => t === 'switched-over')).toHaveLength(1);
  const sw = types.indexOf('switched-over');
  const next = events[sw + 1]!.event;
  expect(next.type === 'step-started' && next.kind).toBe('switch-network');
  // Everything before the switch-network step is done before the switchover.
  const before = spec.steps.slice(
    0,
    spec.steps.findIndex((s) => s.kind === 'switch-network'),
  );
  const completedBefore = events
    .slice(0, sw)
    .flatMap((e) => (e.event.type === 'step-completed' ? [e.event.stepId] : []));
  expect(completedBefore).toEqual(before.map((s) => s.id));

  expect(types.filter((t) => t === 'succeeded')).toHaveLength(1);
  expect(types.at(-1)).toBe('succeeded');

  // Rounds only inside the pre-copy step, numbered 0, 1, 2, ...
  let open: string | null = null;
  let round = 0;
  for (const { event: e } of events) {
    if (e.type === 'step-started') open = e.kind;
    if (e.type === 'step-completed') open = null;
    if (e.type === 'round-completed') {
      expect(open).toBe('pre-copy');
      expect(e.round.round).toBe(round++);
    }
  }
  // Bytes only ever go up.
  const progress = ofType(events, 'progress');
  expect(
    progress.every((p, i) => i === 0 || p.transferredBytes >= progress[i - 1]!.transferredBytes),
  ).toBe(true);
}

export function succeeded(events: readonly TimedEvent[]) {
  const s = ofType(events, 'succeeded');
  expect(s).toHaveLength(1);
  return s[0]!;
}

/** A spec that copies memory only (shared disk), with this memory, dirty rate and downtime limit. */
export function memorySpec(M: number, D: number, limitMs = PRECOPY_DEFAULTS.downtimeLimitMs) {
  return makeSpec({ memoryBytes: M, dirtyBytesPerSecond: D, downtimeLimitMs: limitMs });
}

/** A run at a constant bandwidth against estimatePrecopy: every round, then the bytes, downtime and duration. */
export function expectAsEstimated(spec: MigrationSpec, run: Run, est: PrecopyEstimate) {
  const rounds = ofType(run.events, 'round-completed').map((e) => e.round);
  expect(rounds).toHaveLength(est.rounds.length);
  rounds.forEach((r, i) => {
    const e = est.rounds[i]!;
    expect(r.round).toBe(e.round);
    expect(r.throttle).toBe(e.throttle);
    expect(closeTo(r.sentBytes, e.sentBytes, 1e-9)).toBe(true);
    expect(closeTo(r.dirtiedBytes, e.dirtiedBytes, 1e-9)).toBe(true);
    expect(closeTo(r.seconds, e.seconds, 1e-9)).toBe(true);
  });
  if (!est.converges) {
    expect(run.result.kind).toBe('cannot-finish');
    return;
  }
  const done = succeeded(run.events);
  expect(closeTo(done.transferredBytes, est.totalBytes, 1e-9)).toBe(true);
  expect(done.downtimeMs).toBeCloseTo(est.downtimeMs, 6);
  expect(done.downtimeMs).toBeLessThanOrEqual(maxDowntimeMs(spec));
  expect(closeTo(done.totalMs, est.totalSeconds * 1000 + fixedStepsMs(spec), 1e-9)).toBe(true);
}
