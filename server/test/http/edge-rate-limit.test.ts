import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type EdgeApp } from './edge-helpers.ts';

/** A cheap change: its caller is refused (401: no such token or session), but the request counts against the limit all the same. */
const change = (edge: EdgeApp, headers: Record<string, string> = {}, remoteAddress?: string) =>
  edge.app.inject({
    method: 'POST',
    url: '/trpc/plans.accept',
    headers: { 'content-type': 'application/json', ...headers },
    payload: '{}',
    ...(remoteAddress ? { remoteAddress } : {}),
  });

describe('the rate limit on changes', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startApp({ edge: { changesPerMinute: 3 } }, { asAdmin: false });
  });
  afterAll(() => edge.close());

  it('answers the change past RATE_LIMIT_CHANGES_PER_MIN with 429 and Retry-After, per token', async () => {
    const token = { authorization: 'Bearer token-a' };
    for (let i = 0; i < 3; i++) expect((await change(edge, token)).statusCode).toBe(401);
    const refused = await change(edge, token);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json()).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(
      /at most 3 a minute/,
    );
    // Another token from the same address has its own allowance.
    expect((await change(edge, { authorization: 'Bearer token-b' })).statusCode).toBe(401);
  });

  it('counts a session by its cookie, and a caller with neither by its address', async () => {
    const session = { cookie: 'theme=dark; vmmi_session=s1' };
    for (let i = 0; i < 3; i++) expect((await change(edge, session)).statusCode).toBe(401);
    expect((await change(edge, session)).statusCode).toBe(429);
    expect((await change(edge, { cookie: 'vmmi_session=s2' })).statusCode).toBe(401);

    for (let i = 0; i < 3; i++) expect((await change(edge, {}, '192.0.2.1')).statusCode).toBe(401);
    expect((await change(edge, {}, '192.0.2.1')).statusCode).toBe(429);
    expect((await change(edge, {}, '192.0.2.2')).statusCode).toBe(401);
  });

  it('leaves reads alone', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await edge.app.inject({
        method: 'GET',
        url: '/trpc/estate.list',
        remoteAddress: '192.0.2.9',
      });
      // Refused for want of credentials (401), never for the rate (429).
      expect(res.statusCode).toBe(401);
    }
  });
});
