// A migration's state derived from its events alone (R13 stateful migration, R18 fault
// policy, R19 rollback): strict seq order, created first, rollback puts the VM back on the
// source, a failure leaves it where the event says; one reducer, no mutation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EventRecordSchema,
  MigrationStatusSchema,
  TERMINAL_STATUSES,
  type MigrationEvent,
} from './events.ts';
import { foldMigration, isTerminal, reduceMigration, type MigrationState } from './state.ts';
import { clone, GiB, makeSpec, recordsOf } from './test-helpers.ts';

const spec = makeSpec({ storageBytes: 2 * GiB });
const stepId = (kind: string) => `${spec.vmId}:${kind}`;

/** The events of a run that gets as far as the pre-copy. */
const early: MigrationEvent[] = [
  { type: 'queued', reason: '2 migration(s) already use host fra1.h1' },
  { type: 'started', instance: 'sim-a' },
  { type: 'step-started', stepId: stepId('reserve'), kind: 'reserve' },
  { type: 'step-completed', stepId: stepId('reserve'), kind: 'reserve', ms: 100 },
  { type: 'step-started', stepId: stepId('pre-copy'), kind: 'pre-copy' },
  {
    type: 'progress',
    kind: 'pre-copy',
    transferredBytes: 3 * GiB,
    dirtiedBytes: 0.5 * GiB,
    remainingBytes: GiB,
    bandwidthBytesPerSecond: 1e9,
    round: 0,
    throttle: 0,
    etaMs: 9000,
  },
];
const switchedOver: MigrationEvent = {
  type: 'switched-over',
  downtimeMs: 180,
  estateVersion: 7,
};

const fold = (events: MigrationEvent[]) => foldMigration(recordsOf(spec, events));

/** The state without where in the stream it is (seq, id, times). */
function withoutPosition(s: MigrationState) {
  const { lastSeq: _seq, lastEventId: _id, updatedAt: _at, simMs: _ms, ...rest } = s;
  return rest;
}

describe('the created event', () => {
  it('starts a queued run on the source, with everything still to copy', () => {
    const [created] = recordsOf(spec, []);
    const s = reduceMigration(undefined, created!);
    expect(s).toMatchObject({
      id: 'm-1',
      status: 'queued',
      authority: 'source',
      vmOn: spec.fromHost,
      step: null,
      stepsDone: [],
      transferredBytes: 0,
      remainingBytes: spec.memoryBytes + spec.storageBytes,
      etaMs: null,
      downtimeMs: null,
      abortRequested: false,
      outcome: null,
      faults: [],
      lastSeq: 1,
      lastEventId: created!.id,
      createdAt: created!.at,
      instance: null,
    });
    expect(s.spec).toEqual(spec);
  });

  it('must come first', () => {
    const [, started] = recordsOf(spec, [{ type: 'started', instance: 'x' }]);
    expect(() => reduceMigration(undefined, started!)).toThrow(/first event is started/);
    expect(() => foldMigration([started!])).toThrow(/not created/);
  });

  it('cannot come twice', () => {
    const records = recordsOf(spec, [{ type: 'created', spec }]);
    expect(() => foldMigration(records)).toThrow(/created twice/);
  });

  it('is needed: no events, no state', () => {
    expect(() => foldMigration([])).toThrow(/created/);
  });
});

describe('seq has no gaps and no repeats (R13)', () => {
  const records = recordsOf(spec, early);

  it('accepts 1, 2, 3, ... and remembers the last seq, id and simulated time', () => {
    const s = foldMigration(records);
    const last = records.at(-1)!;
    expect(s.lastSeq).toBe(records.length);
    expect(s.lastEventId).toBe(last.id);
    expect(s.simMs).toBe(last.simMs);
    expect(s.updatedAt).toBe(last.at);
    expect(s.createdAt).toBe(records[0]!.at);
  });

  it('rejects a gap, a repeat or a step back anywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: records.length - 1 }),
        fc.constantFrom(-2, -1, 0, 2, 5),
        (i, delta) => {
          const bad = records.map((r, j) =>
            j === i ? { ...r, seq: Math.max(1, records[i - 1]!.seq + 1 + delta) } : r,
          );
          if (bad[i]!.seq === records[i]!.seq) return;
          expect(() => foldMigration(bad)).toThrow(/missing or repeated/);
        },
      ),
    );
  });

  it('rejects the same event delivered twice', () => {
    const twice = [...records.slice(0, 4), records[3]!, ...records.slice(4)];
    expect(() => foldMigration(twice)).toThrow(/event 4 follows 4/);
  });

  it('rejects events out of order', () => {
    const swapped = [...records];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(() => foldMigration(swapped)).toThrow(/missing or repeated/);
  });
});

