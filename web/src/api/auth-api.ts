/**
 * Who the caller is (`auth.me`), and signing in, out and creating the first
 * admin: plain HTTP routes under /api/auth, as they set cookies. An
 * interface, so the store's tests run against a fake; every failure comes
 * back in words, never as a thrown error.
 */
import { z } from 'zod';
import type { TrpcClient } from './trpc.ts';
import type { Outcome } from './execution-api.ts';
import { CSRF_COOKIE, CSRF_HEADER } from './auth-fetch.ts';
import { readCookie } from './cookies.ts';

export type Me = Awaited<ReturnType<TrpcClient['auth']['me']['query']>>;
export type AuthOutcome = { ok: true } | { ok: false; status: number | null; message: string };

export interface AuthApi {
  /** Asked apart from the batched tRPC requests, so the page's first (boot) request stays as it was. */
  me(): Promise<Outcome<Me>>;
  login(name: string, password: string): Promise<AuthOutcome>;
  logout(): Promise<AuthOutcome>;
  setup(token: string, name: string, password: string): Promise<AuthOutcome>;
}

/** `auth.me`'s answer, checked where it enters the page. */
const MeSchema = z.object({
  kind: z.enum(['user', 'token', 'proxy', 'anonymous', 'system']),
  name: z.string(),
  role: z.enum(['viewer', 'operator', 'admin']).nullable(),
  tenants: z.array(z.string()).nullable(),
  estates: z.array(z.string()).nullable(),
  tokenId: z.string().nullable(),
  setupNeeded: z.boolean(),
});
// What the schema lets through is what the server's type says (typecheck fails when they part).
const meMatchesServer = (parsed: z.infer<typeof MeSchema>): Me => parsed;
void meMatchesServer;

/** The server's `{error: {message}}`, or the status in words when it sent none. */
async function failureOf(
  response: Response,
): Promise<{ ok: false; status: number; message: string }> {
  const body = (await response.json().catch(() => null)) as {
    error?: { message?: unknown };
  } | null;
  const said = body?.error?.message;
  const message =
    typeof said === 'string'
      ? said
      : response.status === 429
        ? 'too many attempts: wait a minute and try again'
        : `the server answered ${response.status}`;
  return { ok: false, status: response.status, message };
}

async function post(
  fetchImpl: typeof fetch,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<AuthOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(`/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (err) {
    return { ok: false, status: null, message: unreachable(err) };
  }
  return response.ok ? { ok: true } : failureOf(response);
}

const unreachable = (err: unknown) =>
  `the server could not be reached (${err instanceof Error ? err.message : String(err)})`;

async function fetchMe(fetchImpl: typeof fetch): Promise<Outcome<Me>> {
  try {
    const response = await fetchImpl('/trpc/auth.me', { credentials: 'same-origin' });
    const body = (await response.json()) as { result?: { data?: unknown } };
    const me = MeSchema.safeParse(body.result?.data);
    if (me.success) return { ok: true, value: me.data };
    return {
      ok: false,
      refusal: 'other',
      unreachable: false,
      message: `the server's answer to auth.me is not understood (HTTP ${response.status})`,
    };
  } catch (err) {
    return { ok: false, refusal: null, unreachable: true, message: unreachable(err) };
  }
}

export function createAuthApi(
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  cookies: () => string = () => document.cookie,
): AuthApi {
  return {
    me: () => fetchMe(fetchImpl),
    login: (name, password) => post(fetchImpl, 'login', { name, password }),
    logout: () => {
      const csrf = readCookie(cookies(), CSRF_COOKIE);
      return post(fetchImpl, 'logout', {}, csrf === null ? {} : { [CSRF_HEADER]: csrf });
    },
    setup: (token, name, password) => post(fetchImpl, 'setup', { token, name, password }),
  };
}
