/**
 * Storage of estates: one row each, the document in jsonb. Only estates that
 * passed parseEstate are written; reads parse again so a row written by an
 * older build is checked and comes back with defaults and key order restored
 * (jsonb does not keep key order; only the keys of free-form records, such as topology
 * params, stay in jsonb's order).
 */
import { EstateSchema, restrictEstateToSite, type Estate } from '@vmmi/shared';
import { sql, type Kysely } from 'kysely';
import { estateSha256, type EstateDigest } from '../audit/estate-digest.ts';
import type { Database } from './schema.ts';

/** Bytes of an estate's JSON sent in one statement (putSerialized). */
const UPLOAD_PART_BYTES = 1 << 20;

/** A row of the estate list; counts come from SQL so the documents stay in the database. */
export interface EstateSummary {
  id: string;
  name: string;
  version: number;
  sites: number;
  vms: number;
  /** ISO 8601. */
  updatedAt: string;
}

export interface StoredEstate {
  id: string;
  version: number;
  /** ISO 8601. */
  updatedAt: string;
  estate: Estate;
}

/** What changes on every write of an estate: its version and the time of the write. */
export interface EstateStamp {
  version: number;
  /** ISO 8601. */
  updatedAt: string;
}

export interface EstateRepo {
  list(): Promise<EstateSummary[]>;
  get(id: string): Promise<StoredEstate | undefined>;
  /** The version and write time of an estate, without reading its document (for caches). */
  stamp(id: string): Promise<EstateStamp | undefined>;
  /** The estate restricted to one site; undefined when the estate or the site does not exist. */
  getSite(id: string, siteId: string): Promise<StoredEstate | undefined>;
  /** Inserts or replaces the estate with its id; the version goes up by one either way. */
  put(estate: Estate): Promise<{ id: string; version: number }>;
  /**
   * put, given the estate already as JSON.stringify of a validated Estate in UTF-8 (the
   * import parser's output): a big estate is not serialized on the event loop, and goes
   * to the database a MiB at a time, each part decoded as it is sent.
   */
  putSerialized(estate: {
    id: string;
    name: string;
    utf8: Uint8Array;
    /** estateSha256 of the same estate. */
    sha256: string;
  }): Promise<{ id: string; version: number }>;
  /** What identifies the stored estate in the audit log, from SQL alone: no document is read. */
  digest(id: string): Promise<EstateDigest | null>;
  /** Whether there was an estate to delete. */
  delete(id: string): Promise<boolean>;
  /**
   * Locks the estate's row until the caller's transaction ends, so no write
   * of the estate (and no other lock of it) lands meanwhile; its version, or
   * undefined when there is no such estate.
   */
  lock(id: string): Promise<number | undefined>;
}

/**
 * Pass a transaction to make these calls part of a larger unit of work;
 * given the plain database, each write runs in a transaction of its own.
 */