describe('what each event does', () => {
  it('queued, started, steps and progress', () => {
    const s = fold(early);
    expect(s.status).toBe('running');
    expect(s.instance).toBe('sim-a');
    expect(s.step).toBe('pre-copy');
    expect(s.stepsDone).toEqual([stepId('reserve')]);
    expect(s).toMatchObject({
      transferredBytes: 3 * GiB,
      dirtiedBytes: 0.5 * GiB,
      remainingBytes: GiB,
      bandwidthBytesPerSecond: 1e9,
      round: 0,
      throttle: 0,
      etaMs: 9000,
    });
    expect(fold([...early, { type: 'queued', reason: 'again' }]).status).toBe('queued');
  });

  it('round-completed appends the round', () => {
    const round = { round: 0, sentBytes: 4 * GiB, dirtiedBytes: GiB, seconds: 4, throttle: 0 };
    const round1 = { ...round, round: 1, sentBytes: GiB };
    const s = fold([
      ...early,
      { type: 'round-completed', round },
      { type: 'round-completed', round: round1 },
    ]);
    expect(s.rounds).toEqual([round, round1]);
  });

  it('switched-over makes the target the authority and puts the VM on the target host', () => {
    const s = fold([...early, switchedOver]);
    expect(s.authority).toBe('target');
    expect(s.vmOn).toBe(spec.toHost);
    expect(s.downtimeMs).toBe(180);
    expect(s.status).toBe('running');
  });

  it('abort-requested is remembered; abort-refused changes nothing but the position', () => {
    const asked = fold([...early, { type: 'abort-requested', by: 'alice' }]);
    expect(asked.abortRequested).toBe(true);
    const refused = fold([
      ...early,
      switchedOver,
      { type: 'abort-refused', reason: 'after switchover' },
    ]);
    const before = fold([...early, switchedOver]);
    expect(withoutPosition(refused)).toEqual(withoutPosition(before));
    expect(refused.lastSeq).toBe(before.lastSeq + 1);
  });

  it('fault lists the kinds of fault in order; recovered records the new owner', () => {
    const s = fold([
      ...early,
      { type: 'fault', fault: { kind: 'link-down', linkId: 'wan.fra1~ams1' } },
      { type: 'fault', fault: { kind: 'executor-crash', migrationId: 'm-1' } },
      {
        type: 'recovered',
        rule: 'rollback-before-switchover',
        instance: 'sim-b',
        previousOwner: 'sim-a',
      },
    ]);
    expect(s.faults).toEqual(['link-down', 'executor-crash']);
    expect(s.instance).toBe('sim-b');
  });

  it('succeeded ends the run with nothing left and the final figures', () => {
    const s = fold([
      ...early,
      switchedOver,
      { type: 'succeeded', totalMs: 12_000, downtimeMs: 181, transferredBytes: 7 * GiB },
    ]);
    expect(s).toMatchObject({
      status: 'succeeded',
      step: null,
      etaMs: 0,
      remainingBytes: 0,
      downtimeMs: 181,
      transferredBytes: 7 * GiB,
      outcome: null,
      vmOn: spec.toHost,
      authority: 'target',
    });
  });
});

