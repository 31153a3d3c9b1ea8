/**
 * The template every in-memory PGlite of a test run starts from (db/pglite/create.ts):
 * a new database migrated to the latest schema, checkpointed (so a copy starts without
 * replaying the log) and dumped as a tarball. Made once per run by the global setup; a
 * test reaches it through openMemoryDb / the pglite backend (backends.ts).
 */
import { writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';

export async function writePgliteTemplate(file: string): Promise<void> {
  const pglite = await PGlite.create();
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  try {
    await migrateToLatest(kysely);
    await pglite.exec('CHECKPOINT');
    const tarball = await pglite.dumpDataDir('gzip');
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await kysely.destroy();
    if (!pglite.closed) await pglite.close();
  }
}
