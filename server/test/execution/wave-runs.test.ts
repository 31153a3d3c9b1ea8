// Wave runs through the API and the supervisor's wave driver: a wave's runs start only when the
// wave begins (at once through an auto gate, after approval through an approval gate), a wave
// with a run that rolls back halts the wave run so later waves never begin, an approval of a wave
// that is not awaiting is refused and changes nothing, and a cancelled wave run begins no wave.
// Each supervisor's timer never fires: the test ticks it and steps its simulated clock 100 ms a tick.
import type { TRPCError } from '@trpc/server';
import type { WaveRun } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { Refusal } from '../../src/errors.ts';
import { BACKENDS, openPostgresTestDb, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import {
  dbSnapshot,
  demoEstateWith,
  hostOf,
  importEstate,
  MANUAL_TICKS,
  useExecution,
  type Harness,
} from './harness.ts';

const X = 'acme-web-web-01';
const Y = 'acme-web-cache-09';
const TX = 'ams1.p0-e0-h2';
const TY = 'ams1.p0-e0-h3';
const iso = (ms: number) => new Date(ms).toISOString();
const refusalOf = (error: TRPCError) => (error.cause as { refusal?: Refusal } | undefined)?.refusal;
const ENDED = new Set(['succeeded', 'halted', 'cancelled']);

type Gate = 'auto' | 'approval';
type Window = { opensAt: string; closesAt: string };

/** Two waves: X to TX, then Y to TY, behind the gates given. */
const twoWaves = (gates: [Gate, Gate], window1?: Window) => [
  { moves: [{ vmId: X, toHost: TX }], gate: gates[0], ...(window1 && { window: window1 }) },
  { moves: [{ vmId: Y, toHost: TY }], gate: gates[1] },
];

async function createWaveRun(
  h: Harness,
  estateId: string,
  waves: ReturnType<typeof twoWaves>,
): Promise<WaveRun> {
  const { version } = await h.as('operator').estate.get({ id: estateId });
  return h
    .as('operator')
    .waveRuns.create({ estateId, expectedVersion: version, waves, timeScale: 1_000 });
}

/**
 * Ticks every instance (at once) until `done` holds for the wave run, checked
 * after each round; fails when it ends without it.
 */
async function tickUntil(
  hs: readonly Harness[],
  id: string,
  done: (run: WaveRun) => boolean,
  maxTicks = 3_000,
): Promise<WaveRun> {
  for (let i = 0; i < maxTicks; i++) {
    await Promise.all(hs.map((h) => h.execution.supervisor.tick()));
    const run = await hs[0]!.as('viewer').waveRuns.get({ id });
    if (done(run)) return run;
    if (ENDED.has(run.status))
      throw new Error(`wave run ${id} ended ${run.status} before the condition held`);
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`wave run ${id}: condition not met after ${maxTicks} ticks`);
}

async function ticks(h: Harness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await h.execution.supervisor.tick();
}

const kinds = (run: WaveRun) =>
  run.history.map((e) => ('wave' in e ? `${e.type} ${e.wave}` : e.type));
const runsOf = async (h: Harness, estateId: string) =>
  (await h.as('viewer').migrations.list({ estateId })).map((r) => `${r.vmId} ${r.status}`).sort();

/** A supervisor that only ticks when told, its simulated clock 100 ms further each tick. */
const manual = (instanceId?: string) => {
  let now = 0;
  return { ...MANUAL_TICKS, simNow: () => (now += 100), ...(instanceId && { instanceId }) };
};

describe.each(BACKENDS)('wave runs on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it('holds wave 2 behind its approval gate: its run starts only once approved, then both succeed', async () => {
    const h = await start(manual());
    const estateId = await importEstate(h, demoEstateWith());
    const created = await createWaveRun(h, estateId, twoWaves(['auto', 'approval']));
    expect(created.status).toBe('running');

    const awaiting = await tickUntil([h], created.id, (r) => r.status === 'awaiting-approval');
    expect(awaiting.currentWave).toBe(2);
    expect(awaiting.waves[1]!.runs).toEqual([]);
    expect(await runsOf(h, estateId)).toEqual([`${X} succeeded`]);
    // However long it waits, nothing of wave 2 starts before the approval.
    await ticks(h, 20);
    expect((await h.as('viewer').waveRuns.get({ id: created.id })).status).toBe(
      'awaiting-approval',
    );
    expect(await runsOf(h, estateId)).toEqual([`${X} succeeded`]);
    expect(await hostOf(h, estateId, Y)).not.toBe(TY);

    const approved = await h.as('operator').waveRuns.approve({ id: created.id, wave: 2 });
    expect(approved.status).toBe('running');
    const done = await tickUntil([h], created.id, (r) => r.status === 'succeeded');
    expect(await runsOf(h, estateId)).toEqual([`${X} succeeded`, `${Y} succeeded`].sort());
    expect(await hostOf(h, estateId, X)).toBe(TX);
    expect(await hostOf(h, estateId, Y)).toBe(TY);
    expect(kinds(done)).toEqual([
      'created',
      'wave-started 1',
      'wave-ended 1',
      'awaiting-approval 2',
      'approved 2',
      'wave-started 2',
      'wave-ended 2',
      'succeeded',
    ]);
    expect(done.history.find((e) => e.type === 'approved')).toMatchObject({ by: 'operator' });
    expect(done.waves.map((w) => w.runs.map((r) => r.vmId))).toEqual([[X], [Y]]);

    const log = await h.as('admin').audit.list({ target: created.id });
    expect(log.map((e) => e.action).sort()).toEqual(['wave-run.approve', 'wave-run.create']);
    // Each wave's plan is recorded accepted and executed as the routers record theirs, naming the wave run.
    for (const [i, wave] of done.waves.entries()) {
      const { planId, migrationId, vmId } = wave.runs[0]!;
      const entries = await h.as('admin').audit.list({ target: planId });
      expect(entries.map((e) => [e.action, e.actor, e.actorKind, e.source]).sort()).toEqual([
        ['migration.execute', 'operator', 'wave-run', `wave run ${created.id}, wave ${i + 1}`],
        ['plan.accept', 'operator', 'wave-run', `wave run ${created.id}, wave ${i + 1}`],
      ]);
      const execute = entries.find((e) => e.action === 'migration.execute')!;
      expect(execute.after).toMatchObject({ migrations: [{ id: migrationId, vmId }] });
    }
  });

  it('begins wave 2 through an auto gate in the tick that finds wave 1 succeeded', async () => {
    const h = await start(manual());
    const estateId = await importEstate(h, demoEstateWith());
    const created = await createWaveRun(h, estateId, twoWaves(['auto', 'auto']));
    const ended1 = await tickUntil([h], created.id, (r) =>
      r.history.some((e) => e.type === 'wave-ended' && e.wave === 1),
    );
    expect(kinds(ended1)).toEqual(['created', 'wave-started 1', 'wave-ended 1', 'wave-started 2']);
    expect(ended1.status).toBe('running');
    expect(ended1.currentWave).toBe(2);

    const done = await tickUntil([h], created.id, (r) => r.status === 'succeeded');
    expect(await runsOf(h, estateId)).toEqual([`${X} succeeded`, `${Y} succeeded`].sort());
    // Y's run was created after X's had ended.
    const [x, y] = [done.waves[0]!.runs[0]!, done.waves[1]!.runs[0]!];
    const xEvents = (await h.as('viewer').migrations.get({ id: x.migrationId })).events;
    const yEvents = (await h.as('viewer').migrations.get({ id: y.migrationId })).events;
    expect(BigInt(yEvents[0]!.id)).toBeGreaterThan(BigInt(xEvents.at(-1)!.id));
    expect(yEvents.at(-1)!.event.type).toBe('succeeded');
  });

  it('halts when a run of a wave rolls back, naming it; the next wave never begins', async () => {
    const h = await start(manual());
    // 64 GiB at the WAN's share takes over a minute; wave 1's window closes 20 s after the start.
    const estateId = await importEstate(h, demoEstateWith({ [X]: { memoryGiB: 64 } }));
    const window1 = { opensAt: iso(Date.now()), closesAt: iso(Date.now() + 20_000) };
    const created = await createWaveRun(h, estateId, twoWaves(['auto', 'auto'], window1));
    const halted = await tickUntil([h], created.id, (r) => r.status === 'halted');
    const xRun = halted.waves[0]!.runs[0]!;
    expect(
      (await h.as('viewer').migrations.get({ id: xRun.migrationId })).state.spec.window,
    ).toEqual(window1);
    expect(kinds(halted)).toEqual(['created', 'wave-started 1', 'wave-ended 1', 'halted 1']);
    const halt = halted.history.at(-1)!;
    expect(halt.type === 'halted' && halt.reason).toContain(xRun.migrationId);
    expect(halt.type === 'halted' && halt.reason).toContain('rolled-back');
    expect(halted.history[2]).toMatchObject({
      outcome: 'failed',
      failed: [{ migrationId: xRun.migrationId, vmId: X, status: 'rolled-back' }],
    });
    await ticks(h, 20);
    expect(await runsOf(h, estateId)).toEqual([`${X} rolled-back`]);
    expect((await h.as('viewer').waveRuns.get({ id: created.id })).waves[1]!.runs).toEqual([]);
  });

  it('refuses an approval of a wave that is not awaiting (changing nothing); a cancel begins no wave', async () => {
    const h = await start(manual());
    const estateId = await importEstate(h, demoEstateWith());
    const created = await createWaveRun(h, estateId, twoWaves(['approval', 'approval']));
    expect(created.status).toBe('awaiting-approval');
    await ticks(h, 5);
    expect(await runsOf(h, estateId)).toEqual([]);

    const before = [await dbSnapshot(db()), await h.as('viewer').waveRuns.get({ id: created.id })];
    const early = await trpcErrorOf(h.as('operator').waveRuns.approve({ id: created.id, wave: 2 }));
    expect(early.code).toBe('PRECONDITION_FAILED');
    expect(refusalOf(early)).toMatchObject({ kind: 'wave-not-awaiting', wave: 2, awaitingWave: 1 });
    const viewer = await trpcErrorOf(h.as('viewer').waveRuns.approve({ id: created.id, wave: 1 }));
    expect(viewer.code).toBe('FORBIDDEN');
    const missing = await trpcErrorOf(
      h.as('operator').waveRuns.approve({ id: 'waves-none', wave: 1 }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect([await dbSnapshot(db()), await h.as('viewer').waveRuns.get({ id: created.id })]).toEqual(
      before,
    );

    await h.as('operator').waveRuns.approve({ id: created.id, wave: 1 });
    const twice = await trpcErrorOf(h.as('operator').waveRuns.approve({ id: created.id, wave: 1 }));
    expect(refusalOf(twice)).toMatchObject({ kind: 'wave-not-awaiting', awaitingWave: null });
    await tickUntil(
      [h],
      created.id,
      (r) => r.status === 'awaiting-approval' && r.currentWave === 2,
    );

    const cancelled = await h.as('operator').waveRuns.cancel({ id: created.id });
    expect(cancelled.status).toBe('cancelled');
    const late = await trpcErrorOf(h.as('operator').waveRuns.approve({ id: created.id, wave: 2 }));
    expect(refusalOf(late)).toMatchObject({ kind: 'wave-not-awaiting', status: 'cancelled' });
    const again = await trpcErrorOf(h.as('operator').waveRuns.cancel({ id: created.id }));
    expect(refusalOf(again)?.kind).toBe('wave-run-ended');
    await ticks(h, 10);
    expect(await runsOf(h, estateId)).toEqual([`${X} succeeded`]);
  });

  it('refuses waves planned on another estate version, naming an unknown VM, or moving a VM twice', async () => {
    const h = await start(manual());
    const estateId = await importEstate(h, demoEstateWith());
    const op = h.as('operator');
    const { version } = await op.estate.get({ id: estateId });
    const waves = twoWaves(['auto', 'auto']);
    const stale = await trpcErrorOf(
      op.waveRuns.create({ estateId, expectedVersion: version + 1, waves }),
    );
    expect(stale.code).toBe('CONFLICT');
    const unknown = await trpcErrorOf(
      op.waveRuns.create({
        estateId,
        expectedVersion: version,
        waves: [{ moves: [{ vmId: 'no-such-vm', toHost: TX }], gate: 'auto' }],
      }),
    );
    expect(unknown.code).toBe('BAD_REQUEST');
    const twice = await trpcErrorOf(
      op.waveRuns.create({
        estateId,
        expectedVersion: version,
        waves: [...waves, { moves: [{ vmId: X, toHost: TY }], gate: 'auto' }],
      }),
    );
    expect(twice.code).toBe('BAD_REQUEST');
    expect(await op.waveRuns.list({ estateId })).toEqual([]);
  });

  it('refuses a second wave run that would move a VM an active one may still move; frees it once that wave has ended', async () => {
    const h = await start(manual());
    const estateId = await importEstate(h, demoEstateWith());
    const op = h.as('operator');
    const first = await createWaveRun(h, estateId, twoWaves(['auto', 'approval']));
    const { version } = await op.estate.get({ id: estateId });
    // Y is in the first wave run's wave 2, not begun yet: still its to move.
    const taken = await trpcErrorOf(
      op.waveRuns.create({
        estateId,
        expectedVersion: version,
        waves: [{ moves: [{ vmId: Y, toHost: TX }], gate: 'auto' }],
      }),
    );
    expect(taken.code).toBe('CONFLICT');
    expect(refusalOf(taken)).toEqual({
      kind: 'vm-in-wave-run',
      vmId: Y,
      waveRunId: first.id,
      wave: 2,
    });
    expect((await op.waveRuns.list({ estateId })).map((r) => r.id)).toEqual([first.id]);

    // Wave 1 has ended: X is free for another wave run (back to where it was).
    await tickUntil([h], first.id, (r) => r.status === 'awaiting-approval');
    const now = await op.estate.get({ id: estateId });
    const again = await op.waveRuns.create({
      estateId,
      expectedVersion: now.version,
      waves: [{ moves: [{ vmId: X, toHost: TY }], gate: 'approval' }],
    });
    expect(again.status).toBe('awaiting-approval');
    // Cancelled, the first wave run holds Y no more.
    await op.waveRuns.cancel({ id: first.id });
    const freed = await op.waveRuns.create({
      estateId,
      expectedVersion: now.version,
      waves: [{ moves: [{ vmId: Y, toHost: TX }], gate: 'approval' }],
    });
    expect(freed.waves[0]!.moves).toEqual([{ vmId: Y, toHost: TX }]);
  });

  it('of two creates racing for one VM, one is stored and the other refused vm-in-wave-run', async () => {
    const h = await start(manual());
    const estateId = await importEstate(h, demoEstateWith());
    const op = h.as('operator');
    const { version } = await op.estate.get({ id: estateId });
    const create = (toHost: string) =>
      op.waveRuns.create({
        estateId,
        expectedVersion: version,
        waves: [{ moves: [{ vmId: Y, toHost }], gate: 'approval' }],
      });
    const results = await Promise.allSettled([create(TX), create(TY)]);
    const stored = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as TRPCError] : [],
    );
    expect(stored).toHaveLength(1);
    expect(refused.map((e) => refusalOf(e)?.kind)).toEqual(['vm-in-wave-run']);
    expect(await op.waveRuns.list({ estateId })).toHaveLength(1);
  });
});

// Two instances need a database both reach as servers do: PostgreSQL (PGlite is one process's).
describe('wave runs, two instances on one PostgreSQL database', () => {
  const db = useTestDb(openPostgresTestDb);
  const start = useExecution(db);

  it('starts each wave once when two instances drive the wave run at once', async () => {
    const a = await start(manual('wave-a'));
    const b = await start(manual('wave-b'));
    const estateId = await importEstate(a, demoEstateWith());
    const created = await createWaveRun(a, estateId, twoWaves(['auto', 'auto']));
    const done = await tickUntil([a, b], created.id, (r) => r.status === 'succeeded');
    expect(await runsOf(a, estateId)).toEqual([`${X} succeeded`, `${Y} succeeded`].sort());
    expect(kinds(done)).toEqual([
      'created',
      'wave-started 1',
      'wave-ended 1',
      'wave-started 2',
      'wave-ended 2',
      'succeeded',
    ]);
    expect((await a.as('viewer').plans.list({ estateId })).length).toBe(2);
  });
});