describe('rollback and failure (R18, R19)', () => {
  const rollingBack: MigrationEvent = {
    type: 'rolling-back',
    code: 'no-progress',
    message: 'no progress for 151 s',
  };
  const rolledBack: MigrationEvent = { type: 'rolled-back', code: 'no-progress', message: 'done' };

  it('rolling-back sets the outcome while the run still runs', () => {
    const s = fold([...early, rollingBack]);
    expect(s.status).toBe('running');
    expect(s.outcome).toEqual({ code: 'no-progress', message: 'no progress for 151 s' });
    expect(s.vmOn).toBe(spec.fromHost);
  });

  it('rolled-back puts the VM back on the source, wherever the events had it', () => {
    const s = fold([...early, rollingBack, rolledBack]);
    expect(s).toMatchObject({
      status: 'rolled-back',
      vmOn: spec.fromHost,
      authority: 'source',
      step: null,
      etaMs: null,
      outcome: { code: 'no-progress', message: 'done' },
    });
    // Even a (contract-breaking) rollback after switchover names the source as where the VM is.
    expect(fold([...early, switchedOver, rollingBack, rolledBack]).vmOn).toBe(spec.fromHost);
  });

  it('failed keeps the VM where the event says: the target after switchover, the source before', () => {
    const after = fold([
      ...early,
      switchedOver,
      { type: 'failed', code: 'host-down', message: 'target lost', vmOn: spec.toHost },
    ]);
    expect(after).toMatchObject({
      status: 'failed',
      vmOn: spec.toHost,
      authority: 'target',
      step: null,
      etaMs: null,
      outcome: { code: 'host-down', message: 'target lost' },
    });
    const sourceLost = fold([
      ...early,
      { type: 'failed', code: 'host-down', message: 'source lost', vmOn: spec.fromHost },
    ]);
    expect(sourceLost.vmOn).toBe(spec.fromHost);
    expect(sourceLost.status).toBe('failed');
    const elsewhere = fold([
      ...early,
      switchedOver,
      { type: 'failed', code: 'x', message: 'y', vmOn: 'some.other-host' },
    ]);
    expect(elsewhere.vmOn).toBe('some.other-host');
  });
});

describe('terminal statuses', () => {
  it('are exactly succeeded, rolled-back and failed', () => {
    for (const s of MigrationStatusSchema.options)
      expect(isTerminal(s)).toBe(TERMINAL_STATUSES.includes(s));
    expect([...TERMINAL_STATUSES].sort()).toEqual(['failed', 'rolled-back', 'succeeded']);
  });
});

/** Random well-formed event sequences after `created`. */
const eventArb: fc.Arbitrary<MigrationEvent> = fc.oneof(
  fc.constant<MigrationEvent>({ type: 'queued', reason: 'r' }),
  fc
    .string({ minLength: 1, maxLength: 5 })
    .map((instance): MigrationEvent => ({ type: 'started', instance })),
  fc
    .constantFrom('reserve', 'pre-copy', 'stop-and-copy', 'switch-network', 'confirm')
    .chain((kind) =>
      fc.constantFrom<MigrationEvent>(
        { type: 'step-started', stepId: stepId(kind), kind },
        { type: 'step-completed', stepId: stepId(kind), kind, ms: 10 },
      ),
    ),
  fc
    .record({
      transferredBytes: fc.nat(),
      dirtiedBytes: fc.nat(),
      remainingBytes: fc.nat(),
      round: fc.nat({ max: 40 }),
      throttle: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((p) => ({
      type: 'progress' as const,
      kind: 'pre-copy' as const,
      bandwidthBytesPerSecond: 1e9,
      etaMs: null,
      ...p,
    })),
  fc.constant<MigrationEvent>(switchedOver),
  fc.constant<MigrationEvent>({ type: 'abort-requested', by: 'op' }),
  fc.constant<MigrationEvent>({
    type: 'fault',
    fault: { kind: 'stuck-progress', migrationId: 'm-1' },
  }),
);

describe('the reducer (properties)', () => {
  it('never changes the state it is given, and folding is reducing one by one', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const records = recordsOf(spec, events);
        let state: MigrationState | undefined;
        for (const r of records) {
          const before = clone(state);
          const next = reduceMigration(state, r);
          expect(state).toEqual(before);
          state = next;
        }
        expect(foldMigration(records)).toEqual(state);
      }),
    );
  });

  it('the source is the authority until a switched-over event, the target from it on', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const records = recordsOf(spec, events);
        for (let k = 1; k <= records.length; k++) {
          const s = foldMigration(records.slice(0, k));
          const sw = records.slice(0, k).some((r) => r.event.type === 'switched-over');
          expect(s.authority).toBe(sw ? 'target' : 'source');
          expect(s.vmOn).toBe(sw ? spec.toHost : spec.fromHost);
          expect(s.lastSeq).toBe(k);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('its fixtures are valid stored records', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 10 }), (events) => {
        for (const r of recordsOf(spec, events))
          expect(EventRecordSchema.safeParse(r).success).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
