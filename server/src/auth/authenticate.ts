/**
 * Who a request is, from its credentials: an API token (Authorization:
 * Bearer), a session cookie, or a user named by a trusted proxy; else
 * anonymous (a viewer of some estates when the anonymous viewer is on, or
 * no role at all). Credentials that are presented and wrong fail: a revoked
 * token is refused, never taken for anonymous.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findTokenByHash, markTokenUsed } from '../db/token-repo.ts';
import {
  deleteSession,
  findSession,
  findUserByName,
  getUser,
  touchSession,
  type User,
} from '../db/user-repo.ts';
import { ANONYMOUS, anonymousViewer, type Principal } from './principal.ts';
import { lesserRole } from './roles.ts';
import { hashSecret, sameSecret } from './secrets.ts';
import { isTrustedProxy, type AuthSettings } from './settings.ts';

export const SESSION_COOKIE = 'vmmi_session';
export const CSRF_COOKIE = 'vmmi_csrf';
export const CSRF_HEADER = 'x-vmmi-csrf';

/** Last-used times and session activity are written at most this often per credential. */
const TOUCH_EVERY_MS = 60_000;

export interface RequestCredentials {
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string | undefined>;
  /** The peer's address (the socket's, not X-Forwarded-For). */
  peer: string | undefined;
}

export type Authentication =
  | { ok: true; principal: Principal; via: 'token' | 'proxy' | 'anonymous' }
  | { ok: true; principal: Principal; via: 'session'; csrf: string; sessionHash: string }
  | { ok: false; reason: string };

function userPrincipal(user: User, kind: 'user' | 'proxy'): Principal {
  return {
    kind,
    userId: user.id,
    name: user.name,
    role: user.role,
    tenants: user.tenants,
    estates: null,
  };
}

function header(req: RequestCredentials, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function byToken(
  db: Kysely<Database>,
  authorization: string,
  now: Date,
): Promise<Authentication> {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization.trim());
  if (!match) return { ok: false, reason: 'the Authorization header must be "Bearer <API token>"' };
  const token = await findTokenByHash(db, hashSecret(match[1]!));
  const refused = { ok: false, reason: 'the API token is unknown, expired or revoked' } as const;
  if (!token || token.revokedAt !== null) return refused;
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return refused;
  const user = await getUser(db, token.userId);
  if (!user || user.disabled) return refused;
  if (token.lastUsedAt === null || now.getTime() - Date.parse(token.lastUsedAt) > TOUCH_EVERY_MS)
    await markTokenUsed(db, token.id, now);
  const role = token.scope === 'read' ? lesserRole(user.role, 'viewer') : user.role;
  return {
    ok: true,
    via: 'token',
    principal: { ...userPrincipal(user, 'user'), kind: 'token', role, tokenId: token.id },
  };
}

async function bySession(
  db: Kysely<Database>,
  settings: AuthSettings,
  secret: string,
  now: Date,
): Promise<Authentication | undefined> {
  const sessionHash = hashSecret(secret);
  const session = await findSession(db, sessionHash);
  if (!session) return undefined;
  const idle = now.getTime() - session.lastSeenAt.getTime() > settings.sessionIdleMs;
  if (idle || session.expiresAt.getTime() <= now.getTime()) {
    await deleteSession(db, sessionHash);
    return undefined;
  }
  const user = await getUser(db, session.userId);
  if (!user || user.disabled) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await touchSession(db, sessionHash, now);
  return {
    ok: true,
    via: 'session',
    principal: userPrincipal(user, 'user'),
    csrf: session.csrf,
    sessionHash,
  };
}

function anonymous(settings: AuthSettings): Authentication {
  const estates = settings.anonymousEstates;
  if (estates === null) return { ok: true, via: 'anonymous', principal: ANONYMOUS };
  const viewer = anonymousViewer(estates.includes('*') ? [] : estates);
  return {
    ok: true,
    via: 'anonymous',
    principal: estates.includes('*') ? { ...viewer, estates: null } : viewer,
  };
}

export async function authenticate(
  db: Kysely<Database>,
  settings: AuthSettings,
  req: RequestCredentials,
  now = new Date(),
): Promise<Authentication> {
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) return byToken(db, authorization, now);

  if (isTrustedProxy(settings, req.peer)) {
    const name = header(req, settings.proxyUserHeader)?.trim();
    if (name) {
      const found = await findUserByName(db, name);
      if (!found || found.user.disabled)
        return { ok: false, reason: `the proxy named a user "${name}" who is unknown or disabled` };
      return { ok: true, via: 'proxy', principal: userPrincipal(found.user, 'proxy') };
    }
  }

  const secret = req.cookies[SESSION_COOKIE];
  if (secret) {
    const session = await bySession(db, settings, secret, now);
    if (session) return session;
  }
  return anonymous(settings);
}

/** Whether a change made with a session cookie carries that session's CSRF token in its header. */
export function carriesCsrf(
  auth: { csrf: string },
  headers: Record<string, string | string[] | undefined>,
): boolean {
  const sent = headers[CSRF_HEADER];
  return typeof sent === 'string' && sameSecret(sent, auth.csrf);
}
