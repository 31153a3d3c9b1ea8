/**
 * Random and malformed input to every procedure and over every HTTP method:
 * wrong types, huge and deeply nested values, NUL and other unicode,
 * prototype keys, bad batches, bodies that are not JSON. The server must
 * answer each with a status below 500 and stay up, and a call it refuses
 * (4xx) must write nothing to the database. The audit log is left out of that
 * check (recording a refusal there is its job, not a change of state), and so
 * are a token's last use and a session's last activity (written by signing in).
 */
import { buildDemoEstate } from '@vmmi/shared';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createContextInner } from '../../src/context.ts';
import type { Db } from '../../src/db/db.ts';
import { openMemoryDb } from '../backends.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { callerWithToken } from '../auth/credentials.ts';

const createCaller = createCallerFactory(appRouter);
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, p]) => ({ path, type: p._def.type }));

let db: Db;
let app: FastifyInstance;
let admin: { authorization: string };
let calls = 0;
const statuses = new Map<number, number>();

beforeAll(async () => {
  db = await openMemoryDb();
  app = await buildApp({
    database: db,
    execution: { tickMs: 1_000_000_000, leaseMs: 3_600_000 },
    // Past the rate limit every change would answer 429 before its input is even read.
    edge: { changesPerMinute: 1_000_000 },
  });
  await app.ready();
  await createCaller(createContextInner({ db, role: 'admin' })).estate.import({
    estate: buildDemoEstate(),
  });
  admin = (await callerWithToken(db, 'admin')).headers;
  await countWrites();
}, 60_000);

afterAll(async () => {
  console.log(
    `fuzz: ${calls} calls; statuses ${[...statuses]
      .sort()
      .map(([s, n]) => `${s}×${n}`)
      .join(', ')}`,
  );
  await app?.close();
  await db?.close();
});

const TABLES = [
  'estates',
  'plans',
  'migrations',
  'migration_events',
  'faults',
  'estate_sources',
  'writebacks',
  'users',
  'sessions',
  'api_tokens',
  'auth_setup',
];

/**
 * A token's last use and a session's last activity are written by signing in, not by
 * the call (at most once a minute): they are left out.
 */
const STAMPS: Record<string, string> = { api_tokens: 'last_used_at', sessions: 'last_seen_at' };

/**
 * Counts every row written to the tables above (but the stamps) in a table of its own,
 * by triggers: a write rolled back rolls its count back too, so an unchanged count is
 * an unchanged database. One read per call, where digesting every table took a third
 * of the fuzzing's time.
 */
async function countWrites(): Promise<void> {
  await sql`create table fuzz_writes (n bigint not null)`.execute(db.kysely);
  await sql`insert into fuzz_writes values (0)`.execute(db.kysely);
  await sql`create function fuzz_count() returns trigger language plpgsql as $$
    begin update fuzz_writes set n = n + 1; return null; end $$`.execute(db.kysely);
  for (const t of TABLES) {
    const { rows } = await sql<{
      c: string;
    }>`select column_name as c from information_schema.columns
      where table_schema = 'public' and table_name = ${t}`.execute(db.kysely);
    expect(rows.length, t).toBeGreaterThan(0);
    const columns = rows.map((r) => r.c).filter((c) => c !== STAMPS[t]);
    await sql`create trigger ${sql.raw(`fuzz_${t}`)} after insert or delete or update of ${sql.join(
      columns.map((c) => sql.ref(c)),
    )} on ${sql.table(t)} for each row execute function fuzz_count()`.execute(db.kysely);
  }
}

/** How many rows the calls so far have written. */
async function fingerprint(): Promise<string> {
  const { rows } = await sql<{ n: string }>`select n::text from fuzz_writes`.execute(db.kysely);
  return rows[0]!.n;
}

/** The fingerprint after the last call, when that call was refused (so nothing has changed since). */
let known: string | undefined;

/** Sends one request; fails on a 5xx; a refused one must have changed nothing. */
async function send(opts: InjectOptions & { url: string }): Promise<void> {
  const before = known ?? (await fingerprint());
  known = undefined;
  const res = await app.inject(opts);
  calls++;
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  expect(res.statusCode, `${opts.method} ${opts.url} → ${res.body.slice(0, 300)}`).toBeLessThan(
    500,
  );
  if (res.statusCode >= 400) {
    const after = await fingerprint();
    expect(after, `${opts.method} ${opts.url}`).toBe(before);
    known = after;
  }
}

// Values that have broken servers: NUL, lone surrogates, RTL marks, huge and deep values, prototype keys.
const nasty = fc.constantFrom(
  '\u0000',
  'demo\u0000',
  '\ud800',
  '\u202e',
  '💥'.repeat(1000),
  'x'.repeat(200_000),
  '../../etc/passwd',
  "'; drop table estates; --",
  '__proto__',
  'constructor',
  -1,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  null,
  [],
  {},
);
/** Deeply nested JSON as text (as a value it would overflow the test's own stack first). */
const deepText = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('[', '{"a":'))
  .map(([n, open]) => open.repeat(n) + '0' + (open === '[' ? ']' : '}').repeat(n));
