/**
 * Migrations: execute an accepted plan, abort a run, read runs and
 * their events, and stream events live over SSE (tRPC subscriptions with
 * tracked ids: a client that reconnects with its lastEventId gets every
 * event it missed, once). Every refusal is a typed error and changes nothing.
 */
import { actorName, seesEstate } from '../auth/principal.ts';
import { assertEstateVisible, seesMove, seesRun } from '../auth/scope.ts';
import { TRPCError, tracked } from '@trpc/server';
import {
  foldMigration,
  IdSchema,
  isTerminal,
  ChangeWindowSchema,
  ConvergenceSchema,
  type EventRecord,
} from '@vmmi/shared';
import { z } from 'zod';
import type { Context } from '../context.ts';
import * as runRepo from '../db/run-repo.ts';
import { refuse, staleEstate } from '../errors.ts';
import { assertVmsFree, isVmBusyRace, planRuns, storeRuns } from '../execution/plan-execute.ts';
import { streamEvents } from '../execution/stream.ts';
import { engineFor } from '../impact/engine-cache.ts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.ts';
import type { Execution } from '../execution/service.ts';

const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });

/**
 * For a caller limited to estates or tenants, the events it may see: a run's
 * if it sees the run (remembered per run), a system event if it sees its estate.
 */
function eventFilter(ctx: Context) {
  const { principal } = ctx;
  if (principal.tenants === null && principal.estates === null) return null;
  const seen = new Map<string, Promise<boolean>>();
  return async (record: EventRecord): Promise<boolean> => {
    if (record.scope === 'system')
      return record.event.estateId === null || seesEstate(principal, record.event.estateId);
    let verdict = seen.get(record.migrationId);
    if (!verdict) {
      verdict = runRepo
        .getRun(ctx.db.kysely, record.migrationId)
        .then((run) => (run ? seesRun(ctx.principal, ctx.estates, run) : false));
      seen.set(record.migrationId, verdict);
    }
    return verdict;
  };
}

function executionOf(ctx: Context): Execution {
  if (!ctx.execution)
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'no executor runs here' });
  return ctx.execution;
}

const EventIdSchema = z
  .string()
  .regex(/^\d{1,19}$/, 'an event id is a decimal number (the id of the last event received)');

