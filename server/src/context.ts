/** What every tRPC procedure gets: the database, the estate and plan stores, the caller, and the audit log. */
import { TRPCError } from '@trpc/server';
// Its types add `request.cookies`, which the context reads.
import type {} from '@fastify/cookie';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import { authenticate, carriesCsrf, CSRF_HEADER } from './auth/authenticate.ts';
import { actorName, systemPrincipal, type Principal } from './auth/principal.ts';
import type { Role } from './auth/roles.ts';
import type { AuthSettings } from './auth/settings.ts';
import { appendAudit, type AuditEntry } from './db/audit-repo.ts';
import type { Db } from './db/db.ts';
import { createEstateRepo, type EstateRepo } from './db/estate-repo.ts';
import { createPlanRepo, type PlanRepo } from './db/plan-repo.ts';
import type { Execution } from './execution/service.ts';

/** What a procedure says of a change; who, from where and in which request come from the context. */
export type AuditNote = Omit<AuditEntry, 'actor' | 'actorKind' | 'requestId' | 'source'>;

export interface Context {
  db: Db;
  /** Who is calling (auth/principal.ts). */
  principal: Principal;
  /** The caller's effective role, `principal.role`. */
  role: Role | null;
  estates: EstateRepo;
  plans: PlanRepo;
  /** The migration runner of this instance; null where none runs (some tests, the CLI's offline commands). */
  execution: Execution | null;
  /** Fastify's request id, also in the response's x-request-id and the server log. */
  requestId: string | null;
  /** The caller's address. */
  source: string | null;
  /** Appends to the audit log as this caller. */
  audit(note: AuditNote): Promise<void>;
}

/** The context without HTTP: tests and in-process callers (the CLI) build it directly. */
export function createContextInner(opts: {
  db: Db;
  /** Shorthand for a system principal of this role, named after it. */
  role?: Role;
  principal?: Principal;
  execution?: Execution | null;
  requestId?: string | null;
  source?: string | null;
}): Context {
  const principal = opts.principal ?? systemPrincipal(opts.role ?? 'admin', opts.role ?? 'system');
  const requestId = opts.requestId ?? null;
  const source = opts.source ?? null;
  return {
    db: opts.db,
    principal,
    role: principal.role,
    estates: createEstateRepo(opts.db.kysely),
    plans: createPlanRepo(opts.db.kysely),
    execution: opts.execution ?? null,
    requestId,
    source,
    audit: (note) =>
      appendAudit(opts.db.kysely, {
        ...note,
        actor: actorName(principal),
        actorKind: principal.kind,
        requestId,
        source,
      }),
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The HTTP context factory: authenticates the request (auth/authenticate.ts).
 * Wrong credentials, or a cookie-authenticated change without the session's
 * CSRF token, refuse the whole call.
 */
export function createContextFactory(db: Db, settings: AuthSettings, execution: Execution | null) {
  return async ({ req }: CreateFastifyContextOptions): Promise<Context> => {
    const auth = await authenticate(db.kysely, settings, {
      headers: req.headers,
      cookies: req.cookies,
      peer: req.socket.remoteAddress,
    });
    if (!auth.ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: auth.reason });
    if (auth.via === 'session' && !SAFE_METHODS.has(req.method)) {
      if (!carriesCsrf(auth, req.headers))
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `a change made with a session cookie needs the session's CSRF token in ${CSRF_HEADER}`,
        });
    }
    return createContextInner({
      db,
      principal: auth.principal,
      execution,
      requestId: req.id,
      source: req.ip,
    });
  };
}
