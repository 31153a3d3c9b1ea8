/** Shared by the edge's HTTP tests: an app on an in-memory database, and the no-leak check. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildApp, type AppOptions } from '../../src/app.ts';
import type { Db } from '../../src/db/db.ts';
import { openMemoryDb } from '../backends.ts';
import { headersOf } from '../auth/credentials.ts';

export interface EdgeApp {
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

/**
 * With `asAdmin` (the default), a request that brings no credentials of its own
 * acts as an admin, so the edge's checks are seen past the sign-in check.
 */
export async function startApp(
  opts: Omit<AppOptions, 'database'> = {},
  { asAdmin = true }: { asAdmin?: boolean } = {},
): Promise<EdgeApp> {
  const db = await openMemoryDb();
  const app = await buildApp({ database: db, execution: false, ...opts });
  if (asAdmin) {
    const { authorization } = await headersOf(db, 'admin');
    app.addHook('onRequest', (req, _reply, done) => {
      if (!req.headers.authorization && !req.headers.cookie)
        req.headers.authorization = authorization;
      done();
    });
  }
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/** tRPC's HTTP encoding of a query's input (no transformer). */
export const queryInput = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;

/** What no response body may show: file paths, module paths, stack frames, source positions. */
export function expectNoInternals(body: string): void {
  expect(body).not.toContain('/work');
  expect(body).not.toContain('node_modules');
  expect(body).not.toMatch(/\bat \S+ \(/);
  expect(body).not.toMatch(/\n\s+at /);
  expect(body).not.toContain('.ts:');
  expect(body).not.toContain('"stack"');
}
