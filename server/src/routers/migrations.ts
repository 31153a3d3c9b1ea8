/**
 * Migrations (issue 5): execute an accepted plan, abort a run, read runs and
 * their events, and stream events live over SSE (tRPC subscriptions with
 * tracked ids: a client that reconnects with its lastEventId gets every
 * event it missed, once). Every refusal is a typed error and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError, tracked } from '@trpc/server';
import {
  foldMigration,
  IdSchema,
  isTerminal,
  specsOfReport,
  type MigrationSpec,
  type Reason,
} from '@vmmi/shared';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { refuse, staleEstate } from '../errors.ts';
import { latestEventId, readMigrationEvents } from '../execution/event-store.ts';
import { streamEvents } from '../execution/stream.ts';
import { engineFor } from '../impact/engine-cache.ts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.ts';
import type { Execution } from '../execution/service.ts';

const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });

function executionOf(ctx: Context): Execution {
  if (!ctx.execution)
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'no executor runs here' });
  return ctx.execution;
}

const EventIdSchema = z
  .string()
  .regex(/^\d{1,19}$/, 'an event id is a decimal number (the id of the last event received)');

/** A row of the migration list; the full state is in \`get\` and on the stream. */
export interface MigrationRow {
  id: string;
  planId: string;
  estateId: string;
  vmId: string;
  status: string;
  owner: string | null;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** Checks before anything changes (issue 5, item 3): hosts up, capacity with the runs already reserved. */
async function prechecks(
  ctx: Context,
  specs: MigrationSpec[],
  engineHosts: Map<
    string,
    {
      vcpu: number;
      memoryGiB: number;
      capacity?: { vcpu: number; memoryGiB: number } | undefined;
      state: string;
    }
  >,
): Promise<Reason[]> {
  const reasons: Reason[] = [];
  // What the runs not ended yet will occupy on the target hosts (only those fields, from the jsonb).
  // Host ids are an estate's own: another estate's runs reserve nothing here.
  const active = await ctx.db.kysely
    .selectFrom('migrations')
    .select([
      sql<string>`spec->>'toHost'`.as('toHost'),
      sql<number>`(spec->>'vcpu')::float8`.as('vcpu'),
      sql<number>`(spec->>'memoryGiB')::float8`.as('memoryGiB'),
    ])
    .where('estate_id', 'in', [...new Set(specs.map((s) => s.estateId))])
    .where('status', 'in', ['queued', 'running'])
    .where(
      sql<string>`spec->>'toHost'`,
      'in',
      specs.map((s) => s.toHost),
    )
    // After its switchover a run's VM is on the target in the estate: counted there, not again.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('migration_events')
            .select('migration_events.id')
            .whereRef('migration_events.migration_id', '=', 'migrations.id')
            .where('migration_events.type', '=', 'switched-over'),
        ),
      ),
    )
    .execute();
  const reserved = new Map<string, { vcpu: number; memoryGiB: number }>();
  for (const row of active) {
    const r = reserved.get(row.toHost) ?? { vcpu: 0, memoryGiB: 0 };
    reserved.set(row.toHost, { vcpu: r.vcpu + row.vcpu, memoryGiB: r.memoryGiB + row.memoryGiB });
  }
  for (const spec of specs) {
    const host = engineHosts.get(spec.toHost);
    if (!host) {
      reasons.push({ code: 'unknown-host', message: `no host ${spec.toHost}`, vmId: spec.vmId });
      continue;
    }
    if (host.state !== 'up')
      reasons.push({
        code: 'target-host-down',
        message: `${spec.toHost} is down`,
        vmId: spec.vmId,
      });
    const r = reserved.get(spec.toHost) ?? { vcpu: 0, memoryGiB: 0 };
    const cap = host.capacity;
    if (
      cap &&
      (host.vcpu + r.vcpu + spec.vcpu > cap.vcpu ||
        host.memoryGiB + r.memoryGiB + spec.memoryGiB > cap.memoryGiB)
    )
      reasons.push({
        code: 'host-capacity',
        message: `${spec.toHost} has no room left for ${spec.vmId} once the migrations already heading there land`,
        vmId: spec.vmId,
      });
    reserved.set(spec.toHost, {
      vcpu: r.vcpu + spec.vcpu,
      memoryGiB: r.memoryGiB + spec.memoryGiB,
    });
  }
  return reasons;
}

