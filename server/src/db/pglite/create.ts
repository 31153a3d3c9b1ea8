/**
 * Opens PGlite on a data directory, in whichever thread calls it (the worker, or the
 * caller's own). A new database may start from a template: a tarball of a data directory
 * (PGlite's `dumpDataDir`), which skips PostgreSQL's initdb, most of what a new database
 * costs (8–10 s on a loaded two-core machine, against 2–3 s from a tarball). The tests
 * open dozens of throw-away databases and start them all from one.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** `template`: the tarball's path; used only where no database exists yet (memory://, an empty directory). */
export async function createPglite(dataDir: string, template?: string): Promise<PGlite> {
  const exists = !dataDir.includes('://') && existsSync(join(dataDir, 'PG_VERSION'));
  if (!template || exists) return PGlite.create(dataDir);
  return PGlite.create(dataDir, { loadDataDir: new Blob([await readFile(template)]) });
}