export function createEstateRepo(db: Kysely<Database>): EstateRepo {
  const inTransaction = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db) : db.transaction().execute(work);

  const get = async (id: string): Promise<StoredEstate | undefined> => {
    const row = await db
      .selectFrom('estates')
      .select(['id', 'version', 'updated_at', 'doc'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
      estate: EstateSchema.parse(row.doc),
    };
  };

  /**
   * The document as a SQL value: one text parameter, or parts of it staged in a temporary
   * table. Text, not bytea: PGlite takes half a second per MiB of a bytea parameter
   * (26 s for 50 MB), and a tenth of that as text.
   */
  const jsonbOf = async (trx: Kysely<Database>, doc: string | Uint8Array) => {
    if ((typeof doc === 'string' ? doc.length : doc.byteLength) <= UPLOAD_PART_BYTES) {
      const [whole = ''] = textParts(doc);
      return sql<string>`${whole}::jsonb`;
    }
    // A driver copies a statement's parameters on the event loop, over a third of a
    // second for one of 50 MB; parts of a MiB cost it a few ms each. They wait in a
    // temporary table that the transaction's end drops.
    await sql`create temp table if not exists estate_upload (n int, part text) on commit drop`.execute(
      trx,
    );
    await sql`delete from estate_upload`.execute(trx);
    // Each part is decoded as its statement goes: decoding 50 MB before the first held the
    // event loop for 0.3-0.4 s.
    let n = 0;
    for (const part of textParts(doc))
      await sql`insert into estate_upload values (${n++}, ${part})`.execute(trx);
    return sql<string>`(select string_agg(part, '' order by n)::jsonb from estate_upload)`;
  };

  /** Writes a document given as JSON text (put) or as its UTF-8 (putSerialized). */
  const write = (id: string, name: string, doc: string | Uint8Array, sha256: string) =>
    inTransaction(async (trx) => {
      const value = await jsonbOf(trx, doc);
      return trx
        .insertInto('estates')
        .values({ id, name, doc: value, sha256 })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            name,
            sha256,
            doc: sql<string>`excluded.doc`,
            version: sql<number>`estates.version + 1`,
            updated_at: sql<Date>`now()`,
          }),
        )
        .returning(['id', 'version'])
        .executeTakeFirstOrThrow();
    });

  const putSerialized: EstateRepo['putSerialized'] = ({ id, name, utf8, sha256 }) =>
    write(id, name, utf8, sha256);

  const summaries = () =>
    db
      .selectFrom('estates')
      .select([
        'id',
        'name',
        'version',
        'updated_at',
        'sha256',
        sql<number>`coalesce(jsonb_array_length(doc->'sites'), 0)`.as('sites'),
        sql<number>`coalesce(jsonb_array_length(doc->'vms'), 0)`.as('vms'),
      ]);

  return {
    async list() {
      const rows = await summaries().orderBy('name').orderBy('id').execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        version: r.version,
        sites: r.sites,
        vms: r.vms,
        updatedAt: r.updated_at.toISOString(),
      }));
    },

    get,

    async digest(id) {
      const row = await summaries().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const { name, version, sites, vms, sha256 } = row;
      return { id, name, version, sites, vms, sha256 };
    },

    async stamp(id) {
      const row = await db
        .selectFrom('estates')
        .select(['version', 'updated_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { version: row.version, updatedAt: row.updated_at.toISOString() };
    },

    async getSite(id, siteId) {
      const stored = await get(id);
      const estate = stored && restrictEstateToSite(stored.estate, siteId);
      return stored && estate && { ...stored, estate };
    },

    put(estate) {
      return write(estate.id, estate.name, JSON.stringify(estate), estateSha256(estate));
    },

    putSerialized,

    async lock(id) {
      const row = await db
        .selectFrom('estates')
        .select('version')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      return row?.version;
    },

    delete(id) {
      return inTransaction(async (trx) => {
        const result = await trx.deleteFrom('estates').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },
  };
}

/**
 * A document as text parts of about UPLOAD_PART_BYTES each: UTF-8 decoded as a stream
 * (a part that ends inside a character leaves its first bytes to the next), a string cut
 * between UTF-16 code units but never inside a surrogate pair (a lone half would reach
 * the database as U+FFFD).
 */
function* textParts(doc: string | Uint8Array): Generator<string> {
  if (typeof doc === 'string') {
    for (let at = 0; at < doc.length;) {
      let end = Math.min(doc.length, at + UPLOAD_PART_BYTES);
      const code = doc.charCodeAt(end - 1);
      if (end < doc.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
      yield doc.slice(at, end);
      at = end;
    }
    return;
  }
  const decoder = new TextDecoder();
  for (let at = 0; at < doc.byteLength; at += UPLOAD_PART_BYTES) {
    const last = at + UPLOAD_PART_BYTES >= doc.byteLength;
    yield decoder.decode(doc.subarray(at, at + UPLOAD_PART_BYTES), { stream: !last });
  }
}
