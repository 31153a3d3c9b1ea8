/**
 * Where a caller comes from: a token that is presented and wrong is refused,
 * never taken for anonymous; a trusted proxy's user header is believed only
 * from the proxy's own addresses; sessions end when idle or at their end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/auth/authenticate.ts';
import { hashSecret, newSecret } from '../../src/auth/secrets.ts';
import { AUTH_DEFAULTS, authSettingsFromEnv, type AuthSettings } from '../../src/auth/settings.ts';
import type { Db } from '../../src/db/db.ts';
import { openMemoryDb } from '../backends.ts';
import { insertSession, insertUser } from '../../src/db/user-repo.ts';

let db: Db;
beforeAll(async () => {
  db = await openMemoryDb();
  await insertUser(db.kysely, {
    name: 'otto',
    passwordHash: 'x',
    role: 'operator',
    tenants: ['acme'],
  });
});
afterAll(() => db.close());

const proxied: AuthSettings = { ...AUTH_DEFAULTS, trustedProxies: ['10.0.0.0/8', '::1'] };
const ask = (settings: AuthSettings, headers: Record<string, string>, peer: string, cookies = {}) =>
  authenticate(db.kysely, settings, { headers, cookies, peer });

describe('authenticate', () => {
  it('refuses a malformed or unknown token instead of treating the caller as anonymous', async () => {
    expect(
      await ask(AUTH_DEFAULTS, { authorization: 'Basic b3R0bzp4' }, '127.0.0.1'),
    ).toMatchObject({ ok: false });
    expect(
      await ask(AUTH_DEFAULTS, { authorization: `Bearer ${newSecret('vmmi_')}` }, '127.0.0.1'),
    ).toEqual({
      ok: false,
      reason: 'the API token is unknown, expired or revoked',
    });
  });

  it("believes a trusted proxy's user header only from the proxy's addresses", async () => {
    const header = { 'x-webauth-user': 'otto' };
    const fromProxy = await ask(proxied, header, '10.1.2.3');
    expect(fromProxy).toMatchObject({
      ok: true,
      via: 'proxy',
      principal: { name: 'otto', role: 'operator', tenants: ['acme'] },
    });
    // IPv4-mapped IPv6, as Node reports a v4 peer on a dual-stack socket.
    expect(await ask(proxied, header, '::ffff:10.9.9.9')).toMatchObject({ ok: true, via: 'proxy' });
    expect(await ask(proxied, header, '192.0.2.7')).toMatchObject({
      ok: true,
      via: 'anonymous',
      principal: { role: null },
    });
    expect(await ask(AUTH_DEFAULTS, header, '10.1.2.3')).toMatchObject({ via: 'anonymous' });
    expect(await ask(proxied, { 'x-webauth-user': 'mallory' }, '10.1.2.3')).toMatchObject({
      ok: false,
    });
  });

  it('ends a session unused for longer than the idle time, and one past its end', async () => {
    const [user] = await db.kysely.selectFrom('users').select('id').execute();
    const session = async (lastSeenAgoMs: number, expiresInMs: number) => {
      const secret = newSecret();
      await insertSession(db.kysely, {
        idHash: hashSecret(secret),
        userId: user!.id,
        csrf: 'c',
        expiresAt: new Date(Date.now() + expiresInMs),
        source: null,
      });
      await db.kysely
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - lastSeenAgoMs) })
        .where('id_hash', '=', hashSecret(secret))
        .execute();
      return ask(AUTH_DEFAULTS, {}, '127.0.0.1', { vmmi_session: secret });
    };
    // Idle 60 min by default (docs/security.md): 59 min is still signed in, 61 min is not.
    expect(await session(59 * 60_000, 3_600_000)).toMatchObject({ via: 'session' });
    expect(await session(61 * 60_000, 3_600_000)).toMatchObject({ via: 'anonymous' });
    expect(await session(0, -1)).toMatchObject({ via: 'anonymous' });
  });

  it('reads its settings from the environment and names a bad one', () => {
    expect(
      authSettingsFromEnv({ TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1' }).trustedProxies,
    ).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => authSettingsFromEnv({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(
      /TRUSTED_PROXIES/,
    );
    expect(() => authSettingsFromEnv({ SESSION_IDLE_MINUTES: '0' })).toThrow(
      /SESSION_IDLE_MINUTES/,
    );
    expect(() => authSettingsFromEnv({ ANONYMOUS_VIEWER_ESTATES: 'demo,bad id' })).toThrow(
      /ANONYMOUS_VIEWER_ESTATES/,
    );
    expect(() => authSettingsFromEnv({ VMMI_SETUP_TOKEN: 'short' })).toThrow(/VMMI_SETUP_TOKEN/);
  });
});
