/**
 * The fetch under the tRPC link: the CSRF token goes with every POST (the
 * server refuses a mutation without it, docs/api.md), never with a GET, and
 * a refused answer is reported while the link still gets it as it came.
 * Answers are written as the server sends them (tRPC v11, no transformer).
 */
import { describe, expect, it } from 'vitest';
import { authFetch, trpcErrorsOf, type AuthEvents } from './auth-fetch.ts';

const trpcError = (code: string, httpStatus: number, message: string) => ({
  error: { message, code: -32001, data: { code, httpStatus } },
});

function recorder() {
  const seen: { url: string; headers: Headers }[] = [];
  const events: string[] = [];
  const listener: AuthEvents = {
    onUnauthorized: () => events.push('401'),
    onForbidden: (message) => events.push(`403 ${message}`),
  };
  const answering =
    (status: number, body: unknown): typeof fetch =>
    (input, init) => {
      seen.push({ url: input as string, headers: new Headers(init?.headers) });
      return Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        }),
      );
    };
  return { seen, events, listener, answering };
}

describe('authFetch', () => {
  it('sends the CSRF cookie in x-vmmi-csrf with a POST, keeping the headers the link set', async () => {
    const r = recorder();
    const f = authFetch(
      r.answering(200, [{ result: { data: 1 } }]),
      () => 'tok123',
      () => r.listener,
    );
    await f('/trpc/plans.accept?batch=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.seen[0]!.headers.get('x-vmmi-csrf')).toBe('tok123');
    expect(r.seen[0]!.headers.get('content-type')).toBe('application/json');
    expect(r.events).toEqual([]);
  });

  it('sends no CSRF header with a GET (queries), nor when there is no cookie', async () => {
    const r = recorder();
    const withCookie = authFetch(
      r.answering(200, []),
      () => 'tok123',
      () => r.listener,
    );
    await withCookie('/trpc/estate.list');
    const signedOut = authFetch(
      r.answering(200, []),
      () => null,
      () => r.listener,
    );
    await signedOut('/trpc/estate.import', { method: 'POST' });
    expect(r.seen.map((s) => s.headers.has('x-vmmi-csrf'))).toEqual([false, false]);
  });

  it('a 401 in a batch brings up the sign-in, and the link still reads the same answer', async () => {
    const r = recorder();
    const body = [
      trpcError('UNAUTHORIZED', 401, 'sign in: this needs the viewer role'),
      trpcError('UNAUTHORIZED', 401, 'sign in: this needs the viewer role'),
    ];
    const f = authFetch(
      r.answering(401, body),
      () => null,
      () => r.listener,
    );
    const response = await f('/trpc/estate.list,estate.get?batch=1');
    expect(r.events).toEqual(['401']);
    expect(await response.json()).toEqual(body);
  });

  it("a 403 says the server's reason; in a mixed batch (207) too", async () => {
    const r = recorder();
    const body = [
      { result: { data: [] } },
      trpcError('FORBIDDEN', 403, 'this needs the operator role; you are a viewer'),
    ];
    const f = authFetch(
      r.answering(207, body),
      () => 'x',
      () => r.listener,
    );
    await f('/trpc/a,b?batch=1', { method: 'POST' });
    expect(r.events).toEqual(['403 this needs the operator role; you are a viewer']);
  });

  it('other errors, and answers that are not JSON, report nothing', async () => {
    const r = recorder();
    const conflict = authFetch(
      r.answering(409, [trpcError('CONFLICT', 409, 'changed')]),
      () => null,
      () => r.listener,
    );
    await conflict('/trpc/plans.accept', { method: 'POST' });
    const html: typeof fetch = () => Promise.resolve(new Response('<html>', { status: 403 }));
    await authFetch(
      html,
      () => null,
      () => r.listener,
    )('/trpc/x');
    expect(r.events).toEqual([]);
  });
});

describe('trpcErrorsOf', () => {
  it('reads a single answer and a batch alike, skipping results', () => {
    expect(trpcErrorsOf(trpcError('FORBIDDEN', 403, 'no'))).toEqual([
      { code: 'FORBIDDEN', message: 'no' },
    ]);
    expect(trpcErrorsOf([{ result: { data: 1 } }, null, 'x'])).toEqual([]);
  });
});
