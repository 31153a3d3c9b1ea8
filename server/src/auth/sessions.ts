/**
 * Signing in and out: a new session for a user (a random secret in an
 * HttpOnly, SameSite=Strict cookie, Secure under TLS; its hash in the
 * database) and the CSRF token the web app echoes in x-vmmi-csrf (double
 * submit, bound to the session).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { deleteSession, insertSession } from '../db/user-repo.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from './authenticate.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { AuthSettings } from './settings.ts';

function secure(settings: AuthSettings, req: FastifyRequest): boolean {
  return settings.cookieSecure === 'auto' ? req.protocol === 'https' : settings.cookieSecure;
}

export async function startSession(
  db: Kysely<Database>,
  settings: AuthSettings,
  req: FastifyRequest,
  reply: FastifyReply,
  userId: string,
): Promise<void> {
  const secret = newSecret();
  const csrf = newSecret();
  const expiresAt = new Date(Date.now() + settings.sessionMaxMs);
  await insertSession(db, {
    idHash: hashSecret(secret),
    userId,
    csrf,
    expiresAt,
    source: req.ip,
  });
  const common = {
    path: '/',
    sameSite: 'strict' as const,
    secure: secure(settings, req),
    expires: expiresAt,
  };
  reply.setCookie(SESSION_COOKIE, secret, { ...common, httpOnly: true });
  // Readable by the page, which sends it back in a header: another site can neither read nor send it.
  reply.setCookie(CSRF_COOKIE, csrf, { ...common, httpOnly: false });
}

export async function endSession(
  db: Kysely<Database>,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const secret = req.cookies[SESSION_COOKIE];
  if (secret) await deleteSession(db, hashSecret(secret));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
