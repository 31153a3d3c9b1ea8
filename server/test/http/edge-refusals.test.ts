import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoInternals, queryInput, startApp, type EdgeApp } from './edge-helpers.ts';

interface EdgeError {
  error: { code: string; message: string; requestId: string };
}

describe('the edge refuses before any route', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startApp({ edge: { maxBatch: 20, bodyLimit: 4096, changesPerMinute: 1000 } });
  });
  afterAll(() => edge.close());

  it('answers 421 to a Host not on the list, /api/health included', async () => {
    for (const host of ['evil.example', 'evil.example:8080', '127.0.0.2', '[::2]:80']) {
      const res = await edge.app.inject({ method: 'GET', url: '/api/health', headers: { host } });
      expect(res.statusCode, host).toBe(421);
      const body = res.json<EdgeError>();
      expect(body.error.code).toBe('MISDIRECTED_REQUEST');
      expect(body.error.requestId).toBe(res.headers['x-request-id']);
    }
    for (const host of ['localhost:8080', 'LOCALHOST', '127.0.0.1:1', '[::1]:8080', 'localhost.']) {
      const res = await edge.app.inject({ method: 'GET', url: '/api/health', headers: { host } });
      expect(res.statusCode, host).toBe(200);
    }
  });

  it('answers any host with ALLOWED_HOSTS=*', async () => {
    const open = await startApp({ edge: { allowedHosts: '*' } });
    try {
      const res = await open.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { host: 'anything.example' },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });

  // TRACK, which Node's parser does not know, is in edge-wire.test.ts (inject refuses to send it).
  it.each(['TRACE', 'CONNECT', 'PUT', 'DELETE', 'PATCH', 'PROPFIND'])(
    'answers %s with 405 and an Allow header, on the API and the web paths',
    async (method) => {
      for (const url of ['/trpc/estate.list', '/api/health', '/']) {
        const res = await edge.app.inject({ method: method as 'GET', url });
        expect(res.statusCode, `${method} ${url}`).toBe(405);
        expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
        expect(res.json<EdgeError>().error.code).toBe('METHOD_NOT_SUPPORTED');
      }
    },
  );

  it('refuses a batch of more than TRPC_MAX_BATCH calls with 400, and takes one at the limit', async () => {
    const calls = (n: number) => Array.from({ length: n }, () => 'estate.list').join(',');
    const over = await edge.app.inject({ method: 'GET', url: `/trpc/${calls(21)}?batch=1` });
    expect(over.statusCode).toBe(400);
    expect(over.json<EdgeError>().error.message).toMatch(/at most 20 procedure calls.*has 21/);
    const at = await edge.app.inject({ method: 'GET', url: `/trpc/${calls(20)}?batch=1` });
    expect(at.statusCode).toBe(200);
    expect(at.json<unknown[]>()).toHaveLength(20);
  });

  it('lets a batch read one whole estate at most', async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { id: 'a' }, 1: { id: 'b' } }));
    const two = await edge.app.inject({
      method: 'GET',
      url: `/trpc/estate.export,estate.get?batch=1&input=${input}`,
    });
    expect(two.statusCode).toBe(400);
    expect(two.json<EdgeError>().error.message).toMatch(/one whole-estate read/);
    // The web's first request (index.html's boot script): the list and one estate.
    const boot = await edge.app.inject({
      method: 'GET',
      url: `/trpc/estate.list,estate.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: { id: 'a' } }))}`,
    });
    // 207: tRPC's status for a batch whose calls ended differently (a list, and no estate "a").
    expect(boot.statusCode).toBe(207);
    const [list, get] = boot.json<[{ result?: unknown }, { error?: { data: { code: string } } }]>();
    expect(list.result).toBeDefined();
    expect(get.error?.data.code).toBe('NOT_FOUND');
  });

  it('refuses a body over the limit of its procedure with 413 before reading it', async () => {
    const res = await edge.app.inject({
      method: 'POST',
      url: '/trpc/plans.accept',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ estateId: 'x', request: 'y'.repeat(5000), expectedVersion: 1 }),
    });
    expect(res.statusCode).toBe(413);
    const body = res.json<EdgeError>();
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.error.message).toMatch(/4096 bytes/);
    // The same size is fine for an import, whose limit is the big one.
    const imported = await edge.app.inject({
      method: 'POST',
      url: '/trpc/estate.import',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'y'.repeat(5000) }),
    });
    expect(imported.statusCode).toBe(400);
    expect(imported.body).toContain('BAD_REQUEST');
  });
});

describe('errors outward carry a code and a message, never internals', () => {
  let edge: EdgeApp;
  const logLines: string[] = [];
  beforeAll(async () => {
    edge = await startApp({
      logger: { level: 'error', stream: { write: (line: string) => void logLines.push(line) } },
    });
  });
  afterAll(() => edge.close());

  it('hides a failure of ours behind the request id, and logs it under that id', async () => {
    // A query on a closed database fails inside the procedure: an INTERNAL_SERVER_ERROR.
    const broken = await startApp({
      logger: { level: 'error', stream: { write: (line: string) => void logLines.push(line) } },
    });
    await broken.db.close();
    const res = await broken.app.inject({ method: 'GET', url: '/trpc/estate.list' });
    await broken.app.close();
    expect(res.statusCode).toBe(500);
    const requestId = res.headers['x-request-id'] as string;
    const body = res.json<{ error: { message: string; data: { code: string } } }>();
    expect(body.error.data.code).toBe('INTERNAL_SERVER_ERROR');
    expect(body.error.message).toBe(`internal error (request ${requestId})`);
    expectNoInternals(res.body);
    const logged = logLines.map(
      (l) => JSON.parse(l) as { reqId?: string; err?: { message: string } },
    );
    const entry = logged.find((l) => l.reqId === requestId && l.err);
    expect(entry?.err?.message).toBeTruthy();
    expect(entry?.err?.message).not.toMatch(/^internal error/);
  });

  it.each([
    ['tRPC bad JSON', 'POST', '/trpc/estate.import', '{bad', 'application/json', 400],
    [
      'tRPC invalid input',
      'GET',
      `/trpc/estate.get${queryInput({ id: 5 })}`,
      undefined,
      undefined,
      400,
    ],
    ['tRPC unknown procedure', 'GET', '/trpc/nope.nothing', undefined, undefined, 404],
    ['tRPC unsupported content type', 'POST', '/trpc/estate.import', 'x', 'text/plain', 415],
    ['Fastify 404', 'GET', '/api/nope', undefined, undefined, 404],
    ['Fastify 404 on a POST', 'POST', '/elsewhere', '{}', 'application/json', 404],
    ['a refused method', 'TRACE', '/trpc/estate.list', undefined, undefined, 405],
    [
      'a body too large',
      'POST',
      '/trpc/plans.get',
      'x'.repeat(2 * 1024 * 1024),
      'application/json',
      413,
    ],
  ] as const)('%s: %s %s answers %#', async (_name, method, url, payload, type, status) => {
    const res = await edge.app.inject({
      method,
      url,
      payload,
      headers: type ? { 'content-type': type } : {},
    });
    expect(res.statusCode).toBe(status);
    expectNoInternals(res.body);
  });

  it('gives Fastify’s own errors one shape: code, message, request id', async () => {
    const res = await edge.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.json()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'GET /api/nope not found',
        requestId: res.headers['x-request-id'],
      },
    });
    // Refused by the router before any hook: a path that is not valid percent-encoding.
    const badUrl = await edge.app.inject({ method: 'GET', url: '/trpc/%E0%A4%A' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', requestId: badUrl.headers['x-request-id'] },
    });
  });
});
