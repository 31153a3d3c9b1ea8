/**
 * The tRPC base: one instance, the procedures every router builds on, and the
 * role checks (as in the official starter).
 * @see https://trpc.io/docs/server/procedures#reusable-base-procedures
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { hasRole, type Role } from './auth/roles.ts';
import type { Context } from './context.ts';
import { internalErrorMessage, requestIdOf } from './edge/public-errors.ts';
import { issuesOf, refusalOf } from './errors.ts';

const t = initTRPC.context<Context>().create({
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

/** No role needed (health-like queries only). */
export const publicProcedure = t.procedure;

function requireRole(atLeast: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!hasRole(ctx.role, atLeast)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `this needs the ${atLeast} role; the caller is a ${ctx.role}`,
      });
    }
    return next();
  });
}

/** Reads. */
export const viewerProcedure = publicProcedure.use(requireRole('viewer'));
/** Changes to estates and migrations. */
export const operatorProcedure = publicProcedure.use(requireRole('operator'));
/** Destructive or administrative changes. */
export const adminProcedure = publicProcedure.use(requireRole('admin'));
