// Accepting plans over HTTP: what the web client sends and gets back, refusals included.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Role } from '../../src/auth/roles.ts';
import { headersOf } from '../auth/credentials.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { makeEstateInput } from '../fixtures.ts';

const request = { vmIds: ['vm-1'], target: { kind: 'host', hostId: 'host-a2' } };

interface TrpcErrorBody {
  error: { message: string; data: { code: string; refusal: unknown } };
}

describe.each(BACKENDS)('plans over HTTP on %s', (_kind, open) => {
  const db = useTestDb(open);
  let app: FastifyInstance | undefined;
  const start = async () => {
    app = await buildApp({ database: db() });
    await app.inject({
      method: 'POST',
      url: '/trpc/estate.import',
      headers: await headersOf(db(), 'operator'),
      payload: { estate: makeEstateInput() },
    });
    return app;
  };
  const acceptAs = async (
    server: FastifyInstance,
    expectedVersion: number,
    role: Role | null = 'operator',
  ) =>
    server.inject({
      method: 'POST',
      url: '/trpc/plans.accept',
      headers: role ? await headersOf(db(), role) : {},
      payload: { estateId: 'test-estate', request, expectedVersion },
    });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('accepts as an operator, and lists the plan', async () => {
    const server = await start();
    const res = await acceptAs(server, 1);
    expect(res.statusCode).toBe(200);
    const { plan } = res.json<{ result: { data: { plan: { id: string; status: string } } } }>()
      .result.data;
    expect(plan.status).toBe('accepted');
    const input = encodeURIComponent(JSON.stringify({ estateId: 'test-estate' }));
    const list = await server.inject({
      method: 'GET',
      url: `/trpc/plans.list?input=${input}`,
      headers: await headersOf(db(), 'viewer'),
    });
    expect(list.json<{ result: { data: { id: string }[] } }>().result.data).toMatchObject([
      { id: plan.id, vmIds: ['vm-1'], estateVersion: 1 },
    ]);
  });

  it('answers a stale version with 409 and the current version in error.data.refusal', async () => {
    const server = await start();
    const res = await acceptAs(server, 2);
    expect(res.statusCode).toBe(409);
    const { data } = res.json<TrpcErrorBody>().error;
    expect(data.code).toBe('CONFLICT');
    expect(data.refusal).toEqual({
      kind: 'stale-estate',
      estateId: 'test-estate',
      expectedVersion: 2,
      currentVersion: 1,
    });
  });

  it('needs an operator: a viewer is refused, a caller without credentials must sign in', async () => {
    const server = await start();
    expect((await acceptAs(server, 1, 'viewer')).statusCode).toBe(403);
    expect((await acceptAs(server, 1, null)).statusCode).toBe(401);
    expect((await acceptAs(server, 1, 'operator')).statusCode).toBe(200);
  });
});
