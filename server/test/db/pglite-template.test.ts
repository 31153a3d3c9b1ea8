/**
 * A new PGlite started from a template (db/pglite/create.ts), as the tests' databases
 * are: it must be the database initdb and the migrations would have made, and it must
 * never be loaded over a database that exists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MEMORY, openDb, type Db } from '../../src/db/db.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import type { Database } from '../../src/db/schema.ts';
import { openMemoryDb } from '../backends.ts';

/** Every column, constraint, index, trigger and function of the public schema, and the migrations run. */
async function schemaOf(kysely: Kysely<Database>): Promise<unknown[]> {
  const q = async (text: string) =>
    (await sql.raw<Record<string, unknown>>(text).execute(kysely)).rows;
  return [
    await q(`select table_name, column_name, data_type, is_nullable, column_default
             from information_schema.columns where table_schema = 'public'
             order by table_name, ordinal_position`),
    await q(`select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def
             from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`),
    await q(`select indexname, indexdef from pg_indexes where schemaname = 'public' order by 1`),
    await q(`select tgname, tgrelid::regclass::text as t from pg_trigger
             where not tgisinternal order by 1, 2`),
    await q(`select proname, prosrc from pg_proc
             where pronamespace = 'public'::regnamespace order by 1`),
    await q(`select name from kysely_migration order by name`),
  ];
}

async function clusterOf(kysely: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    select system_identifier::text as id from pg_control_system()`.execute(kysely);
  return rows[0]!.id;
}

describe('PGlite from a template', () => {
  const open: Db[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const db of open) await db.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is a copy of one cluster, and the database a fresh initdb and the migrations make: same schema, same migrations, no rows', async () => {
    const fresh = await openDb({ dataDir: MEMORY });
    const fromTemplate = await openMemoryDb({ pgliteWorker: true });
    const another = await openMemoryDb();
    open.push(fresh, fromTemplate, another);
    // initdb gives each cluster an identifier of its own: copies of one template share it.
    expect(await clusterOf(fromTemplate.kysely)).toBe(await clusterOf(another.kysely));
    expect(await clusterOf(fromTemplate.kysely)).not.toBe(await clusterOf(fresh.kysely));
    const schema = await schemaOf(fromTemplate.kysely);
    expect(schema).toEqual(await schemaOf(fresh.kysely));
    // Every migration that ships (db/migrations/index.ts) ran before the template was made.
    expect(schema.at(-1)).toEqual(Object.keys(migrations).map((name) => ({ name })));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from estates`.execute(
      fromTemplate.kysely,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('starts an empty data directory, and is never loaded over a database that is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmmi-pglite-template-test-'));
    dirs.push(dir);
    const config = { dataDir: dir, pgliteTemplate: inject('pgliteTemplate') };
    const first = await openDb(config);
    await first.kysely.insertInto('estates').values({ id: 'kept', name: 'K', doc: '{}' }).execute();
    await first.close();

    const again = await openDb(config);
    open.push(again);
    const ids = await again.kysely.selectFrom('estates').select('id').execute();
    expect(ids).toEqual([{ id: 'kept' }]);
  });
});
