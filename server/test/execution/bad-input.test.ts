// Bad requests to the execution API: each is refused with a clear, typed error and
// changes nothing — no migration rows, no events, no fault, the estate at its version, the
// plan still accepted. The supervisor is ticked by the test, so nothing else writes meanwhile.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { Refusal } from '../../src/errors.ts';
import { latestEventId } from '../../src/db/run-repo.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import {
  acceptMove,
  dbSnapshot,
  demoEstateWith,
  executePlan,
  importEstate,
  MANUAL_TICKS,
  tickToEnd,
  useExecution,
  type Harness,
} from './harness.ts';

const X = 'acme-web-web-01';
const toAms = { vmIds: [X], target: { kind: 'site', siteId: 'ams1' }, strategy: 'best' };
const toLon = { vmIds: [X], target: { kind: 'site', siteId: 'lon1' }, strategy: 'best' };

const refusalOf = (error: TRPCError) => (error.cause as { refusal?: Refusal } | undefined)?.refusal;

describe.each(BACKENDS)('bad input on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  async function setup(): Promise<{ h: Harness; estateId: string }> {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, demoEstateWith());
    return { h, estateId };
  }

  /** Expects the call to fail with `code`, and the database to be as it was before it. */
  async function refused(call: () => Promise<unknown>, code: TRPCError['code']) {
    const before = await dbSnapshot(db());
    const error = await trpcErrorOf(call());
    expect(error.code).toBe(code);
    expect(await dbSnapshot(db())).toEqual(before);
    return error;
  }

  describe('execute', () => {
    it('refuses a plan for a changed estate: CONFLICT stale-estate, nothing changed', async () => {
      const { h, estateId } = await setup();
      const plan = await acceptMove(h, estateId, toAms);
      // The estate is imported again: a new version the plan was not computed on.
      await importEstate(h, { ...demoEstateWith({ [X]: { memoryGiB: 8 } }), id: estateId });
      const error = await refused(
        () => h.as('operator').migrations.execute({ planId: plan.id, timeScale: 100 }),
        'CONFLICT',
      );
      expect(refusalOf(error)).toEqual({
        kind: 'stale-estate',
        estateId,
        expectedVersion: 1,
        currentVersion: 2,
      });
      expect((await h.as('viewer').plans.get({ id: plan.id })).status).toBe('accepted');
    });

    it('refuses a plan whose estate a fault changed (a host set down elsewhere): CONFLICT stale-estate', async () => {
      const { h, estateId } = await setup();
      const plan = await acceptMove(h, estateId, toAms);
      await h.as('operator').faults.inject({
        estateId,
        fault: { kind: 'host-down', hostId: 'lon1.leaf-1-h1' },
      });
      const error = await refused(
        () => h.as('operator').migrations.execute({ planId: plan.id }),
        'CONFLICT',
      );
      expect(refusalOf(error)).toMatchObject({ kind: 'stale-estate', expectedVersion: 1 });
    });

    it('refuses a second migration of the same VM: CONFLICT vm-busy naming the run, nothing changed', async () => {
      const { h, estateId } = await setup();
      const first = await acceptMove(h, estateId, toAms);
      const second = await acceptMove(h, estateId, toLon);
      const [running] = await executePlan(h, first.id, 100);
      const error = await refused(
        () => h.as('operator').migrations.execute({ planId: second.id, timeScale: 100 }),
        'CONFLICT',
      );
      expect(refusalOf(error)).toEqual({ kind: 'vm-busy', vmId: X, migrationId: running });
      expect((await h.as('viewer').plans.get({ id: second.id })).status).toBe('accepted');
    });

    it('lets one of two racing executions of the same VM win; the other is CONFLICT vm-busy and leaves nothing behind', async () => {
      const { h, estateId } = await setup();
      const plans = [await acceptMove(h, estateId, toAms), await acceptMove(h, estateId, toLon)];
      const before = await dbSnapshot(db());
      const results = await Promise.allSettled(
        plans.map((p) => h.as('operator').migrations.execute({ planId: p.id, timeScale: 100 })),
      );
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected')!.reason as TRPCError;
      expect(lost).toBeInstanceOf(TRPCError);
      expect(lost.code).toBe('CONFLICT');
      expect(refusalOf(lost)).toMatchObject({ kind: 'vm-busy', vmId: X });

      const after = await dbSnapshot(db());
      expect(after.migrations.length).toBe(before.migrations.length + 1);
      expect(after.migrations.filter((m) => m.vm_id === X)).toEqual([
        expect.objectContaining({ plan_id: plans[won[0]!]!.id }),
      ]);
      // The winner's created event and nothing else.
      expect(Number(after.events.count)).toBe(Number(before.events.count) + 1);
      expect(after.plans.find((p) => p.id === plans[1 - won[0]!]!.id)!.status).toBe('accepted');
    });

    it('refuses a plan that has run already: PRECONDITION_FAILED plan-not-executable', async () => {
      const { h, estateId } = await setup();
      const plan = await acceptMove(h, estateId, toAms);
      await tickToEnd(h, await executePlan(h, plan.id, 1_000));
      const error = await refused(
        () => h.as('operator').migrations.execute({ planId: plan.id }),
        'PRECONDITION_FAILED',
      );
      expect(refusalOf(error)).toEqual({
        kind: 'plan-not-executable',
        planId: plan.id,
        status: 'succeeded',
      });
    });

    it('refuses an unknown plan (NOT_FOUND), an unknown executor and a timeScale out of range (BAD_REQUEST), a viewer (FORBIDDEN)', async () => {
      const { h, estateId } = await setup();
      const plan = await acceptMove(h, estateId, toAms);
      const op = h.as('operator');
      await refused(() => op.migrations.execute({ planId: 'plan-nope' }), 'NOT_FOUND');
      const noExecutor = await refused(
        () => op.migrations.execute({ planId: plan.id, executor: 'qemu-nope' }),
        'BAD_REQUEST',
      );
      expect(noExecutor.message).toMatch(/there are: simulated/);
      await refused(
        () => op.migrations.execute({ planId: plan.id, timeScale: 1e9 }),
        'BAD_REQUEST',
      );
      await refused(() => h.as('viewer').migrations.execute({ planId: plan.id }), 'FORBIDDEN');
      expect((await h.as('viewer').plans.get({ id: plan.id })).status).toBe('accepted');
    });
  });

  describe('abort', () => {
    it('refuses to abort a finished migration: PRECONDITION_FAILED migration-finished, nothing recorded', async () => {
      const { h, estateId } = await setup();
      const plan = await acceptMove(h, estateId, toAms);
      const [id] = await executePlan(h, plan.id, 1_000);
      const [run] = await tickToEnd(h, [id!]);
      expect(run!.state.status).toBe('succeeded');
      const error = await refused(
        () => h.as('operator').migrations.abort({ id: id! }),
        'PRECONDITION_FAILED',
      );
      expect(refusalOf(error)).toEqual({
        kind: 'migration-finished',
        migrationId: id,
        status: 'succeeded',
      });
      const { events } = await h.as('viewer').migrations.get({ id: id! });
      expect(events).toEqual(run!.events);
    });

    it('refuses to abort a rolled-back migration too, an unknown one (NOT_FOUND), and a viewer (FORBIDDEN)', async () => {
      const { h, estateId } = await setup();
      const plan = await acceptMove(h, estateId, toAms);
      const [id] = await executePlan(h, plan.id, 100);
      await h.as('operator').migrations.abort({ id: id! });
      const [run] = await tickToEnd(h, [id!]);
      expect(run!.state.status).toBe('rolled-back');
      const error = await refused(
        () => h.as('operator').migrations.abort({ id: id! }),
        'PRECONDITION_FAILED',
      );
      expect(refusalOf(error)).toMatchObject({ kind: 'migration-finished', status: 'rolled-back' });
      await refused(() => h.as('operator').migrations.abort({ id: 'mig-nope' }), 'NOT_FOUND');
      await refused(() => h.as('viewer').migrations.abort({ id: id! }), 'FORBIDDEN');
    });
  });

  describe('events', () => {
    it('refuses a resume from a lastEventId no event has had (BAD_REQUEST), or one that is not an id', async () => {
      const { h } = await setup();
      const latest = await latestEventId(db().kysely);
      const viewer = h.as('viewer');
      const ahead = await viewer.migrations.events({ lastEventId: String(latest + 1_000n) });
      const error = await refused(() => ahead[Symbol.asyncIterator]().next(), 'BAD_REQUEST');
      expect(error.message).toMatch(/after the newest event/);
      for (const lastEventId of ['abc', '-1', '1.5', '12345678901234567890'])
        await refused(async () => viewer.migrations.events({ lastEventId }), 'BAD_REQUEST');
    });

    it('refuses the stream of an unknown migration: NOT_FOUND', async () => {
      const { h } = await setup();
      const stream = await h.as('viewer').migrations.events({ migrationId: 'mig-nope' });
      await refused(() => stream[Symbol.asyncIterator]().next(), 'NOT_FOUND');
    });
  });

  describe('faults', () => {
    it('refuses a fault on a host or link the estate does not have (BAD_REQUEST), or without its estate', async () => {
      const { h, estateId } = await setup();
      const op = h.as('operator');
      const missingHost = await refused(
        () => op.faults.inject({ estateId, fault: { kind: 'host-down', hostId: 'nope-h1' } }),
        'BAD_REQUEST',
      );
      expect(missingHost.message).toMatch(/no host "nope-h1"/);
      await refused(
        () => op.faults.inject({ estateId, fault: { kind: 'link-down', linkId: 'nope~link' } }),
        'BAD_REQUEST',
      );
      await refused(
        () =>
          op.faults.inject({
            estateId,
            fault: { kind: 'bandwidth-collapse', linkId: 'nope~link', factor: 0.5 },
          }),
        'BAD_REQUEST',
      );
      await refused(
        () => op.faults.inject({ fault: { kind: 'link-down', linkId: 'wan.fra1~ams1' } }),
        'BAD_REQUEST',
      );
      await refused(
        () =>
          op.faults.inject({
            estateId: 'no-such-estate',
            fault: { kind: 'host-down', hostId: 'fra1.acc-1-h1' },
          }),
        'NOT_FOUND',
      );
      await refused(
        () => op.faults.inject({ estateId, fault: { kind: 'bandwidth-collapse', factor: 1.5 } }),
        'BAD_REQUEST',
      );
    });

    it('refuses a migration fault for a run that has ended (PRECONDITION_FAILED) or does not exist (NOT_FOUND)', async () => {
      const { h, estateId } = await setup();
      const plan = await acceptMove(h, estateId, toAms);
      const [id] = await executePlan(h, plan.id, 1_000);
      await tickToEnd(h, [id!]);
      const op = h.as('operator');
      for (const kind of ['stuck-progress', 'executor-crash'] as const) {
        await refused(
          () => op.faults.inject({ fault: { kind, migrationId: id! } }),
          'PRECONDITION_FAILED',
        );
        await refused(
          () => op.faults.inject({ fault: { kind, migrationId: 'mig-nope' } }),
          'NOT_FOUND',
        );
      }
    });

    it('refuses to clear a fault that is not active: NOT_FOUND', async () => {
      const { h, estateId } = await setup();
      const op = h.as('operator');
      const fault = await op.faults.inject({
        estateId,
        fault: { kind: 'bandwidth-collapse', factor: 0.5 },
      });
      await op.faults.clear({ id: fault.id });
      await refused(() => op.faults.clear({ id: fault.id }), 'NOT_FOUND');
      await refused(() => op.faults.clear({ id: 'fault-nope' }), 'NOT_FOUND');
    });
  });
});
