/** What every tRPC procedure gets: the database, the estate and plan stores and the caller's role. */
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import { ROLE_HEADER, roleFromHeader, type AuthMode, type Role } from './auth/roles.ts';
import type { Db } from './db/db.ts';
import { createEstateRepo, type EstateRepo } from './db/estate-repo.ts';
import { createPlanRepo, type PlanRepo } from './db/plan-repo.ts';
import type { Execution } from './execution/service.ts';

export interface Context {
  db: Db;
  role: Role;
  estates: EstateRepo;
  plans: PlanRepo;
  /** The migration runner of this instance; null where none runs (some tests, the CLI's offline commands). */
  execution: Execution | null;
}

/** The context without HTTP: tests and in-process callers (the CLI) build it directly. */
export function createContextInner(opts: {
  db: Db;
  role: Role;
  execution?: Execution | null;
}): Context {
  return {
    db: opts.db,
    role: opts.role,
    estates: createEstateRepo(opts.db.kysely),
    plans: createPlanRepo(opts.db.kysely),
    execution: opts.execution ?? null,
  };
}

/** The HTTP context factory for the Fastify adapter. */
export function createContextFactory(db: Db, authMode: AuthMode, execution: Execution | null) {
  return ({ req }: CreateFastifyContextOptions): Context =>
    createContextInner({
      db,
      role: roleFromHeader(req.headers[ROLE_HEADER], authMode),
      execution,
    });
}
