// The simulated executor's physics (R13 stateful migration, R14 uninterrupted/timing, R19
// robustness): events in plan order; tick size irrelevant; stalls move nothing; a resumed run
// ends as the whole one. Its pre-copy against model v2: simulate-precopy.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatePrecopy } from '../migration/precopy.ts';
import { EventRecordSchema, MigrationEventSchema } from './events.ts';
import {
  advanceSim,
  initialSimState,
  simStateFor,
  type SimState,
  type TimedEvent,
} from './simulate.ts';
import {
  expectValidOrder,
  fixedStepsMs,
  ofType,
  succeeded,
  SWITCHOVER,
  WIRE,
} from './simulate-test-helpers.ts';
import { foldMigration } from './state.ts';
import { clone, GiB, makeSpec, MiB, recordsOf, runToEnd } from './test-helpers.ts';

describe('events (R13)', () => {
  const spec = makeSpec({ storageBytes: 2 * GiB });

  it('come in plan order: step-started before step-completed, one switchover before switch-network, success last', () => {
    expectValidOrder(spec, runToEnd(spec, GiB, 37).events);
    expectValidOrder(spec, runToEnd(spec, GiB, 60_000).events);
  });

  it('include exactly one progress event per tick while the run is running, and none in the tick it ends', () => {
    const run = runToEnd(spec, GiB, 53, { trace: true });
    expect(run.trace.length).toBeGreaterThan(50);
    run.trace.forEach((t, i) => {
      const progress = t.events.filter((e) => e.event.type === 'progress');
      if (i < run.trace.length - 1) {
        expect(t.result.kind).toBe('running');
        expect(progress).toHaveLength(1);
        expect(t.events.at(-1)!.event.type).toBe('progress');
      } else {
        expect(t.result.kind).toBe('succeeded');
        expect(progress).toHaveLength(0);
      }
    });
  });

  it('fold into a succeeded state with the target as the authority and the VM on the target host', () => {
    const run = runToEnd(spec, 1.25e9, 100);
    const records = recordsOf(spec, [
      { simMs: 0, event: { type: 'started', instance: 'sim-1' } },
      ...run.events,
    ]);
    for (const r of records) expect(EventRecordSchema.safeParse(r).success).toBe(true);
    const state = foldMigration(records);
    const done = succeeded(run.events);
    expect(state.status).toBe('succeeded');
    expect(state.authority).toBe('target');
    expect(state.vmOn).toBe(spec.toHost);
    expect(state.stepsDone).toEqual(spec.steps.map((s) => s.id));
    expect(state.downtimeMs).toBe(done.downtimeMs);
    expect(state.transferredBytes).toBe(done.transferredBytes);
    expect(state.remainingBytes).toBe(0);
    expect(state.rounds).toEqual(ofType(run.events, 'round-completed').map((e) => e.round));
    expect(state.lastSeq).toBe(records.length);
  });

  it('report the time left and the bytes left of the current step', () => {
    const run = runToEnd(spec, GiB, 500, { trace: true });
    const progress = ofType(run.events, 'progress');
    for (const p of progress) {
      expect(p.etaMs).not.toBeNull();
      expect(p.remainingBytes).toBeGreaterThanOrEqual(0);
    }
    const storage = progress.filter((p) => p.kind === 'storage-copy');
    expect(storage.length).toBeGreaterThan(0);
    for (const p of storage) expect(p.remainingBytes + p.transferredBytes).toBeCloseTo(2 * GiB, 0);
    // The estimate of the end only goes down at constant bandwidth once the copy is over.
    const after = progress.filter((p) =>
      ['switch-network', 'activate', 'confirm', 'decommission'].includes(p.kind),
    );
    for (let i = 1; i < after.length; i++)
      expect(after[i]!.etaMs!).toBeLessThanOrEqual(after[i - 1]!.etaMs!);
  });
});

