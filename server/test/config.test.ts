import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, DEFAULT_WEB_ROOT, loadConfig } from '../src/config.ts';

const none = () => false;

describe('loadConfig', () => {
  it('defaults to loopback:8080, embedded PGlite under .data, open auth', () => {
    expect(loadConfig({}, { cwd: '/srv', exists: none })).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: DEFAULT_DATA_DIR,
      webRoot: undefined,
      authMode: 'open',
      logLevel: 'info',
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
        AUTH_MODE: 'strict',
      },
      { cwd: '/srv', exists: none },
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@db/vmmi',
      dataDir: 'memory://',
      authMode: 'strict',
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
});
