import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Role } from '../../src/auth/roles.ts';
import { headersOf } from '../auth/credentials.ts';
import type { Db } from '../../src/db/db.ts';
import { SERVER_VERSION } from '../../src/version.ts';
import { BACKENDS, useTestDb, openMemoryDb } from '../backends.ts';
import { makeEstateInput } from '../fixtures.ts';

/** tRPC's HTTP encoding of a query's input (no transformer). */
const q = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;

interface TrpcErrorBody {
  error: { data: { code: string; issues: { path: string; message: string }[] | null } };
}
const errorData = (res: LightMyRequestResponse) => res.json<TrpcErrorBody>().error.data;

describe.each(BACKENDS)('HTTP API on %s', (kind, open) => {
  const db = useTestDb(open);
  let app: FastifyInstance | undefined;
  const start = async (anonymousEstates: string[] | null = null) => {
    app = await buildApp({ database: db(), auth: { anonymousEstates } });
    return app;
  };
  const importAs = async (server: FastifyInstance, role: Role | null = 'operator') =>
    server.inject({
      method: 'POST',
      url: '/trpc/estate.import',
      headers: role ? await headersOf(db(), role) : {},
      payload: { estate: makeEstateInput() },
    });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('GET /api/health reports the backend and version', async () => {
    const server = await start();
    const res = await server.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    // No web root here: no web build to name.
    expect(res.json()).toEqual({ status: 'ok', db: kind, version: SERVER_VERSION, web: null });
  });

  it('serves tRPC mutations and queries under /trpc', async () => {
    const server = await start();
    const imported = await importAs(server);
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ result: { data: { id: 'test-estate', version: 1 } } });

    const input = q({ id: 'test-estate', siteId: 'dc-b' });
    const got = await server.inject({
      method: 'GET',
      url: `/trpc/estate.get${input}`,
      headers: await headersOf(db(), 'viewer'),
    });
    expect(got.statusCode).toBe(200);
    const { data } = got.json<{ result: { data: { estate: { vms: { id: string }[] } } } }>().result;
    expect(data.estate.vms.map((v) => v.id)).toEqual(['vm-3']);
  });

  it('answers batched GETs', async () => {
    const server = await start();
    const input = encodeURIComponent(JSON.stringify({ 1: { id: 'nope' } }));
    const res = await server.inject({
      method: 'GET',
      headers: await headersOf(db(), 'operator'),
      url: `/trpc/estate.list,estate.get?batch=1&input=${input}`,
    });
    const [list, get] = res.json<[{ result: { data: unknown } }, TrpcErrorBody]>();
    expect(list.result.data).toEqual([]);
    expect(get.error.data.code).toBe('NOT_FOUND');
  });

  it('accepts a request body well over the 1 MiB default', async () => {
    const server = await start();
    const big = { ...makeEstateInput(), description: 'x'.repeat(3 * 1024 * 1024) };
    const res = await server.inject({
      method: 'POST',
      headers: await headersOf(db(), 'operator'),
      url: '/trpc/estate.import',
      payload: { text: JSON.stringify(big) },
    });
    expect(res.statusCode).toBe(200);
  });

  it('puts validation issues in error.data.issues', async () => {
    const server = await start();
    const input = makeEstateInput();
    input.flows![0]!.src = 'vm-zz';
    const res = await server.inject({
      method: 'POST',
      headers: await headersOf(db(), 'operator'),
      url: '/trpc/estate.import',
      payload: { text: JSON.stringify(input) },
    });
    expect(res.statusCode).toBe(400);
    expect(errorData(res).code).toBe('BAD_REQUEST');
    expect(errorData(res).issues).toEqual([
      { path: 'flows[0].src', message: 'unknown VM "vm-zz"' },
    ]);
  });

  it('puts input schema issues in error.data.issues too', async () => {
    const server = await start();
    const input = q({ id: 'test-estate', format: 'xml' });
    const res = await server.inject({
      method: 'GET',
      url: `/trpc/estate.export${input}`,
      headers: await headersOf(db(), 'viewer'),
    });
    expect(res.statusCode).toBe(400);
    expect(errorData(res).issues?.map((i) => i.path)).toEqual(['format']);
  });

  it("takes the role from the caller's API token and refuses callers without one", async () => {
    const server = await start();
    const asViewer = await importAs(server, 'viewer');
    expect(asViewer.statusCode).toBe(403);
    expect(errorData(asViewer).code).toBe('FORBIDDEN');
    const anonymous = await importAs(server, null);
    expect(anonymous.statusCode).toBe(401);
    expect(errorData(anonymous).code).toBe('UNAUTHORIZED');
    expect((await importAs(server, 'operator')).statusCode).toBe(200);

    const del = async (role: Role) =>
      server.inject({
        method: 'POST',
        url: '/trpc/estate.delete',
        headers: await headersOf(db(), role),
        payload: { id: 'test-estate' },
      });
    expect((await del('operator')).statusCode).toBe(403);
    expect((await del('admin')).statusCode).toBe(200);
  });

  it('ignores the x-vmmi-role header that once named the role', async () => {
    const server = await start();
    const claimed = await server.inject({
      method: 'POST',
      url: '/trpc/estate.import',
      headers: { 'x-vmmi-role': 'admin' },
      payload: { estate: makeEstateInput() },
    });
    expect(claimed.statusCode).toBe(401);
    expect((await server.inject({ method: 'GET', url: '/trpc/estate.list' })).statusCode).toBe(401);
  });

  it('lets an anonymous viewer read, when on, and change nothing', async () => {
    const server = await start(['test-estate']);
    expect((await importAs(server, 'operator')).statusCode).toBe(200);
    expect((await server.inject({ method: 'GET', url: '/trpc/estate.list' })).statusCode).toBe(200);
    expect((await importAs(server, null)).statusCode).toBe(403);
  });
});

describe('GET /api/health with the database gone', () => {
  it('answers 503', async () => {
    const db = await openMemoryDb();
    const app = await buildApp({ database: db });
    await app.ready();
    await db.close();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    await app.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'error', db: 'pglite' });
  });
});

describe('HTTP API without a web root', () => {
  let app: FastifyInstance;
  let db: Db;
  beforeAll(async () => {
    db = await openMemoryDb();
    app = await buildApp({ database: db });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('serves no pages', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
