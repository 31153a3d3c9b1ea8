/**
 * The audit log: who changed what, with the estate's digest before and after,
 * failed sign-ins, and an append-only table that even SQL cannot rewrite.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createUser } from '../../src/auth/accounts.ts';
import { createContextInner } from '../../src/context.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { makeEstateInput } from '../fixtures.ts';
import { listenOnLoopback } from '../listen.ts';
import { callerWithToken } from './credentials.ts';

const createCaller = createCallerFactory(appRouter);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** RFC 8785's key order for plain JSON data, written here apart from the server's. */
function jcs(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(jcs).join(',') + ']';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  const obj = value as Record<string, unknown>;
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + jcs(obj[k])).join(',') + '}';
}

describe.each(BACKENDS)('the audit log on %s', (_kind, open) => {
  const db = useTestDb(open);
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('records an import and a delete by an API token: who, what, the digests, the request', async () => {
    app = await buildApp({ database: db() });
    const admin = await callerWithToken(db(), 'admin', { name: 'ada' });
    const call = (path: string, payload: object) =>
      app!.inject({ method: 'POST', url: `/trpc/${path}`, headers: admin.headers, payload });
    const imported = await call('estate.import', { estate: makeEstateInput() });
    expect(imported.statusCode).toBe(200);
    const exported = await app.inject({
      method: 'GET',
      url: `/trpc/estate.export?input=${encodeURIComponent(JSON.stringify({ id: 'test-estate' }))}`,
      headers: admin.headers,
    });
    const text = exported.json<{ result: { data: { text: string } } }>().result.data.text;
    expect((await call('estate.delete', { id: 'test-estate' })).statusCode).toBe(200);

    const log = await createCaller(createContextInner({ db: db(), role: 'admin' })).audit.list({
      action: 'estate.',
    });
    expect(log.map((e) => e.action)).toEqual(['estate.delete', 'estate.import']);
    const [deleted, added] = log;
    // The digest is the SHA-256 of the estate's JSON with sorted keys: the export's, re-ordered.
    const digest = { id: 'test-estate', version: 1, sha256: sha256(jcs(JSON.parse(text))) };
    expect(added).toMatchObject({
      actor: `ada (token ${admin.tokenId})`,
      actorKind: 'token',
      target: 'test-estate',
      outcome: 'ok',
      before: null,
      after: digest,
      source: '127.0.0.1',
    });
    expect(added!.requestId).toMatch(/\S/);
    expect(deleted).toMatchObject({ before: digest, after: null });
  });

  it("records a file upload that replaces an estate: the stored digest before, the upload's after", async () => {
    app = await buildApp({ database: db() });
    const admin = await callerWithToken(db(), 'admin', { name: 'ada' });
    // Over a socket: an upload is the request's own stream, which inject does not make.
    const url = await listenOnLoopback(app);
    const upload = (estate: object) =>
      fetch(`${url}/trpc/estate.importFile`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/octet-stream' },
        body: Buffer.from(JSON.stringify(estate)),
      });
    const first = makeEstateInput();
    const second = { ...first, name: 'Renamed' };
    expect((await upload(first)).status).toBe(200);
    expect((await upload(second)).status).toBe(200);

    const log = await createCaller(createContextInner({ db: db(), role: 'admin' })).audit.list({
      action: 'estate.import',
    });
    expect(log).toHaveLength(2);
    // Files as sent carry no defaults; the digest is of the estate as stored, so of its export.
    const exported = await app.inject({
      method: 'GET',
      url: `/trpc/estate.export?input=${encodeURIComponent(JSON.stringify({ id: 'test-estate' }))}`,
      headers: admin.headers,
    });
    const text = exported.json<{ result: { data: { text: string } } }>().result.data.text;
    const secondSha = sha256(jcs(JSON.parse(text)));
    const [replaced, added] = log;
    expect(replaced!.before).toEqual(added!.after);
    expect(added!.after).toMatchObject({ version: 1, name: first.name });
    expect(replaced!.after).toMatchObject({ version: 2, name: 'Renamed', sha256: secondSha });
    expect((replaced!.before as { sha256: string }).sha256).not.toBe(secondSha);
  });

  it('records a failed sign-in with the name tried, and a user change without its password hash', async () => {
    app = await buildApp({ database: db() });
    await createUser(db().kysely, {
      name: 'otto',
      password: 'the right password',
      role: 'operator',
      tenants: null,
    });
    const login = (password: string) =>
      app!.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { name: 'otto', password },
      });
    const wrong = await login('not the password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { message: 'wrong name or password' } });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { name: 'nobody', password: 'whatever it is' },
    });
    // An unknown name gets the same answer as a wrong password.
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<{ error: { message: string } }>().error.message).toBe(
      'wrong name or password',
    );
    expect((await login('the right password')).statusCode).toBe(200);

    const admin = createCaller(createContextInner({ db: db(), role: 'admin' }));
    const [otto] = (await admin.users.list()).filter((u) => u.name === 'otto');
    await admin.users.update({ id: otto!.id, tenants: ['acme'], password: 'a new long password' });

    const log = await admin.audit.list({});
    expect(log.map((e) => [e.action, e.target, e.outcome])).toEqual([
      ['user.update+password', 'otto', 'ok'],
      ['auth.login', 'otto', 'ok'],
      ['auth.login', 'nobody', 'refused'],
      ['auth.login', 'otto', 'refused'],
    ]);
    expect(JSON.stringify(log)).not.toMatch(/argon2|password_hash|passwordHash/);
    expect(log[0]).toMatchObject({ before: { tenants: null }, after: { tenants: ['acme'] } });
  });

  it('cannot be changed or emptied, even with SQL', async () => {
    const admin = createCaller(createContextInner({ db: db(), role: 'admin' }));
    await admin.estate.import({ estate: makeEstateInput() });
    const k = db().kysely;
    await expect(sql`update audit_log set actor = 'someone else'`.execute(k)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(k)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(k)).rejects.toThrow(/append-only/);
    expect((await admin.audit.list({})).map((e) => e.actor)).toEqual(['admin']);
  });
});
