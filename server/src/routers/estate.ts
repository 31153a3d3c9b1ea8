/** Estates: list, read (whole or one site), import, export and delete; containerlab topologies in and out. */
import { TRPCError } from '@trpc/server';
import {
  ClabExportError,
  exportClab,
  IdSchema,
  importClab,
  parseEstate,
  parseEstateText,
  restrictEstateToSite,
  serializeEstate,
} from '@vmmi/shared';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { createEstateCache, type EstateCache } from '../estate-cache.ts';
import { EstateValidationError } from '../errors.ts';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../trpc.ts';

const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });

const ImportInput = z.union([
  /** An estate file's text, JSON or YAML. */
  z.object({ text: z.string() }),
  /** An already-decoded document; it is validated all the same. */
  z.object({ estate: z.unknown() }),
]);

/** One cache per database (estate-cache.ts): reads of an unchanged estate skip parsing it again. */
const caches = new WeakMap<Db, EstateCache>();
function cacheOf(db: Db): EstateCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = createEstateCache()));
  return cache;
}

export const estateRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.estates.list()),

  get: viewerProcedure
    .input(z.object({ id: IdSchema, siteId: IdSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const stored = await cacheOf(ctx.db).get(ctx.estates, input.id);
      if (input.siteId === undefined) {
        if (!stored) throw notFound(`no estate "${input.id}"`);
        return stored;
      }
      const estate = stored && restrictEstateToSite(stored.estate, input.siteId);
      if (!estate) throw notFound(`no estate "${input.id}" with a site "${input.siteId}"`);
      return { ...stored, estate };
    }),

  /** All or nothing: an estate with any issue is refused and nothing is stored. */
  import: operatorProcedure.input(ImportInput).mutation(async ({ ctx, input }) => {
    const parsed = 'text' in input ? parseEstateText(input.text) : parseEstate(input.estate);
    if (!parsed.ok) {
      const cause = new EstateValidationError(parsed.issues);
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
    const written = await ctx.estates.put(parsed.estate);
    cacheOf(ctx.db).forget(written.id);
    return written;
  }),

  export: viewerProcedure
    .input(z.object({ id: IdSchema, format: z.enum(['json', 'yaml']).default('json') }))
    .query(async ({ ctx, input }) => {
      const stored = await ctx.estates.get(input.id);
      if (!stored) throw notFound(`no estate "${input.id}"`);
      return { text: serializeEstate(stored.estate, input.format) };
    }),

  /**
   * A containerlab topology's text → the estate it makes and the import's report
   * (docs/import-clab.md); `estate` is null when the report has errors. Nothing is
   * stored: the caller imports the estate with `import` once the report suits it.
   */
  importClab: operatorProcedure
    .input(z.object({ yaml: z.string() }))
    .mutation(({ input }) => importClab(input.yaml)),

  /** A stored estate, or one of its sites, as a containerlab topology (YAML text). */
  exportClab: viewerProcedure
    .input(z.object({ id: IdSchema, siteId: IdSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const stored = await cacheOf(ctx.db).get(ctx.estates, input.id);
      if (!stored) throw notFound(`no estate "${input.id}"`);
      try {
        return { yaml: exportClab(stored.estate, { siteId: input.siteId }) };
      } catch (e) {
        if (e instanceof ClabExportError) throw notFound(e.message);
        throw e;
      }
    }),

  delete: adminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
    const deleted = await ctx.estates.delete(input.id);
    cacheOf(ctx.db).forget(input.id);
    if (!deleted) throw notFound(`no estate "${input.id}"`);
    return { id: input.id };
  }),
});
