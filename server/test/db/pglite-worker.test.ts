/**
 * The embedded database in its worker thread (db/pglite/): PostgreSQL's errors keep
 * their fields across the thread, transactions commit, roll back and exclude each other
 * as in-process, and its health is known without a statement.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/db.ts';
import { openMemoryDb } from '../backends.ts';

describe('PGlite in a worker thread', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openMemoryDb({ pgliteWorker: true });
    await sql`create table counter (n int not null)`.execute(db.kysely);
    await sql`insert into counter values (0)`.execute(db.kysely);
  });
  afterAll(() => db?.close());

  it('passes on a statement’s error with its SQLSTATE and constraint', async () => {
    const insert = () =>
      db.kysely.insertInto('estates').values({ id: 'e', name: 'E', doc: '{}' }).execute();
    await insert();
    // 23505: unique_violation (PostgreSQL, Appendix A).
    await expect(insert()).rejects.toMatchObject({ code: '23505', constraint: 'estates_pkey' });
  });

  it('rolls back a transaction whose work throws, and commits one that returns', async () => {
    const failing = db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('estates').values({ id: 'rolled', name: 'R', doc: '{}' }).execute();
      throw new Error('changed my mind');
    });
    await expect(failing).rejects.toThrow('changed my mind');
    await db.kysely
      .transaction()
      .execute((trx) =>
        trx.insertInto('estates').values({ id: 'kept', name: 'K', doc: '{}' }).execute(),
      );
    const ids = await db.kysely.selectFrom('estates').select('id').execute();
    expect(ids.map((r) => r.id).sort()).toEqual(['e', 'kept']);
  });

  it('runs concurrent transactions one after the other: no increment is lost', async () => {
    const increment = () =>
      db.kysely.transaction().execute(async (trx) => {
        const { rows } = await sql<{ n: number }>`select n from counter`.execute(trx);
        // Another transaction would read the same n here if they interleaved.
        await new Promise((r) => setTimeout(r, 20));
        await sql`update counter set n = ${rows[0]!.n + 1}`.execute(trx);
      });
    await Promise.all(Array.from({ length: 5 }, increment));
    const { rows } = await sql<{ n: number }>`select n from counter`.execute(db.kysely);
    expect(rows[0]!.n).toBe(5);
  });

  it('answers its health while a statement runs, and says how long it has run', async () => {
    expect(await db.health()).toEqual({ ok: true });
    // Two seconds: the health check comes long before the statement ends, however busy the machine.
    const sleeping = sql`select pg_sleep(2)`.execute(db.kysely);
    await new Promise((r) => setTimeout(r, 50));
    const during = await db.health();
    await sleeping;
    expect(during.ok).toBe(true);
    expect(during.busyMs).toBeGreaterThan(0);
  });

  it('fails to open where PGlite cannot, and counts as down once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmmi-pglite-'));
    try {
      const file = join(dir, 'not-a-directory');
      writeFileSync(file, 'x');
      await expect(openDb({ dataDir: join(file, 'db'), pgliteWorker: true })).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const other = await openMemoryDb({ pgliteWorker: true });
    await other.close();
    expect((await other.health()).ok).toBe(false);
    await expect(sql`select 1`.execute(other.kysely)).rejects.toThrow();
  });
});
