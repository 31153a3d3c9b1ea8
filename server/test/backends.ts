/**
 * Runs a suite on both database backends: `describe.each(BACKENDS)('… on %s', (kind, open) => …)`.
 * PGlite runs in memory, from a template made once per run; PostgreSQL gets a database of its own per suite in
 * the server started by postgres-global-setup.ts, so test files in parallel
 * workers never see each other's rows.
 */
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { MEMORY, openDb, type Db, type DbConfig, type DbKind } from '../src/db/db.ts';

export interface TestDb {
  db: Db;
  dispose(): Promise<void>;
}

/**
 * A throw-away PGlite, started from the run's template (pglite-template.ts) rather than
 * a fresh initdb; `pgliteWorker` as openDb takes it.
 */
export function openMemoryDb(config: Pick<DbConfig, 'pgliteWorker'> = {}): Promise<Db> {
  return openDb({ dataDir: MEMORY, pgliteTemplate: inject('pgliteTemplate'), ...config });
}

/** PGlite as the server runs it: in a worker thread of its own (db/pglite/). */
async function openPgliteTestDb(): Promise<TestDb> {
  const db = await openMemoryDb({ pgliteWorker: true });
  return { db, dispose: () => db.close() };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database in the test PostgreSQL server; drop() removes it even while connections remain. */
export async function createPostgresTestDatabase(): Promise<{
  url: string;
  drop(): Promise<void>;
}> {
  const baseUrl = inject('pgUrl');
  const name = `vmmi_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(baseUrl, `drop database ${name} with (force)`),
  };
}

export async function openPostgresTestDb(): Promise<TestDb> {
  const database = await createPostgresTestDatabase();
  const db = await openDb({ url: database.url });
  return {
    db,
    dispose: async () => {
      await db.close();
      await database.drop();
    },
  };
}

export const BACKENDS: [DbKind, () => Promise<TestDb>][] = [
  ['pglite', openPgliteTestDb],
  ['postgres', openPostgresTestDb],
];

/**
 * Opens a database for the enclosing describe and empties it before each test.
 * Returns a getter, since the database exists only once beforeAll has run.
 */
export function useTestDb(open: () => Promise<TestDb>): () => Db {
  let handle: TestDb | undefined;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  beforeEach(async () => {
    // Plans, migrations and their events go with their estates; system events and faults may have none.
    await current().kysely.deleteFrom('estates').execute();
    await current().kysely.deleteFrom('migration_events').execute();
    await current().kysely.deleteFrom('faults').execute();
    await current().kysely.deleteFrom('executor_instances').execute();
    await current().kysely.deleteFrom('users').execute();
    // The audit log refuses to be emptied (its triggers); a test database lifts that for a moment.
    await current()
      .kysely.transaction()
      .execute(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_no_truncate`.execute(trx);
        await sql`truncate audit_log`.execute(trx);
        await sql`alter table audit_log enable trigger audit_log_no_truncate`.execute(trx);
      });
  });
  const current = () => {
    if (!handle) throw new Error('the test database is not open (beforeAll failed?)');
    return handle.db;
  };
  return current;
}