describe('tick size does not change the result', () => {
  const spec = makeSpec({
    memoryBytes: 2 * GiB,
    dirtyBytesPerSecond: 200 * MiB,
    storageBytes: GiB,
  });
  const summary = (dt: number) => {
    const run = runToEnd(spec, GiB, dt);
    return {
      result: run.result.kind,
      rounds: ofType(run.events, 'round-completed').map((e) => e.round),
      steps: run.events.flatMap((e) =>
        e.event.type === 'step-completed' ? [{ at: e.simMs, ms: e.event.ms }] : [],
      ),
      switchedOver: ofType(run.events, 'switched-over')[0],
      done: succeeded(run.events),
    };
  };
  const expectSame = (a: ReturnType<typeof summary>, b: ReturnType<typeof summary>) => {
    expect(a.result).toBe(b.result);
    expect(a.rounds).toHaveLength(b.rounds.length);
    a.rounds.forEach((r, i) => {
      expect(r.sentBytes).toBeCloseTo(b.rounds[i]!.sentBytes, 0);
      expect(r.seconds).toBeCloseTo(b.rounds[i]!.seconds, 6);
      expect(r.throttle).toBe(b.rounds[i]!.throttle);
    });
    expect(a.steps).toHaveLength(b.steps.length);
    a.steps.forEach((s, i) => {
      expect(s.at).toBeCloseTo(b.steps[i]!.at, 3);
      expect(s.ms).toBeCloseTo(b.steps[i]!.ms, 3);
    });
    expect(a.switchedOver!.downtimeMs).toBeCloseTo(b.switchedOver!.downtimeMs, 3);
    expect(a.done.totalMs).toBeCloseTo(b.done.totalMs, 3);
    expect(a.done.downtimeMs).toBeCloseTo(b.done.downtimeMs, 3);
    expect(a.done.transferredBytes).toBeCloseTo(b.done.transferredBytes, 0);
  };

  it('1 ms, 100 ms and 10 s ticks give the same rounds, step times, bytes and downtime', () => {
    const ms1 = summary(1);
    const ms100 = summary(100);
    const s10 = summary(10_000);
    expect(ms1.rounds.length).toBeGreaterThan(1);
    expectSame(ms1, ms100);
    expectSame(s10, ms100);
    // And the downtime is the one estimatePrecopy predicts.
    const est = estimatePrecopy({
      memoryBytes: spec.memoryBytes,
      dirtyBytesPerSecond: spec.dirtyBytesPerSecond,
      bandwidthBytesPerSecond: GiB,
    });
    expect(ms1.done.downtimeMs).toBeCloseTo(est.downtimeMs, 3);
  });

  it('any tick size from 0.5 ms to 20 s gives the result of 100 ms ticks', () => {
    const reference = summary(100);
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 20_000, noNaN: true }), (dt) => {
        expectSame(summary(dt), reference);
      }),
      { numRuns: 25 },
    );
  });
});

