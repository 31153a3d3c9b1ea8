/**
 * Opens the database: embedded PGlite by default (one process, no setup), or
 * PostgreSQL when a URL is given (several server instances share it).
 * Both speak the same SQL, so everything above this file is backend-agnostic.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

export type DbKind = 'pglite' | 'postgres';

export interface Db {
  readonly kind: DbKind;
  readonly kysely: Kysely<Database>;
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
}

export const MEMORY = 'memory://';

/** Opens the database and migrates it to the latest schema. */
export async function openDb(config: DbConfig): Promise<Db> {
  const db = config.url
    ? openPostgres(config.url, config.onPoolError)
    : await openPglite(config.dataDir ?? MEMORY);
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
    close: () => kysely.destroy(),
    listen: (channel, onNotify, onReconnect) => listenPostgres(url, channel, onNotify, onReconnect),
  };
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
async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  // create() waits until the files are opened, so a locked or corrupt directory fails here, not on the first query.
  const pglite = await PGlite.create(dataDir);
  // Kysely serialises queries and transactions itself: PGlite has a single connection.
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    kysely,
    close: async () => {
      await kysely.destroy();
      // destroy() only closes an instance Kysely has used; close it ourselves otherwise.
      if (!pglite.closed) await pglite.close();
    },
  };
}