export const migrationsRouter = router({
  /**
   * Runs an accepted plan: one migration per VM. Refusals (error.data.refusal):
   * NOT_FOUND no plan; PRECONDITION_FAILED plan-not-executable / precheck-failed /
   * window-closed; CONFLICT stale-estate (recompute and accept again) or vm-busy.
   */
  execute: operatorProcedure
    .input(
      z.object({
        planId: IdSchema,
        /** Simulated seconds per second: 1 is real time; demos and tests run faster. */
        timeScale: z.number().min(0.01).max(100_000).default(1),
        executor: IdSchema.default('simulated'),
        /** When a copy does not converge: throttle the guest, switch over early (post-copy), or roll back. */
        convergence: ConvergenceSchema.default('auto-converge'),
        /**
         * A change window: the copies start now, each switchover only inside the window
         * (held until it opens; rolled back if it cannot end before it closes).
         */
        window: ChangeWindowSchema.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const execution = executionOf(ctx);
      const plan = await ctx.plans.get(input.planId);
      const visible =
        plan !== undefined &&
        seesEstate(ctx.principal, plan.estateId) &&
        seesMove(ctx.principal, (await ctx.estates.get(plan.estateId))?.estate, plan.request);
      if (!plan || !visible) throw notFound(`no plan "${input.planId}"`);
      if (plan.status !== 'accepted')
        throw refuse(
          { kind: 'plan-not-executable', planId: plan.id, status: plan.status },
          `plan ${plan.id} is ${plan.status}, not accepted: it runs once; accept the move again to run it again`,
        );
      const stored = await ctx.estates.get(plan.estateId);
      if (!stored) throw notFound(`no estate "${plan.estateId}"`);
      if (stored.version !== plan.estateVersion)
        throw staleEstate(plan.estateId, plan.estateVersion, stored.version);
      const engine = engineFor(ctx.db, stored);
      const planned = planRuns(execution.executors, engine, plan, input);
      await assertVmsFree(ctx.db.kysely, plan.estateId, [planned]);
      const { runs } = planned;
      let records;
      try {
        records = await ctx.db.kysely
          .transaction()
          .execute((trx) => storeRuns(trx, execution, engine, [planned]));
      } catch (err) {
        execution.supervisor.abandon(runs.map((r) => r.id));
        if (isVmBusyRace(err))
          throw refuse(
            { kind: 'vm-busy', vmId: runs[0]!.spec.vmId, migrationId: null },
            'a VM of this plan is already migrating',
          );
        throw err;
      }
      execution.supervisor.adopt(records);
      const migrations = runs.map((r) => ({ id: r.id, vmId: r.spec.vmId }));
      await ctx.audit({
        action: 'migration.execute',
        target: plan.id,
        outcome: 'ok',
        after: {
          estateId: plan.estateId,
          migrations,
          executor: input.executor,
          timeScale: input.timeScale,
          convergence: input.convergence,
          ...(input.window && { window: input.window }),
        },
      });
      return { migrations };
    }),

  /**
   * Asks for an abort. The owner records it on its next tick, with the
   * outcome: rolled back before switchover, refused after it.
   * PRECONDITION_FAILED migration-finished for a run that has ended.
   */
  abort: operatorProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
    const row = await runRepo.getRun(ctx.db.kysely, input.id);
    if (!row || !(await seesRun(ctx.principal, ctx.estates, row)))
      throw notFound(`no migration "${input.id}"`);
    if (isTerminal(row.status))
      throw refuse(
        { kind: 'migration-finished', migrationId: row.id, status: row.status },
        `migration ${row.id} has ended (${row.status}); there is nothing to abort`,
      );
    if (row.abortRequested) return { id: row.id, requested: true, already: true };
    if (!(await runRepo.requestAbort(ctx.db.kysely, row.id, actorName(ctx.principal))))
      throw refuse(
        { kind: 'migration-finished', migrationId: row.id, status: 'ended' },
        `migration ${row.id} ended meanwhile; there is nothing to abort`,
      );
    await ctx.audit({
      action: 'migration.abort',
      target: row.id,
      outcome: 'ok',
      before: { status: row.status, vmId: row.vmId, estateId: row.estateId },
    });
    return { id: row.id, requested: true, already: false };
  }),

  /** An estate's runs, newest first (or only those not ended). */
  list: viewerProcedure
    .input(
      z.object({
        estateId: IdSchema,
        active: z.boolean().default(false),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      assertEstateVisible(ctx.principal, input.estateId);
      const rows = await runRepo.listRuns(ctx.db.kysely, input.estateId, {
        active: input.active,
        limit: input.limit,
      });
      if (ctx.principal.tenants === null) return rows;
      const estate = (await ctx.estates.get(input.estateId))?.estate;
      return rows.filter((r) => seesMove(ctx.principal, estate, { vmIds: [r.vmId] }));
    }),

  /** One run: its state (folded from its events) and the events themselves. */
  get: viewerProcedure.input(z.object({ id: IdSchema })).query(async ({ ctx, input }) => {
    const run = await runRepo.getRun(ctx.db.kysely, input.id);
    const events =
      run && (await seesRun(ctx.principal, ctx.estates, run))
        ? await runRepo.readRunEvents(ctx.db.kysely, input.id)
        : [];
    if (events.length === 0) throw notFound(`no migration "${input.id}"`);
    return { state: foldMigration(events), events };
  }),

  executors: viewerProcedure.query(({ ctx }) => executionOf(ctx).executors.list()),

  /**
   * The event stream: one migration's events, a plan's (its runs'), each
   * from the first or after lastEventId; or every event (from now, or after
   * lastEventId). Each frame carries the events written together; its id is
   * its last event's id. BAD_REQUEST for a lastEventId no event has had.
   */
  events: viewerProcedure
    .input(
      z
        .object({
          migrationId: IdSchema.optional(),
          planId: IdSchema.optional(),
          lastEventId: EventIdSchema.nullish(),
        })
        .refine((i) => !(i.migrationId && i.planId), {
          message: 'give migrationId or planId, not both',
        }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const execution = executionOf(ctx);
      let migrationIds: string[] | undefined;
      if (input.migrationId !== undefined || input.planId !== undefined) {
        migrationIds = await runRepo.runIds(
          ctx.db.kysely,
          input.migrationId ? { migrationId: input.migrationId } : { planId: input.planId! },
        );
        if (eventFilter(ctx) !== null) {
          const runs = await Promise.all(migrationIds.map((m) => runRepo.getRun(ctx.db.kysely, m)));
          const visible = await Promise.all(
            runs.map((r) => (r ? seesRun(ctx.principal, ctx.estates, r) : Promise.resolve(false))),
          );
          migrationIds = migrationIds.filter((_, i) => visible[i]);
        }
        if (migrationIds.length === 0)
          throw notFound(
            input.migrationId
              ? `no migration "${input.migrationId}"`
              : `plan "${input.planId}" has no migrations (it was not executed)`,
          );
      }
      let after: bigint | null = null;
      if (input.lastEventId) {
        after = BigInt(input.lastEventId);
        const latest = await runRepo.latestEventId(ctx.db.kysely);
        if (after > latest)
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: `lastEventId ${input.lastEventId} is after the newest event (${latest}): it did not come from this server`,
          });
      }
      const aborted = signal ?? new AbortController().signal;
      const keep = eventFilter(ctx);
      for await (const { id, frame } of streamEvents(execution.hub, ctx.db.kysely, {
        migrationIds,
        after,
        signal: aborted,
      })) {
        if (keep === null) {
          yield tracked(id, frame);
          continue;
        }
        const events: EventRecord[] = [];
        for (const record of frame.events) if (await keep(record)) events.push(record);
        if (events.length > 0) yield tracked(id, { ...frame, events });
      }
      // The stream ends on its own only when this server shuts down. Ending it normally would tell the
      // client the subscription is over; a retryable error makes its EventSource reconnect (to the
      // restarted server, or another instance) with its last event id instead.
      if (!aborted.aborted)
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: 'the server is shutting down: reconnect with lastEventId',
        });
    }),
});
