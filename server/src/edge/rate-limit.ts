/**
 * The rate limit on changes (OWASP ASVS 5.0, V2.4.1): tRPC mutations, which are
 * the POSTs under /trpc, per caller and minute. The caller is its credential
 * (the Authorization header or the session cookie) when it sends one, else its
 * address; credentials are hashed, so the limiter's memory holds none.
 */
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The session cookie's name (set by the login, see src/auth). */
export const SESSION_COOKIE = 'vmmi_session';

/** The value of one cookie of a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** Who the request counts against: its token, its session, or its address. */
export function callerKey(req: FastifyRequest): string {
  const authorization = req.headers.authorization;
  if (authorization) return `auth:${hash(authorization)}`;
  const session = cookieValue(req.headers.cookie, SESSION_COOKIE);
  if (session) return `session:${hash(session)}`;
  return `ip:${req.ip}`;
}

class TooManyRequests extends Error {
  readonly statusCode = 429;
  constructor(message: string) {
    super(message);
    this.name = 'TooManyRequests';
  }
}

/**
 * Registers @fastify/rate-limit with no global limit (routes may still set
 * `config.rateLimit`, as a login route does) and limits POSTs under `prefix`.
 */
export async function limitChanges(app: FastifyInstance, prefix: string, perMinute: number) {
  await app.register(rateLimit, { global: false });
  const limiter = app.rateLimit({
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: callerKey,
    errorResponseBuilder: (_req, ctx) =>
      new TooManyRequests(
        `too many changes: at most ${ctx.max} a minute (RATE_LIMIT_CHANGES_PER_MIN); retry in ${ctx.after}`,
      ),
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'POST' && req.url.startsWith(`${prefix}/`))
      await limiter.call(app, req, reply);
  });
}
