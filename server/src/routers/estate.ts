/** Estates: list, read (whole or one site), import, export and delete. */
import { TRPCError } from '@trpc/server';
import { IdSchema, parseEstate, parseEstateText, serializeEstate } from '@vmmi/shared';
import { z } from 'zod';
import { EstateValidationError } from '../errors.ts';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../trpc.ts';

const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });

const ImportInput = z.union([
  /** An estate file's text, JSON or YAML. */
  z.object({ text: z.string() }),
  /** An already-decoded document; it is validated all the same. */
  z.object({ estate: z.unknown() }),
]);

export const estateRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.estates.list()),

  get: viewerProcedure
    .input(z.object({ id: IdSchema, siteId: IdSchema.optional() }))
    .query(async ({ ctx, input }) => {
      if (input.siteId === undefined) {
        const stored = await ctx.estates.get(input.id);
        if (!stored) throw notFound(`no estate "${input.id}"`);
        return stored;
      }
      const stored = await ctx.estates.getSite(input.id, input.siteId);
      if (!stored) throw notFound(`no estate "${input.id}" with a site "${input.siteId}"`);
      return stored;
    }),

  /** All or nothing: an estate with any issue is refused and nothing is stored. */
  import: operatorProcedure.input(ImportInput).mutation(({ ctx, input }) => {
    const parsed = 'text' in input ? parseEstateText(input.text) : parseEstate(input.estate);
    if (!parsed.ok) {
      const cause = new EstateValidationError(parsed.issues);
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
    return ctx.estates.put(parsed.estate);
  }),

  export: viewerProcedure
    .input(z.object({ id: IdSchema, format: z.enum(['json', 'yaml']).default('json') }))
    .query(async ({ ctx, input }) => {
      const stored = await ctx.estates.get(input.id);
      if (!stored) throw notFound(`no estate "${input.id}"`);
      return { text: serializeEstate(stored.estate, input.format) };
    }),

  delete: adminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
    if (!(await ctx.estates.delete(input.id))) throw notFound(`no estate "${input.id}"`);
    return { id: input.id };
  }),
});