describe('stalls: no bandwidth or a stuck executor (R19)', () => {
  const spec = makeSpec({
    memoryBytes: 4 * GiB,
    dirtyBytesPerSecond: 64 * MiB,
    storageBytes: GiB,
  });
  const B = 1.25e9;
  /** Advances in 1 ms ticks until the run is part-way through a step of this kind. */
  const inside = (kind: 'storage-copy' | 'pre-copy' | 'stop-and-copy'): SimState => {
    let sim = initialSimState(spec);
    for (let i = 0; i < 100_000; i++) {
      sim = advanceSim(spec, sim, { dtMs: 1, bandwidthBytesPerSecond: B, stuck: false }).sim;
      const step = spec.steps[sim.stepIndex]!;
      if (step.kind === kind && sim.stepStarted && sim.stepElapsedMs >= 5) return sim;
    }
    throw new Error(`never inside ${kind}`);
  };
  const uninterrupted = succeeded(runToEnd(spec, B, 100).events);

  for (const kind of ['storage-copy', 'pre-copy', 'stop-and-copy'] as const)
    for (const stall of ['bandwidth 0', 'stuck'] as const)
      it(`${stall} in ${kind}: no bytes move, lastProgressMs stays put, simulated time passes`, () => {
        const before = inside(kind);
        const frozen = clone(before);
        const tick =
          stall === 'stuck'
            ? { dtMs: 200_000, bandwidthBytesPerSecond: B, stuck: true }
            : { dtMs: 200_000, bandwidthBytesPerSecond: 0, stuck: false };
        const out = advanceSim(spec, before, tick);
        expect(before).toEqual(frozen);
        expect(out.result.kind).toBe('running');
        expect(out.sim.simMs).toBeCloseTo(before.simMs + 200_000, 6);
        expect(out.sim.transferredBytes).toBe(before.transferredBytes);
        expect(out.sim.dirtiedBytes).toBe(before.dirtiedBytes);
        expect(out.sim.lastProgressMs).toBe(before.lastProgressMs);
        expect(out.sim.stepIndex).toBe(before.stepIndex);
        expect(out.sim.switchedOver).toBe(false);
        expect(out.events.map((e) => e.event.type)).toEqual(['progress']);
        const p = out.events[0]!.event;
        expect(p.type === 'progress' && p.kind).toBe(kind);
        if (stall === 'bandwidth 0') expect(p.type === 'progress' && p.etaMs).toBeNull();

        // When it moves again nothing was lost: the same bytes in the end; a paused VM's stall is downtime.
        const rest = runToEnd(spec, B, 100, { from: out.sim });
        const done = succeeded(rest.events);
        expect(done.transferredBytes).toBeCloseTo(uninterrupted.transferredBytes, 0);
        expect(done.downtimeMs).toBeCloseTo(
          uninterrupted.downtimeMs + (kind === 'stop-and-copy' ? 200_000 : 0),
          3,
        );
        expect(done.totalMs).toBeCloseTo(uninterrupted.totalMs + 200_000, 3);
      });

  it('a stalled run keeps emitting one progress event per tick and never finishes', () => {
    let sim = inside('pre-copy');
    const at = sim.lastProgressMs;
    for (let i = 0; i < 100; i++) {
      const out = advanceSim(spec, sim, { dtMs: 1000, bandwidthBytesPerSecond: 0, stuck: false });
      expect(out.events.filter((e) => e.event.type === 'progress')).toHaveLength(1);
      expect(out.result.kind).toBe('running');
      sim = out.sim;
    }
    expect(sim.lastProgressMs).toBe(at);
    expect(sim.simMs - at).toBeGreaterThanOrEqual(100_000);
  });

  it('bandwidth changing every tick (link down, collapse, back) still copies every byte exactly once', () => {
    const slow = makeSpec({ ...spec, dirtyBytesPerSecond: 16 * MiB });
    fc.assert(
      fc.property(
        fc
          .array(fc.oneof(fc.constant(0), fc.double({ min: 1e8, max: 3e9, noNaN: true })), {
            minLength: 1,
            maxLength: 20,
          })
          .filter((bs) => bs.some((b) => b > 0)),
        (bandwidths) => {
          let sim = initialSimState(slow);
          const events: TimedEvent[] = [];
          let result = 'running';
          for (let i = 0; i < 20_000 && result === 'running'; i++) {
            const B = bandwidths[i % bandwidths.length]!;
            const out = advanceSim(slow, sim, {
              dtMs: 250,
              bandwidthBytesPerSecond: B,
              stuck: false,
            });
            const kind = slow.steps[sim.stepIndex]?.kind;
            if (
              B === 0 &&
              sim.stepStarted &&
              ['storage-copy', 'pre-copy', 'stop-and-copy'].includes(kind!)
            )
              expect(out.sim.lastProgressMs).toBe(sim.lastProgressMs);
            expect(out.sim.lastProgressMs).toBeGreaterThanOrEqual(sim.lastProgressMs);
            sim = out.sim;
            events.push(...out.events);
            result = out.result.kind;
          }
          expect(result).toBe('succeeded');
          expectValidOrder(slow, events);
          const rounds = ofType(events, 'round-completed');
          const done = succeeded(events);
          // Every page once for the setup's sync and once more per time it is dirtied again
          // (model v2: all of it non-zero here), in the rounds or the stop-and-copy.
          const dirtied = rounds.reduce((t, r) => t + r.round.dirtiedBytes, 0);
          const sent = slow.storageBytes + (slow.memoryBytes + dirtied) * WIRE;
          expect(done.transferredBytes / sent).toBeCloseTo(1, 9);
          const stopCopy = ofType(events, 'step-completed').find(
            (e) => e.kind === 'stop-and-copy',
          )!;
          expect(done.downtimeMs).toBe(stopCopy.ms);
          expect(done.downtimeMs).toBeGreaterThanOrEqual(SWITCHOVER);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('a parallel run (R5, not live)', () => {
  it('copies no memory and switches over with 0 downtime', () => {
    const spec = makeSpec({ live: false, dirtyBytesPerSecond: 2 * GiB });
    const run = runToEnd(spec, GiB, 1000);
    expectValidOrder(spec, run.events);
    expect(ofType(run.events, 'round-completed')).toHaveLength(0);
    expect(ofType(run.events, 'switched-over')[0]!.downtimeMs).toBe(0);
    const done = succeeded(run.events);
    expect(done.downtimeMs).toBe(0);
    expect(done.transferredBytes).toBe(0);
    expect(done.totalMs).toBeCloseTo(fixedStepsMs(spec), 6);
  });

  it('still copies a local disk', () => {
    const spec = makeSpec({ live: false, storageBytes: 3 * GiB });
    const done = succeeded(runToEnd(spec, GiB, 1000).events);
    expect(done.transferredBytes).toBe(3 * GiB);
    expect(done.downtimeMs).toBe(0);
  });

  it('boots the new instance even with no bandwidth (a parallel run copies nothing)', () => {
    const spec = makeSpec({ live: false });
    const run = runToEnd(spec, 0, 1000, { maxTicks: 1000 });
    expect(run.result.kind).toBe('succeeded');
  });
});

describe('resuming after switchover (simStateFor, the crash rule)', () => {
  it('a new owner finishes the remaining steps from the folded events, with no second switchover', () => {
    const spec = makeSpec({ storageBytes: GiB });
    const B = GiB;
    const whole = runToEnd(spec, B, 50);
    const wholeDone = succeeded(whole.events);
    // Run tick by tick until the tick that switched over; the owner dies right after it.
    let sim = initialSimState(spec);
    const events: TimedEvent[] = [];
    while (!sim.switchedOver) {
      const out = advanceSim(spec, sim, { dtMs: 50, bandwidthBytesPerSecond: B, stuck: false });
      sim = out.sim;
      events.push(...out.events);
    }
    const state = foldMigration(recordsOf(spec, events));
    expect(state.authority).toBe('target');
    const resumed = simStateFor(state);
    expect(resumed.switchedOver).toBe(true);
    expect(resumed.simMs).toBe(state.simMs);
    const firstUndone = spec.steps.findIndex((s) => !state.stepsDone.includes(s.id));
    expect(resumed.stepIndex).toBe(firstUndone);

    const rest = runToEnd(spec, B, 50, { from: resumed });
    expect(rest.result.kind).toBe('succeeded');
    expect(ofType(rest.events, 'switched-over')).toHaveLength(0);
    const started = ofType(rest.events, 'step-started').map((e) => e.stepId);
    expect(started).toEqual(spec.steps.slice(firstUndone).map((s) => s.id));
    const done = succeeded(rest.events);
    expect(done.downtimeMs).toBe(wholeDone.downtimeMs);
    expect(done.transferredBytes).toBe(wholeDone.transferredBytes);
    expect(foldMigration(recordsOf(spec, [...events, ...rest.events])).status).toBe('succeeded');
  });

  it('a run whose steps are all done resumes straight to success', () => {
    const spec = makeSpec();
    const run = runToEnd(spec, GiB, 100);
    const withoutEnd = run.events.filter((e) => e.event.type !== 'succeeded');
    const sim = simStateFor(foldMigration(recordsOf(spec, withoutEnd)));
    expect(sim.stepIndex).toBe(spec.steps.length);
    const out = advanceSim(spec, sim, { dtMs: 10, bandwidthBytesPerSecond: 0, stuck: false });
    expect(out.result.kind).toBe('succeeded');
    expect(out.events.map((e) => e.event.type)).toEqual(['succeeded']);
  });
});

describe('advanceSim is pure', () => {
  it('does not change the state it is given, and the same input gives the same output', () => {
    const spec = makeSpec({ storageBytes: GiB });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dtMs: fc.double({ min: 0, max: 5000, noNaN: true }),
            bandwidthBytesPerSecond: fc.oneof(
              fc.constant(0),
              fc.double({ min: 1, max: 3e9, noNaN: true }),
            ),
            stuck: fc.boolean(),
          }),
          { maxLength: 30 },
        ),
        (ticks) => {
          let sim = initialSimState(spec);
          for (const tick of ticks) {
            const copy = clone(sim);
            const a = advanceSim(spec, sim, tick);
            const b = advanceSim(spec, sim, tick);
            expect(sim).toEqual(copy);
            expect(a).toEqual(b);
            for (const e of a.events)
              expect(MigrationEventSchema.safeParse(e.event).success).toBe(true);
            if (a.result.kind === 'running')
              expect(a.sim.simMs).toBeCloseTo(sim.simMs + tick.dtMs, 6);
            else expect(a.sim.simMs).toBeLessThanOrEqual(sim.simMs + tick.dtMs + 1e-6);
            if (a.result.kind !== 'running') break;
            sim = a.sim;
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('starts where initialSimState says: step 0, nothing sent, all memory to send (with page headers)', () => {
    const spec = makeSpec({ storageBytes: 5 * GiB });
    const sim = initialSimState(spec, 42);
    expect(sim).toMatchObject({
      stepIndex: 0,
      stepStarted: false,
      simMs: 42,
      lastProgressMs: 42,
      transferredBytes: 0,
      roundToSend: spec.memoryBytes * WIRE,
      storageLeft: 5 * GiB,
      switchedOver: false,
    });
  });
});
