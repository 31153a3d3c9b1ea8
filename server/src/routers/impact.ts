/**
 * Impact previews on the server (and the check before a plan is accepted):
 * the same engine as the browser's, over the stored estate. The
 * answer carries the estate version it was computed on, so a caller can
 * refuse to act on a preview of an estate that has since changed.
 */
import { TRPCError } from '@trpc/server';
import { IdSchema, previewMove } from '@vmmi/shared';
import { z } from 'zod';
import { staleEstate } from '../errors.ts';
import { engineFor } from '../impact/engine-cache.ts';
import { previewOptions } from '../impact/preview-options.ts';
import { assertEstateVisible, assertMayMove } from '../auth/scope.ts';
import { router, viewerProcedure } from '../trpc.ts';

export const impactRouter = router({
  /**
   * What this instance's previews use besides the estate (its migration
   * concurrency limits), so the browser's previews on every drag frame use the
   * same waves as the server's check and the executor.
   */
  options: viewerProcedure.query(({ ctx }) => previewOptions(ctx)),

  /**
   * Previewing changes nothing, so viewers may do it. Bad requests come back as typed errors in
   * the result; a VM of a tenant the caller does not act for is FORBIDDEN.
   */
  preview: viewerProcedure
    .input(
      z.object({
        estateId: IdSchema,
        request: z.unknown(),
        expectedVersion: z.number().int().positive().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      assertEstateVisible(ctx.principal, input.estateId);
      const stored = await ctx.estates.get(input.estateId);
      if (!stored)
        throw new TRPCError({ code: 'NOT_FOUND', message: `no estate "${input.estateId}"` });
      // Another tenant's VM is refused before anything is computed, not filtered from the report.
      assertMayMove(ctx.principal, stored.estate, input.request);
      if (input.expectedVersion !== undefined && input.expectedVersion !== stored.version)
        throw staleEstate(input.estateId, input.expectedVersion, stored.version);
      const result = previewMove(engineFor(ctx.db, stored), input.request, previewOptions(ctx));
      return { estateVersion: stored.version, result };
    }),
});