const fieldNames = fc.constantFrom(
  'id',
  'estateId',
  'siteId',
  'planId',
  'migrationId',
  'vmIds',
  'request',
  'target',
  'expectedVersion',
  'text',
  'estate',
  'yaml',
  'url',
  'token',
  'name',
  'password',
  'role',
  'tenants',
  'scope',
  'limit',
  'fault',
  'lastEventId',
  '__proto__',
  'constructor',
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: nasty },
);
/** An object with the fields procedures read, holding anything. */
const shaped = fc.dictionary(fieldNames, value, { maxKeys: 6 });
const input = fc.oneof(shaped, value);

/** JSON text with a prototype key, which JSON.stringify of an object literal cannot make. */
const protoKeyText = fc
  .constantFrom('__proto__', 'constructor', 'prototype')
  .map((k) => `{"${k}":{"polluted":true,"id":"demo"},"id":"demo"}`);
const rawText = fc.oneof(protoKeyText, deepText);

function requestFor(
  path: string,
  type: string,
  given: unknown,
  raw?: string,
): InjectOptions & { url: string } {
  const text = raw ?? JSON.stringify(given) ?? 'null';
  return type === 'mutation'
    ? {
        method: 'POST',
        url: `/trpc/${path}`,
        headers: { ...admin, 'content-type': 'application/json' },
        payload: text,
      }
    : { method: 'GET', url: `/trpc/${path}?input=${encodeURIComponent(text)}`, headers: admin };
}

describe('fuzzing every procedure', () => {
  it('the write count sees a write, and a rolled-back one not', async () => {
    const before = await fingerprint();
    await sql`update users set role = role`.execute(db.kysely);
    const after = await fingerprint();
    expect(BigInt(after)).toBeGreaterThan(BigInt(before));
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await sql`update users set role = role`.execute(trx);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await fingerprint()).toBe(after);
  });

  const queriesAndMutations = procedures.filter((p) => p.type !== 'subscription');

  it.each(queriesAndMutations)(
    '$path ($type): 240 random inputs, no 5xx, refusals change nothing',
    async ({ path, type }) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 9, arbitrary: input.map((i) => ({ i, raw: undefined })) },
            { weight: 1, arbitrary: rawText.map((raw) => ({ i: null, raw })) },
          ),
          async ({ i, raw }) => {
            await send(requestFor(path, type, i, raw));
          },
        ),
        { numRuns: 240 },
      );
      // Nothing was polluted along the way.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    300_000,
  );

  it.each(procedures.filter((p) => p.type === 'subscription'))(
    '$path (subscription): 200 random inputs are parsed or refused, never thrown past the API',
    async ({ path }) => {
      const caller = createCaller(createContextInner({ db, role: 'admin', execution: null }));
      const fn = path
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (
        i: unknown,
      ) => Promise<AsyncIterable<unknown>>;
      await fc.assert(
        fc.asyncProperty(input, async (i) => {
          calls++;
          try {
            const it = (await fn(i))[Symbol.asyncIterator]();
            await it.return?.();
          } catch (err) {
            const code = (err as { code?: string }).code;
            expect(['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'INTERNAL_SERVER_ERROR']).toContain(
              code,
            );
            // An internal error here may only be "no executor runs here" (this caller has none).
            if (code === 'INTERNAL_SERVER_ERROR')
              expect((err as Error).message).toBe('no executor runs here');
          }
        }),
        { numRuns: 200 },
      );
    },
    120_000,
  );

  it('2,000 raw requests: any method, path, body and batch', async () => {
    const methods = fc.constantFrom(
      'GET',
      'POST',
      'PUT',
      'DELETE',
      'PATCH',
      'OPTIONS',
      'HEAD',
      'TRACE',
    );
    const names = fc.oneof(
      fc.constantFrom(...procedures.map((p) => p.path)),
      fc.string({ maxLength: 40 }),
    );
    const batch = fc.array(names, { minLength: 1, maxLength: 120 }).chain((ps) =>
      fc.record({
        url: fc.constant(`/trpc/${ps.map(encodeURIComponent).join(',')}?batch=1`),
        input: fc.dictionary(fc.integer({ min: -1, max: 130 }).map(String), value, { maxKeys: 8 }),
      }),
    );
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      value.map((v) => JSON.stringify(v) ?? ''),
      rawText,
    );
    const request = fc.oneof(
      fc.record({
        method: methods,
        url: fc.oneof(
          names.map((n) => `/trpc/${encodeURIComponent(n)}`),
          fc.constantFrom(
            '/',
            '/api/health',
            '/api/auth/login',
            '/api/auth/setup',
            '/api/auth/logout',
            '/trpc',
            '/api/x',
            '/%00',
            '/trpc/%00',
          ),
        ),
        payload: body,
        contentType: fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
        ),
      }),
      batch.map((b) => ({
        method: 'GET' as const,
        url: `${b.url}&input=${encodeURIComponent(JSON.stringify(b.input))}`,
        payload: undefined,
        contentType: 'application/json',
      })),
      batch.map((b) => ({
        method: 'POST' as const,
        url: b.url,
        payload: JSON.stringify(b.input),
        contentType: 'application/json',
      })),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.boolean(), async (r, signedIn) => {
        const withBody = r.method !== 'GET' && r.method !== 'HEAD' && r.payload !== undefined;
        await send({
          method: r.method,
          url: r.url,
          headers: { ...(signedIn ? admin : {}), 'content-type': r.contentType },
          ...(withBody && { payload: r.payload }),
        });
      }),
      { numRuns: 2_000 },
    );
  }, 300_000);

  it('made at least 10,000 calls', () => {
    expect(calls).toBeGreaterThanOrEqual(10_000);
  });
});
