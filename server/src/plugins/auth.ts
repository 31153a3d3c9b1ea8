/**
 * Sign-in, sign-out and first-admin setup as plain HTTP routes under
 * /api/auth (they set and clear cookies), and the cookie parser the tRPC
 * context reads sessions with. Every attempt is in the audit log; failed
 * sign-ins say only "wrong name or password".
 */
import fastifyCookie from '@fastify/cookie';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { plainText } from '@vmmi/shared';
import { z } from 'zod';
import { completeSetup, SetupSchema } from '../auth/accounts.ts';
import { authenticate, carriesCsrf, CSRF_HEADER } from '../auth/authenticate.ts';
import { checkPassword } from '../auth/passwords.ts';
import { endSession, startSession } from '../auth/sessions.ts';
import type { AuthSettings } from '../auth/settings.ts';
import { appendAudit, type AuditOutcome } from '../db/audit-repo.ts';
import { findUserByName, type User } from '../db/user-repo.ts';

export const AUTH_PREFIX = '/api/auth';

const LoginSchema = z.object({
  name: plainText(64).pipe(z.string().min(1)),
  password: z.string().max(128),
});

/** Per address: enough for a person who mistypes, too few for guessing (ASVS 5.0 V6.3.1). */
export const LOGIN_RATE = { max: 10, timeWindow: '1 minute' } as const;

function fail(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  code: string,
  message: string,
) {
  return reply.code(status).send({ error: { code, message, requestId: req.id } });
}

function publicUser(user: User) {
  return { id: user.id, name: user.name, role: user.role, tenants: user.tenants };
}

const auth: FastifyPluginAsync<{ settings: AuthSettings }> = async (app, { settings }) => {
  await app.register(fastifyCookie);
  const db = app.db.kysely;
  const audit = (
    req: FastifyRequest,
    actor: string,
    action: string,
    outcome: AuditOutcome,
    target: string | null,
  ) =>
    appendAudit(db, {
      actor,
      actorKind: 'user',
      action,
      target,
      outcome,
      requestId: req.id,
      source: req.ip,
    });

  app.post(`${AUTH_PREFIX}/login`, { config: { rateLimit: LOGIN_RATE } }, async (req, reply) => {
    const body = LoginSchema.safeParse(req.body);
    if (!body.success) return fail(reply, req, 400, 'BAD_REQUEST', 'name and password are needed');
    const found = await findUserByName(db, body.data.name);
    const ok = await checkPassword(found?.passwordHash, body.data.password);
    if (!ok || !found || found.user.disabled) {
      await audit(req, body.data.name, 'auth.login', 'refused', body.data.name);
      return fail(reply, req, 401, 'UNAUTHORIZED', 'wrong name or password');
    }
    await startSession(db, settings, req, reply, found.user.id);
    await audit(req, found.user.name, 'auth.login', 'ok', found.user.name);
    return { user: publicUser(found.user) };
  });

  app.post(`${AUTH_PREFIX}/logout`, async (req, reply) => {
    const who = await authenticate(db, settings, {
      headers: req.headers,
      cookies: req.cookies,
      peer: req.socket.remoteAddress,
    });
    if (who.ok && who.via === 'session') {
      if (!carriesCsrf(who, req.headers))
        return fail(
          reply,
          req,
          403,
          'FORBIDDEN',
          `sign-out needs the CSRF token in ${CSRF_HEADER}`,
        );
      await audit(req, who.principal.name, 'auth.logout', 'ok', who.principal.name);
    }
    await endSession(db, req, reply);
    return { ok: true };
  });

  app.post(`${AUTH_PREFIX}/setup`, { config: { rateLimit: LOGIN_RATE } }, async (req, reply) => {
    const body = SetupSchema.safeParse(req.body);
    if (!body.success)
      return fail(
        reply,
        req,
        400,
        'BAD_REQUEST',
        body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    try {
      const user = await completeSetup(db, body.data);
      await audit(req, 'setup token', 'user.create', 'ok', user.name);
      await startSession(db, settings, req, reply, user.id);
      return { user: publicUser(user) };
    } catch (err) {
      if (!(err instanceof TRPCError)) throw err;
      await audit(req, 'setup token', 'auth.setup', 'refused', body.data.name);
      return fail(reply, req, getHTTPStatusCodeFromError(err), err.code, err.message);
    }
  });
};

export default fp(auth, { name: 'vmmi-auth', dependencies: ['vmmi-database'] });
