/** Estates: list, read (whole or one site), import, export and delete; containerlab topologies in and out. */
import { TRPCError } from '@trpc/server';
import { octetInputParser } from '@trpc/server/http';
import {
  estateStats,
  ClabExportError,
  exportClab,
  IdSchema,
  packEstate,
  restrictEstateToSite,
  serializeEstate,
  type Estate,
  type PackedEstate,
} from '@vmmi/shared';
import { z } from 'zod';
import type { Context } from '../context.ts';
import type { Db } from '../db/db.ts';
import { createEstateCache, type EstateCache } from '../estate-cache.ts';
import { createEstateRepo } from '../db/estate-repo.ts';
import { putSource } from '../db/writeback-repo.ts';
import { importProgress, ProgressIdSchema } from '../import/import-progress.ts';
import { IMPORT_LIMITS } from '../import/parse/limits.ts';
import { importParser } from '../import/parse/parse-pool.ts';
import type { EstateOutcome } from '../import/parse/protocol.ts';
import { readUpload } from '../import/parse/read-upload.ts';
import { withinImportLimits } from '../import/parse/trpc-refusal.ts';
import { EstateValidationError } from '../errors.ts';
import { NetboxError } from '../import/netbox/client.ts';
import { importFromNetbox, NetboxImportInputSchema } from '../import/netbox/import.ts';
import { estateDigest, type EstateDigest } from '../audit/estate-digest.ts';
import { assertAllTenants, assertEstateVisible, estateSeenBy } from '../auth/scope.ts';
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

/** A stored estate as the caller may see it (auth/scope.ts); NOT_FOUND for one it may not read. */
async function readable(ctx: Context, id: string) {
  assertEstateVisible(ctx.principal, id);
  const stored = await cacheOf(ctx.db).get(ctx.estates, id);
  if (!stored) throw notFound(`no estate "${id}"`);
  return ctx.principal.tenants === null
    ? stored
    : { ...stored, estate: estateSeenBy(ctx.principal, stored.estate) };
}

/**
 * Packed estates (model/estate-wire.ts) by the estate object the cache holds: packed once per
 * stored version (~0.1 s for a fat-tree k=32), then sent as they are. A tenant-limited caller's
 * view is a new object each time, packed each time.
 */
const packedEstates = new WeakMap<Estate, PackedEstate>();
function packedOf(estate: Estate): PackedEstate {
  let packed = packedEstates.get(estate);
  if (!packed) packedEstates.set(estate, (packed = packEstate(estate)));
  return packed;
}

// A worker takes a while to start (tsx compiles it): the first import should not wait for it.
importParser();

/**
 * All or nothing: an estate with any issue is refused and nothing is stored. The audit
 * entry's digests come from the worker (after) and from SQL (before), so a 50 MB estate
 * is neither parsed nor hashed on the event loop.
 */
async function storeParsed(ctx: Context, parsed: EstateOutcome) {
  if (!parsed.ok) {
    const cause = new EstateValidationError(parsed.issues);
    throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  }
  const { id, name, utf8, digest } = parsed.estate;
  const before = await ctx.estates.digest(id);
  const written = await ctx.estates.putSerialized({ id, name, utf8, sha256: digest.sha256 });
  await recordWrite(ctx, 'estate.import', written.id, before, {
    ...digest,
    version: written.version,
  });
  return written;
}

/** After an estate is written: its cached copy goes, and the audit log has the change. */
async function recordWrite(
  ctx: Context,
  action: 'estate.import' | 'estate.importNetbox',
  id: string,
  before: EstateDigest | null,
  after: EstateDigest & Record<string, unknown>,
) {
  cacheOf(ctx.db).forget(id);
  await ctx.audit({ action, target: id, outcome: 'ok', before, after });
}

