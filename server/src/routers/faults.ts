/**
 * Fault injection, for tests and demos: what each fault
 * does to a migration is in docs/execution.md. A host or link fault also sets
 * that host or link down in its estate (a new version); clearing it sets it
 * up again. Every injection and clearing is an event on the stream.
 */
import { actorName, seesEstate } from '../auth/principal.ts';
import { assertAllTenants } from '../auth/scope.ts';
import { TRPCError } from '@trpc/server';
import { FaultSchema, IdSchema } from '@vmmi/shared';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { createEstateRepo } from '../db/estate-repo.ts';
import { appendEvents, getRun } from '../db/run-repo.ts';
import {
  clearFault,
  faultTargetMissing,
  insertFault,
  listFaults,
  withFaultState,
} from '../execution/fault-repo.ts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.ts';

const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });

async function afterChange(ctx: Context, records: Awaited<ReturnType<typeof appendEvents>>) {
  if (!ctx.execution) return;
  await ctx.execution.supervisor.reloadFaults();
  await ctx.execution.hub.deliverLocal(records);
}

export const faultsRouter = router({
  /** Injects a fault. Host and link faults name their estate; migration faults name a run that has not ended. */
  inject: operatorProcedure
    .input(z.object({ estateId: IdSchema.optional(), fault: FaultSchema }))
    .mutation(async ({ ctx, input }) => {
      assertAllTenants(ctx.principal, 'a fault');
      const { fault } = input;
      const byMigration = fault.kind === 'stuck-progress' || fault.kind === 'executor-crash';
      let estateId: string | null = input.estateId ?? null;
      if (byMigration) {
        const run = await getRun(ctx.db.kysely, fault.migrationId);
        if (!run) throw notFound(`no migration "${fault.migrationId}"`);
        if (run.status !== 'queued' && run.status !== 'running')
          throw new TRPCError({
            code: 'PRECONDITION_FAILED',
            message: `migration ${run.id} has ended (${run.status}); a fault cannot reach it`,
          });
        estateId = run.estateId;
      } else if (!estateId)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `a ${fault.kind} fault needs the estateId of its ${fault.kind === 'host-down' ? 'host' : 'link'}`,
        });

      const { stored, records } = await ctx.db.kysely.transaction().execute(async (trx) => {
        if (!byMigration) {
          const estates = createEstateRepo(trx);
          await trx
            .selectFrom('estates')
            .select('id')
            .where('id', '=', estateId)
            .forUpdate()
            .execute();
          const current = await estates.get(estateId);
          if (!current) throw notFound(`no estate "${estateId}"`);
          const missing = faultTargetMissing(current.estate, fault);
          if (missing) throw new TRPCError({ code: 'BAD_REQUEST', message: missing });
          const changed = withFaultState(current.estate, fault, 'down');
          if (changed !== current.estate) await estates.put(changed);
        }
        const stored = await insertFault(trx, estateId, fault, actorName(ctx.principal));
        const records = await appendEvents(
          trx,
          [
            {
              migrationId: null,
              event: { type: 'fault-injected', faultId: stored.id, estateId, fault },
            },
          ],
          ctx.db.kind === 'postgres',
        );
        return { stored, records };
      });
      await afterChange(ctx, records);
      await ctx.audit({ action: 'fault.inject', target: stored.id, outcome: 'ok', after: stored });
      return stored;
    }),

  /** Clears an active fault (a host or link comes back up). */
  clear: operatorProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
    assertAllTenants(ctx.principal, 'a fault');
    const { cleared, records } = await ctx.db.kysely.transaction().execute(async (trx) => {
      const cleared = await clearFault(trx, input.id);
      if (!cleared) throw notFound(`no active fault "${input.id}"`);
      if (
        cleared.estateId &&
        (cleared.fault.kind === 'host-down' || cleared.fault.kind === 'link-down')
      ) {
        const estates = createEstateRepo(trx);
        await trx
          .selectFrom('estates')
          .select('id')
          .where('id', '=', cleared.estateId)
          .forUpdate()
          .execute();
        const current = await estates.get(cleared.estateId);
        if (current) await estates.put(withFaultState(current.estate, cleared.fault, 'up'));
      }
      const records = await appendEvents(
        trx,
        [
          {
            migrationId: null,
            event: {
              type: 'fault-cleared',
              faultId: cleared.id,
              estateId: cleared.estateId,
              fault: cleared.fault,
            },
          },
        ],
        ctx.db.kind === 'postgres',
      );
      return { cleared, records };
    });
    await afterChange(ctx, records);
    await ctx.audit({
      action: 'fault.clear',
      target: cleared.id,
      outcome: 'ok',
      before: cleared,
    });
    return cleared;
  }),

  list: viewerProcedure
    .input(z.object({ active: z.boolean().default(true) }).default({ active: true }))
    .query(async ({ ctx, input }) => {
      const faults = await listFaults(ctx.db.kysely, input);
      return faults.filter((f) => f.estateId === null || seesEstate(ctx.principal, f.estateId));
    }),
});
