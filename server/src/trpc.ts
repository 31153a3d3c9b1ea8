/**
 * The tRPC base: one instance, the procedures every router builds on, and the
 * role checks (as in the official starter).
 * @see https://trpc.io/docs/server/procedures#reusable-base-procedures
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { hasRole, type ProcedureRole } from './auth/roles.ts';
import type { Context } from './context.ts';
import { internalErrorMessage, requestIdOf } from './edge/public-errors.ts';
import { issuesOf, refusalOf } from './errors.ts';

/** What a procedure declares of itself. */
export interface ProcedureMeta {
  /** The least role a caller needs. */
  role: ProcedureRole;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Subscriptions over SSE: a ping keeps proxies from closing a quiet stream, and lets the
    // client notice a dead one (it reconnects, with its lastEventId, after 3 missed pings).
    sse: {
      ping: { enabled: true, intervalMs: 5_000 },
      client: { reconnectAfterInactivityMs: 15_000 },
    },
    // Outward, an error is a code and a message: never a stack (tRPC adds one outside
    // production), and for our own failures not even the message, which is logged with
    // the request id that the caller is given instead (plugins/trpc.ts, onError).
    errorFormatter({ shape, error }) {
      const { stack: _stack, ...data } = shape.data;
      const message =
        error.code === 'INTERNAL_SERVER_ERROR'
          ? internalErrorMessage(requestIdOf(error))
          : shape.message;
      return {
        ...shape,
        message,
        data: { ...data, issues: issuesOf(error), refusal: refusalOf(error) },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure passes this check, which reads the role the procedure
 * declares in its meta: a procedure that declares none is refused (fail
 * closed), and test/auth/procedure-roles.test.ts fails on it first.
 */
const declaredRoleCheck = t.procedure.use(({ ctx, meta, next }) => {
  const needs = meta?.role;
  if (needs === undefined)
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'procedure declares no role' });
  if (needs === 'public' || hasRole(ctx.role, needs)) return next();
  if (ctx.role === null)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: `sign in: this needs the ${needs} role` });
  throw new TRPCError({
    code: 'FORBIDDEN',
    message: `this needs the ${needs} role; you are a ${ctx.role}`,
  });
});

/** Anyone, signed in or not: who am I, sign-in state. */
export const publicProcedure = declaredRoleCheck.meta({ role: 'public' });
/** Reads. */
export const viewerProcedure = declaredRoleCheck.meta({ role: 'viewer' });
/** Changes to estates and migrations. */
export const operatorProcedure = declaredRoleCheck.meta({ role: 'operator' });
/** Destructive or administrative changes. */
export const adminProcedure = declaredRoleCheck.meta({ role: 'admin' });