export const estateRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const all = await ctx.estates.list();
    const { estates } = ctx.principal;
    return estates === null ? all : all.filter((e) => estates.includes(e.id));
  }),

  get: viewerProcedure
    .input(z.object({ id: IdSchema, siteId: IdSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const stored = await readable(ctx, input.id);
      if (input.siteId === undefined) return stored;
      const estate = restrictEstateToSite(stored.estate, input.siteId);
      if (!estate) throw notFound(`no estate "${input.id}" with a site "${input.siteId}"`);
      return { ...stored, estate };
    }),

  /**
   * `get`, the estate packed for the wire (model/estate-wire.ts): a tenth of its JSON for a
   * large site, which the web app unpacks into the same estate.
   */
  getPacked: viewerProcedure.input(z.object({ id: IdSchema })).query(async ({ ctx, input }) => {
    const { estate, ...stamp } = await readable(ctx, input.id);
    return { ...stamp, packed: packedOf(estate) };
  }),

  /**
   * All or nothing: an estate with any issue is refused and nothing is stored.
   * Parsed in a worker under the import limits (docs/security.md, "Imports"); a limit
   * broken is named in the error: PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS or BAD_REQUEST.
   */
  import: operatorProcedure.input(ImportInput).mutation(async ({ ctx, input }) => {
    assertAllTenants(ctx.principal, 'an import');
    const parsed = await withinImportLimits(() =>
      'text' in input
        ? importParser().parseText(input.text)
        : importParser().parseDocument(input.estate),
    );
    return storeParsed(ctx, parsed);
  }),

  /**
   * `import` of a file's bytes as uploaded (`application/octet-stream`): nothing of it is
   * decoded on the event loop, so a big file costs the server's other clients nothing.
   */
  importFile: operatorProcedure.input(octetInputParser).mutation(async ({ ctx, input }) => {
    assertAllTenants(ctx.principal, 'an import');
    const parsed = await withinImportLimits(async () =>
      importParser().parseFile(
        await readUpload(input as ReadableStream<Uint8Array>, IMPORT_LIMITS.maxBytes),
      ),
    );
    return storeParsed(ctx, parsed);
  }),

  /**
   * Reads a NetBox and maps it (docs/import-netbox.md): with `dryRun`, only the
   * summary, report and role mapping; else the estate is stored when it validates.
   * A NetBox that cannot be read is BAD_GATEWAY, with `netbox` in the message.
   */
  importNetbox: operatorProcedure
    .input(NetboxImportInputSchema.extend({ progressId: ProgressIdSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      assertAllTenants(ctx.principal, 'an import');
      let run;
      const { progressId } = input;
      try {
        run = await importFromNetbox(
          { url: input.url, token: input.token, timeoutMs: 30_000 },
          { ...(input.roleMap && { roleMap: input.roleMap }) },
          progressId ? (p) => importProgress.publish(progressId, p) : undefined,
        );
      } catch (e) {
        if (!(e instanceof NetboxError)) throw e;
        const code = e.kind === 'refused-address' ? 'BAD_REQUEST' : 'BAD_GATEWAY';
        throw new TRPCError({ code, message: e.message, cause: e });
      } finally {
        if (progressId) importProgress.finish(progressId);
      }
      const { estate, report, roleMapping } = run;
      const summary = estate && estateStats(estate);
      if (!estate || input.dryRun)
        return { ok: estate !== null, stored: null, summary, report, roleMapping };
      const before = await ctx.estates.digest(estate.id);
      // The estate and where it came from land together: a later write-back needs both.
      const stored = await ctx.db.kysely.transaction().execute(async (trx) => {
        const written = await createEstateRepo(trx).put(estate);
        await putSource(trx, {
          estateId: written.id,
          kind: 'netbox',
          url: input.url,
          ids: run.netboxIds,
        });
        return written;
      });
      await recordWrite(ctx, 'estate.importNetbox', stored.id, before, {
        ...estateDigest(estate, stored.version),
        netbox: input.url,
      });
      return { ok: true, stored, summary, report, roleMapping };
    }),

  /**
   * Follows an import given the same `progressId` (a UUID the client made): each page
   * read from NetBox, as `{endpoint, fetched, count, done}`; ends after `done`.
   */
  importProgress: operatorProcedure
    .input(z.object({ progressId: ProgressIdSchema }))
    .subscription(async function* ({ input, signal }) {
      yield* importProgress.follow(input.progressId, signal ?? new AbortController().signal);
    }),

  export: viewerProcedure
    .input(z.object({ id: IdSchema, format: z.enum(['json', 'yaml']).default('json') }))
    .query(async ({ ctx, input }) => {
      const stored = await readable(ctx, input.id);
      return { text: serializeEstate(stored.estate, input.format) };
    }),

  /**
   * A containerlab topology's text → the estate it makes and the import's report
   * (docs/import-clab.md); `estate` is null when the report has errors. Nothing is
   * stored: the caller imports the estate with `import` once the report suits it.
   */
  importClab: operatorProcedure
    .input(z.object({ yaml: z.string() }))
    .mutation(({ input }) => withinImportLimits(() => importParser().importClab(input.yaml))),

  /** A stored estate, or one of its sites, as a containerlab topology (YAML text). */
  exportClab: viewerProcedure
    .input(z.object({ id: IdSchema, siteId: IdSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const stored = await readable(ctx, input.id);
      try {
        return { yaml: exportClab(stored.estate, { siteId: input.siteId }) };
      } catch (e) {
        if (e instanceof ClabExportError) throw notFound(e.message);
        throw e;
      }
    }),

  delete: adminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
    const before = await ctx.estates.digest(input.id);
    const deleted = await ctx.estates.delete(input.id);
    cacheOf(ctx.db).forget(input.id);
    if (!deleted) throw notFound(`no estate "${input.id}"`);
    await ctx.audit({ action: 'estate.delete', target: input.id, outcome: 'ok', before });
    return { id: input.id };
  }),
});
