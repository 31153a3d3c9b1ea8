/**
 * Opens the database: embedded PGlite by default (one process, no setup), or
 * PostgreSQL when a URL is given (several server instances share it).
 * Both speak the same SQL, so everything above this file is backend-agnostic.
 */
import { mkdirSync } from 'node:fs';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import { createPglite } from './pglite/create.ts';
import { openRemotePglite } from './pglite/remote.ts';
import type { Database } from './schema.ts';

export type DbKind = 'pglite' | 'postgres';

/** Whether the database serves; `busyMs`: how long its oldest statement in flight has run. */
export interface DbHealth {
  ok: boolean;
  busyMs?: number;
}

/**
 * How long a probe of PostgreSQL (`select 1`, over its pool) or a statement of the
 * embedded database may take before the database counts as not serving. PGlite has one
 * connection, so a 50 MB import holds it for tens of seconds on a busy machine: busy,
 * not down. Five minutes with nothing finished is down.
 */
export const DB_STUCK_MS = 300_000;
const POSTGRES_PROBE_MS = 5_000;

export interface Db {
  readonly kind: DbKind;
  readonly kysely: Kysely<Database>;
  /** For /api/health: answers at once (PGlite in a worker) or within a few seconds (PostgreSQL). */
  health(): Promise<DbHealth>;
  /** Closes the pool or the embedded database; the Db is unusable afterwards. */
  close(): Promise<void>;
  /**
   * PostgreSQL only: calls onNotify with each NOTIFY payload on the channel,
   * over a connection of its own (reconnecting after it drops, when
   * onReconnect is told so it can catch up); resolves to a function that stops listening.
   */
  listen?(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<() => Promise<void>>;
}

export interface DbConfig {
  /** A PostgreSQL connection URL; when set, dataDir is ignored. */
  url?: string;
  /** Where PGlite keeps its files, or `memory://` for a throw-away database. */
  dataDir?: string;
  /** Called with errors of idle pooled connections, which would otherwise crash the process. */
  onPoolError?: (err: Error) => void;
  /**
   * PGlite only: run it in a worker thread (db/pglite/), so that its work (4.6 s to write a
   * 50 MB estate) never holds the event loop. The server does; tests and the CLI may run
   * it in-process, where opening one costs no thread.
   */
  pgliteWorker?: boolean;
  /**
   * PGlite only: a new database starts from this tarball of a data directory (PGlite's
   * `dumpDataDir`) instead of running initdb (db/pglite/create.ts). The tests use it.
   */
  pgliteTemplate?: string;
}

export const MEMORY = 'memory://';

/** Opens the database and migrates it to the latest schema. */
export async function openDb(config: DbConfig): Promise<Db> {
  const db = config.url
    ? openPostgres(config.url, config.onPoolError)
    : await openPglite(
        config.dataDir ?? MEMORY,
        config.pgliteWorker ?? false,
        config.pgliteTemplate,
      );
  try {
    await migrateToLatest(db.kysely);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

function openPostgres(url: string, onPoolError?: (err: Error) => void): Db {
  const pool = new pg.Pool({ connectionString: url });
  pool.on('error', onPoolError ?? ((err) => console.error('postgres pool error:', err)));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    kysely,
    health: () => probe(kysely, POSTGRES_PROBE_MS),
    close: () => kysely.destroy(),
    listen: (channel, onNotify, onReconnect) => listenPostgres(url, channel, onNotify, onReconnect),
  };
}

/** `select 1` within `ms`. */
async function probe(kysely: Kysely<Database>, ms: number): Promise<DbHealth> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    const answered = sql`select 1`.execute(kysely).then(() => true);
    return { ok: await Promise.race([answered, late]) };
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}

/** LISTEN on a dedicated client; a dropped connection is retried every second until stopped. */
async function listenPostgres(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    let retried = false;
    const retryOnce = () => {
      if (stopped || retried) return;
      retried = true;
      setTimeout(() => {
        if (!stopped) connect().then(onReconnect, () => undefined);
      }, 1_000).unref();
    };
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify(n.payload ?? '');
    });
    c.on('error', retryOnce);
    c.on('end', retryOnce);
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      retryOnce();
      await c.end().catch(() => undefined);
      throw err;
    }
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
async function openPglite(dataDir: string, inWorker: boolean, template?: string): Promise<Db> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  // create() waits until the files are opened, so a locked or corrupt directory fails here, not on the first query.
  const remote = inWorker ? await openRemotePglite(dataDir, template) : undefined;
  const pglite = remote?.pglite ?? (await createPglite(dataDir, template));
  // Kysely serialises queries and transactions itself: PGlite has a single connection.
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    kysely,
    // In a worker, its state is known without a statement, which would wait behind the
    // running ones; in-process, a statement that runs at all is the answer.
    health: async () => {
      if (!remote) return probe(kysely, DB_STUCK_MS);
      const { alive, busyMs } = remote.state();
      return { ok: alive && busyMs < DB_STUCK_MS, ...(busyMs > 0 && { busyMs }) };
    },
    close: async () => {
      await kysely.destroy();
      // destroy() only closes an instance Kysely has used; close it ourselves otherwise.
      if (!pglite.closed) await pglite.close();
    },
  };
}