export const migrationsRouter = router({
  /**
   * Runs an accepted plan: one migration per VM. Refusals (error.data.refusal):
   * NOT_FOUND no plan; PRECONDITION_FAILED plan-not-executable / precheck-failed;
   * CONFLICT stale-estate (recompute and accept again) or vm-busy.
   */
  execute: operatorProcedure
    .input(
      z.object({
        planId: z.string().min(1),
        /** Simulated seconds per second: 1 is real time; demos and tests run faster. */
        timeScale: z.number().min(0.01).max(100_000).default(1),
        executor: z.string().min(1).default('simulated'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const execution = executionOf(ctx);
      const plan = await ctx.plans.get(input.planId);
      if (!plan) throw notFound(`no plan "${input.planId}"`);
      if (plan.status !== 'accepted')
        throw refuse(
          { kind: 'plan-not-executable', planId: plan.id, status: plan.status },
          `plan ${plan.id} is ${plan.status}, not accepted: it runs once; accept the move again to run it again`,
        );
      if (!execution.executors.get(input.executor))
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `no executor "${input.executor}"; there are: ${execution.executors
            .list()
            .map((e) => e.name)
            .join(', ')}`,
        });
      const stored = await ctx.estates.get(plan.estateId);
      if (!stored) throw notFound(`no estate "${plan.estateId}"`);
      if (stored.version !== plan.estateVersion)
        throw staleEstate(plan.estateId, plan.estateVersion, stored.version);
      const engine = engineFor(ctx.db, stored.id, stored.version, stored.estate);
      const built = specsOfReport(plan.report, engine, {
        planId: plan.id,
        estateVersion: plan.estateVersion,
        executor: input.executor,
        timeScale: input.timeScale,
      });
      if (!built.ok)
        throw refuse(
          {
            kind: 'precheck-failed',
            reasons: [{ code: 'not-executable', message: built.message }],
          },
          built.message,
        );

      const hosts = new Map(
        [...engine.index.devices.values()]
          .filter((d) => d.role === 'host')
          .map((d) => {
            const vms = engine.index.vmsByHost.get(d.id) ?? [];
            return [
              d.id,
              {
                state: d.state,
                capacity: d.capacity,
                vcpu: vms.reduce((t, v) => t + v.vcpu, 0),
                memoryGiB: vms.reduce((t, v) => t + v.memoryGiB, 0),
              },
            ];
          }),
      );
      const busy = await ctx.db.kysely
        .selectFrom('migrations')
        .select(['id', 'vm_id'])
        .where('estate_id', '=', plan.estateId)
        .where(
          'vm_id',
          'in',
          built.specs.map((s) => s.vmId),
        )
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (busy)
        throw refuse(
          { kind: 'vm-busy', vmId: busy.vm_id, migrationId: busy.id },
          `VM ${busy.vm_id} is already migrating (${busy.id})`,
        );
      const reasons = await prechecks(ctx, built.specs, hosts);
      if (reasons.length > 0)
        throw refuse(
          { kind: 'precheck-failed', reasons },
          `prechecks failed: ${reasons.map((r) => r.message).join('; ')}`,
        );

      const runs = built.specs.map((spec) => ({ id: `mig-${randomUUID()}`, spec }));
      let records;
      try {
        records = await ctx.db.kysely.transaction().execute(async (trx) => {
          const estate = await trx
            .selectFrom('estates')
            .select('version')
            .where('id', '=', plan.estateId)
            .forShare()
            .executeTakeFirst();
          if (!estate) throw notFound(`no estate "${plan.estateId}"`);
          if (estate.version !== plan.estateVersion)
            throw staleEstate(plan.estateId, plan.estateVersion, estate.version);
          const updated = await trx
            .updateTable('plans')
            .set({ status: 'running', updated_at: new Date() })
            .where('id', '=', plan.id)
            .where('status', '=', 'accepted')
            .executeTakeFirst();
          if (updated.numUpdatedRows === 0n)
            throw refuse(
              { kind: 'plan-not-executable', planId: plan.id, status: 'running' },
              `plan ${plan.id} was started by another request`,
            );
          return execution.supervisor.create(trx, runs);
        });
      } catch (err) {
        execution.supervisor.abandon(runs.map((r) => r.id));
        // The one-active-run-per-VM index, when two requests race past the check above.
        if (err instanceof Error && 'code' in err && err.code === '23505')
          throw refuse(
            { kind: 'vm-busy', vmId: runs[0]!.spec.vmId, migrationId: null },
            'a VM of this plan is already migrating',
          );
        throw err;
      }
      execution.supervisor.adopt(records);
      return { migrations: runs.map((r) => ({ id: r.id, vmId: r.spec.vmId })) };
    }),

  /**
   * Asks for an abort. The owner records it on its next tick, with the
   * outcome: rolled back before switchover, refused after it.
   * PRECONDITION_FAILED migration-finished for a run that has ended.
   */
  abort: operatorProcedure
    .input(z.object({ id: z.string().min(1) }))
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.db.kysely
        .selectFrom('migrations')
        .select(['id', 'status', 'abort_requested_at'])
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!row) throw notFound(`no migration "${input.id}"`);
      if (isTerminal(row.status as 'succeeded'))
        throw refuse(
          { kind: 'migration-finished', migrationId: row.id, status: row.status },
          `migration ${row.id} has ended (${row.status}); there is nothing to abort`,
        );
      if (row.abort_requested_at) return { id: row.id, requested: true, already: true };
      const updated = await ctx.db.kysely
        .updateTable('migrations')
        .set({ abort_requested_by: ctx.role, abort_requested_at: new Date() })
        .where('id', '=', row.id)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n)
        throw refuse(
          { kind: 'migration-finished', migrationId: row.id, status: 'ended' },
          `migration ${row.id} ended meanwhile; there is nothing to abort`,
        );
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
      let q = ctx.db.kysely
        .selectFrom('migrations')
        .select([
          'id',
          'plan_id',
          'estate_id',
          'vm_id',
          'status',
          'owner',
          'created_at',
          'updated_at',
        ])
        .where('estate_id', '=', input.estateId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(input.limit);
      if (input.active) q = q.where('status', 'in', ['queued', 'running']);
      const rows = await q.execute();
      return rows.map((r): MigrationRow => ({
        id: r.id,
        planId: r.plan_id,
        estateId: r.estate_id,
        vmId: r.vm_id,
        status: r.status,
        owner: r.owner,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      }));
    }),

  /** One run: its state (folded from its events) and the events themselves. */
  get: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => {
    const events = await readMigrationEvents(ctx.db.kysely, input.id);
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
          migrationId: z.string().min(1).optional(),
          planId: z.string().min(1).optional(),
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
        let q = ctx.db.kysely.selectFrom('migrations').select('id');
        q = input.migrationId
          ? q.where('id', '=', input.migrationId)
          : q.where('plan_id', '=', input.planId!);
        migrationIds = (await q.execute()).map((r) => r.id);
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
        const latest = await latestEventId(ctx.db.kysely);
        if (after > latest)
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: `lastEventId ${input.lastEventId} is after the newest event (${latest}): it did not come from this server`,
          });
      }
      const aborted = signal ?? new AbortController().signal;
      for await (const { id, frame } of streamEvents(execution.hub, ctx.db.kysely, {
        migrationIds,
        after,
        signal: aborted,
      }))
        yield tracked(id, frame);
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
