import { AUTH_DEFAULTS } from '../src/auth/settings.ts';
import { SAFETY_DEFAULTS } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, DEFAULT_WEB_ROOT, loadConfig } from '../src/config.ts';
import { EDGE_DEFAULTS } from '../src/edge/config.ts';
import { SUPERVISOR_DEFAULTS } from '../src/execution/supervisor.ts';

const none = () => false;

describe('loadConfig', () => {
  it('defaults to loopback:8080, embedded PGlite under .data, no anonymous viewer', () => {
    expect(loadConfig({}, { cwd: '/srv', exists: none })).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: DEFAULT_DATA_DIR,
      webRoot: undefined,
      auth: AUTH_DEFAULTS,
      logLevel: 'info',
      execution: {
        tickMs: SUPERVISOR_DEFAULTS.tickMs,
        leaseMs: SUPERVISOR_DEFAULTS.leaseMs,
        safety: SAFETY_DEFAULTS,
      },
      edge: EDGE_DEFAULTS,
    });
    expect(DEFAULT_DATA_DIR.endsWith('/.data/pglite')).toBe(true);
  });

  it('reads the environment', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://u@db/vmmi',
        DATA_DIR: 'memory://',
        ANONYMOUS_VIEWER_ESTATES: 'demo, prod-eu',
        SESSION_IDLE_MINUTES: '15',
      },
      { cwd: '/srv', exists: none },
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@db/vmmi',
      dataDir: 'memory://',
    });
    expect(config.auth).toMatchObject({
      anonymousEstates: ['demo', 'prod-eu'],
      sessionIdleMs: 15 * 60_000,
    });
  });

  it('resolves a relative DATA_DIR against the working directory', () => {
    expect(loadConfig({ DATA_DIR: 'db' }, { cwd: '/srv', exists: none }).dataDir).toBe('/srv/db');
  });

  it('serves the web build when it exists, and an explicit WEB_ROOT only if it exists', () => {
    expect(loadConfig({}, { exists: (p) => p === DEFAULT_WEB_ROOT }).webRoot).toBe(
      DEFAULT_WEB_ROOT,
    );
    expect(loadConfig({ WEB_ROOT: 'www' }, { cwd: '/srv', exists: () => true }).webRoot).toBe(
      '/srv/www',
    );
    expect(() => loadConfig({ WEB_ROOT: 'www' }, { cwd: '/srv', exists: none })).toThrow(
      /WEB_ROOT/,
    );
  });

  it('refuses a bad PORT', () => {
    expect(() => loadConfig({ PORT: 'http' }, { exists: none })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' }, { exists: none })).toThrow(/PORT/);
  });

  describe('execution settings', () => {
    const load = (env: Record<string, string>) => loadConfig(env, { exists: none }).execution;

    it('reads the instance id, the tick, the lease and the concurrency limits', () => {
      expect(
        load({
          INSTANCE_ID: 'vmmi-a.example:1',
          TICK_MS: '20',
          LEASE_MS: '3000',
          MIGRATION_LIMIT_PER_HOST: '1',
          MIGRATION_LIMIT_PER_SITE: ' 16 ',
          MIGRATION_LIMIT_PER_WAN_LINK: '2',
        }),
      ).toEqual({
        instanceId: 'vmmi-a.example:1',
        tickMs: 20,
        leaseMs: 3000,
        safety: { ...SAFETY_DEFAULTS, perHost: 1, perSite: 16, perWanLink: 2 },
      });
    });

    it('generates the instance id when INSTANCE_ID is unset or empty', () => {
      expect(load({ INSTANCE_ID: '' })).not.toHaveProperty('instanceId');
      expect(load({ INSTANCE_ID: '  ' })).not.toHaveProperty('instanceId');
    });

    it.each([
      [{ INSTANCE_ID: 'two words' }, /INSTANCE_ID must be 1 to 128 letters/],
      [{ INSTANCE_ID: 'x'.repeat(129) }, /INSTANCE_ID/],
      [
        { TICK_MS: 'fast' },
        /TICK_MS must be a whole number of milliseconds from 1 to 60000, not "fast"/,
      ],
      [{ TICK_MS: '0' }, /TICK_MS/],
      [{ TICK_MS: '12.5' }, /TICK_MS/],
      [{ TICK_MS: '-5' }, /TICK_MS/],
      [{ LEASE_MS: '50' }, /LEASE_MS must be a whole number of milliseconds from 100/],
      [{ LEASE_MS: '1e4' }, /LEASE_MS/],
      [
        { TICK_MS: '1000', LEASE_MS: '4000' },
        /LEASE_MS \(4000\) must be at least 5 × TICK_MS \(1000\)/,
      ],
      [
        { MIGRATION_LIMIT_PER_HOST: '0' },
        /MIGRATION_LIMIT_PER_HOST must be a whole number of migrations from 1/,
      ],
      [{ MIGRATION_LIMIT_PER_SITE: 'many' }, /MIGRATION_LIMIT_PER_SITE/],
      [{ MIGRATION_LIMIT_PER_WAN_LINK: '3.5' }, /MIGRATION_LIMIT_PER_WAN_LINK/],
    ])('refuses %j', (env, message) => {
      expect(() => load(env)).toThrow(message);
    });
  });
});
