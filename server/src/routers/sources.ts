/**
 * Where estates came from and what is written back there (R21): an estate
 * imported from NetBox keeps its source; an admin may turn on writing
 * successful moves back to it; every run's write-back can be read.
 */
import { TRPCError } from '@trpc/server';
import { IdSchema } from '@vmmi/shared';
import { z } from 'zod';
import { forRuns, getSource, setWriteBack } from '../db/writeback-repo.ts';
import { assertEstateVisible, seesRun } from '../auth/scope.ts';
import { getRun } from '../db/run-repo.ts';
import { adminProcedure, router, viewerProcedure } from '../trpc.ts';

export const sourcesRouter = router({
  /** The estate's source, without its id map; null for an estate not imported from NetBox. */
  get: viewerProcedure.input(z.object({ estateId: IdSchema })).query(async ({ ctx, input }) => {
    assertEstateVisible(ctx.principal, input.estateId);
    const source = await getSource(ctx.db.kysely, input.estateId);
    if (!source) return null;
    const { ids: _ids, ...rest } = source;
    return rest;
  }),

  /** Off by default; moves that succeed while it is on are written back to NetBox. */
  setWriteBack: adminProcedure
    .input(z.object({ estateId: IdSchema, enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (!(await setWriteBack(ctx.db.kysely, input.estateId, input.enabled)))
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `estate "${input.estateId}" was not imported from NetBox: there is nothing to write back to`,
        });
      await ctx.audit({
        action: 'source.setWriteBack',
        target: input.estateId,
        outcome: 'ok',
        after: { writeBack: input.enabled },
      });
      return input;
    }),

  /** The write-backs of some runs (pending, done or failed, with the last error). */
  writebacks: viewerProcedure
    .input(z.object({ migrationIds: z.array(IdSchema).max(1000) }))
    .query(async ({ ctx, input }) => {
      const rows = await forRuns(ctx.db.kysely, input.migrationIds);
      const { principal } = ctx;
      if (principal.tenants === null && principal.estates === null) return rows;
      const kept = await Promise.all(
        rows.map(async (row) => {
          const run = await getRun(ctx.db.kysely, row.migrationId);
          return run !== undefined && seesRun(principal, ctx.estates, run);
        }),
      );
      return rows.filter((_, i) => kept[i]);
    }),
});
