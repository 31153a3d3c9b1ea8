/** What every tRPC procedure gets: the database, the estate and plan stores and the caller's role. */
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import { ROLE_HEADER, roleFromHeader, type AuthMode, type Role } from './auth/roles.ts';
import type { Db } from './db/db.ts';
import { createEstateRepo, type EstateRepo } from './db/estate-repo.ts';
import { createPlanRepo, type PlanRepo } from './db/plan-repo.ts';

export interface Context {
  db: Db;
  role: Role;
  estates: EstateRepo;
  plans: PlanRepo;
}

/** The context without HTTP: tests and in-process callers (the CLI) build it directly. */
export function createContextInner(opts: { db: Db; role: Role }): Context {
  return {
    db: opts.db,
    role: opts.role,
    estates: createEstateRepo(opts.db.kysely),
    plans: createPlanRepo(opts.db.kysely),
  };
}

/** The HTTP context factory for the Fastify adapter. */
export function createContextFactory(db: Db, authMode: AuthMode) {
  return ({ req }: CreateFastifyContextOptions): Context =>
    createContextInner({ db, role: roleFromHeader(req.headers[ROLE_HEADER], authMode) });
}
