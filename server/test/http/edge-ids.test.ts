/**
 * Every id a procedure takes is an IdSchema (1..128 of letters, digits and . _ : ~ -):
 * a NUL byte, which PostgreSQL refuses in text and answered 500, or a 10,000-character
 * id is the caller's mistake, 400 BAD_REQUEST.
 */
import { headersOf } from '../auth/credentials.ts';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner } from '../../src/context.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { expectNoInternals, queryInput, startApp, type EdgeApp } from './edge-helpers.ts';

const BAD_IDS = { nul: 'plan-a\u0000b', long: 'a'.repeat(10_000) };

/** Each procedure with an id field, and its input with that field set to `id`. */
const QUERIES: [string, (id: string) => unknown][] = [
  ['estate.get', (id) => ({ id })],
  ['estate.get', (id) => ({ id: 'demo', siteId: id })],
  ['estate.export', (id) => ({ id })],
  ['estate.exportClab', (id) => ({ id })],
  ['impact.preview', (id) => ({ estateId: id, request: {} })],
  ['plans.list', (id) => ({ estateId: id })],
  ['plans.get', (id) => ({ id })],
  ['migrations.list', (id) => ({ estateId: id })],
  ['migrations.get', (id) => ({ id })],
  ['sources.get', (id) => ({ estateId: id })],
  ['sources.writebacks', (id) => ({ migrationIds: ['mig-1', id] })],
];
const MUTATIONS: [string, (id: string) => unknown][] = [
  ['estate.delete', (id) => ({ id })],
  ['plans.accept', (id) => ({ estateId: id, request: {}, expectedVersion: 1 })],
  ['migrations.execute', (id) => ({ planId: id })],
  ['migrations.execute', (id) => ({ planId: 'plan-1', executor: id })],
  ['migrations.abort', (id) => ({ id })],
  ['faults.clear', (id) => ({ id })],
  ['sources.setWriteBack', (id) => ({ estateId: id, enabled: true })],
];

describe.each(Object.entries(BAD_IDS))('an id with %s', (_kind, badId) => {
  let edge: EdgeApp;
  let admin: { authorization: string };
  beforeAll(async () => {
    edge = await startApp();
    admin = await headersOf(edge.db, 'admin');
  });
  afterAll(() => edge.close());

  const expectBadRequest = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('"code":"BAD_REQUEST"');
    expectNoInternals(res.body);
  };

  it.each(QUERIES)('%s answers 400 (%#)', async (procedure, input) => {
    const url = `/trpc/${procedure}${queryInput(input(badId))}`;
    expectBadRequest(await edge.app.inject({ method: 'GET', url, headers: admin }));
  });

  it.each(MUTATIONS)('%s answers 400 (%#)', async (procedure, input) => {
    expectBadRequest(
      await edge.app.inject({
        method: 'POST',
        url: `/trpc/${procedure}`,
        headers: { 'content-type': 'application/json', ...admin },
        payload: JSON.stringify(input(badId)),
      }),
    );
  });

  it.each([{ migrationId: badId }, { planId: badId }])(
    'migrations.events refuses %o as BAD_REQUEST',
    async (input) => {
      const caller = createCallerFactory(appRouter)(
        createContextInner({ db: edge.db, role: 'viewer' }),
      );
      const err = await caller.migrations.events(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe('BAD_REQUEST');
    },
  );
});
