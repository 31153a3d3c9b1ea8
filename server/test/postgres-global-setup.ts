/**
 * Vitest global setup: a throw-away PostgreSQL server for the test run, so the
 * repository tests run against the real thing as well as PGlite. Tests get its
 * URL with inject('pgUrl'); each suite creates its own database in it
 * (test/backends.ts). Set TEST_DATABASE_URL to use an existing server instead.
 * Beside it, the template the run's in-memory PGlite databases start from
 * (pglite-template.ts), at inject('pgliteTemplate').
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { writePgliteTemplate } from './pglite-template.ts';
import { startThrowawayPostgres } from './throwaway-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases. */
    pgUrl: string;
    /** A tarball of a PGlite data directory migrated to the latest schema. */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'vmmi-pglite-template-'));
  const template = join(dir, 'pgdata.tar.gz');
  // Both take seconds, one in a PostgreSQL process, the other here: side by side.
  const [started, written] = await Promise.allSettled([
    // No fsync: the data is thrown away.
    process.env.TEST_DATABASE_URL ? undefined : startThrowawayPostgres({ fsync: false }),
    writePgliteTemplate(template),
  ]);
  const pg = started.status === 'fulfilled' ? started.value : undefined;
  if (started.status === 'rejected' || written.status === 'rejected') {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw started.status === 'rejected'
      ? started.reason
      : (written as PromiseRejectedResult).reason;
  }
  project.provide('pgUrl', pg?.url ?? process.env.TEST_DATABASE_URL!);
  project.provide('pgliteTemplate', template);
  return async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
