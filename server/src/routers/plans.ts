/**
 * Plans: the browser previews and stages moves with the shared
 * engine; accepting one asks the server, which recomputes the report on the
 * stored estate and stores it as a plan only if the estate is still the
 * version the browser previewed and the move is feasible. The executor
 * (migrations.execute) runs accepted plans.
 */
import { actorName } from '../auth/principal.ts';
import { TRPCError } from '@trpc/server';
import { IdSchema } from '@vmmi/shared';
import { z } from 'zod';
import { staleEstate } from '../errors.ts';
import { feasibleReport } from '../plans/feasible-report.ts';
import { engineFor } from '../impact/engine-cache.ts';
import { previewOptions } from '../impact/preview-options.ts';
import { seesEstate } from '../auth/principal.ts';
import { assertEstateVisible, assertMayMove, seesMove } from '../auth/scope.ts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.ts';

const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });

export const plansRouter = router({
  /**
   * Recomputes the preview and stores it as an `accepted` plan. Refusals
   * (error.data.refusal says which): CONFLICT when the estate is not at
   * expectedVersion, BAD_REQUEST when the request cannot be previewed,
   * PRECONDITION_FAILED when the move is blocked; NOT_FOUND for no estate.
   */
  accept: operatorProcedure
    .input(
      z.object({
        estateId: IdSchema,
        request: z.unknown(),
        /** The estate version the caller's preview was computed on. */
        expectedVersion: z.number().int().positive(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      assertEstateVisible(ctx.principal, input.estateId);
      const stored = await ctx.estates.get(input.estateId);
      if (!stored) throw notFound(`no estate "${input.estateId}"`);
      assertMayMove(ctx.principal, stored.estate, input.request);
      if (input.expectedVersion !== stored.version)
        throw staleEstate(input.estateId, input.expectedVersion, stored.version);

      const report = feasibleReport(engineFor(ctx.db, stored), input.request, previewOptions(ctx));

      // The estate may have changed while the report was computed: the insert checks the version again.
      const inserted = await ctx.plans.insert({
        estateId: stored.id,
        estateVersion: stored.version,
        report,
        status: 'accepted',
        createdBy: actorName(ctx.principal),
      });
      if (!inserted.stored) {
        if (inserted.currentVersion === null) throw notFound(`no estate "${input.estateId}"`);
        throw staleEstate(input.estateId, input.expectedVersion, inserted.currentVersion);
      }
      await ctx.audit({
        action: 'plan.accept',
        target: inserted.plan.id,
        outcome: 'ok',
        after: {
          estateId: stored.id,
          estateVersion: stored.version,
          request: inserted.plan.request,
        },
      });
      return { plan: inserted.plan };
    }),

  /** The estate's plans, newest first, without their reports. */
  list: viewerProcedure
    .input(z.object({ estateId: IdSchema, limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      assertEstateVisible(ctx.principal, input.estateId);
      const plans = await ctx.plans.listByEstate(input.estateId, input.limit);
      if (ctx.principal.tenants === null) return plans;
      const estate = (await ctx.estates.get(input.estateId))?.estate;
      return plans.filter((p) => seesMove(ctx.principal, estate, p));
    }),

  get: viewerProcedure.input(z.object({ id: IdSchema })).query(async ({ ctx, input }) => {
    const plan = await ctx.plans.get(input.id);
    const seen =
      plan !== undefined &&
      seesEstate(ctx.principal, plan.estateId) &&
      seesMove(ctx.principal, (await ctx.estates.get(plan.estateId))?.estate, plan.request);
    if (!seen) throw notFound(`no plan "${input.id}"`);
    return plan;
  }),
});
