/**
 * Vitest global setup: a throw-away PostgreSQL server for the test run, so the
 * repository tests run against the real thing as well as PGlite. Tests get its
 * URL with inject('pgUrl'); each suite creates its own database in it
 * (test/backends.ts). Set TEST_DATABASE_URL to use an existing server instead.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases. */
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgUrl', process.env.TEST_DATABASE_URL);
    return () => Promise.resolve();
  }
  // No fsync: the data is thrown away.
  const pg = await startThrowawayPostgres({ fsync: false });
  project.provide('pgUrl', pg.url);
  return () => pg.stop();
}
