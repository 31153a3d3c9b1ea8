import { describe, expect, it } from 'vitest';
import { EDGE_DEFAULTS, parseEdgeConfig } from '../../src/edge/config.ts';

describe('parseEdgeConfig', () => {
  it('defaults: loopback names, no cross-origin access, no framing, 20 calls a batch, 1 MiB bodies', () => {
    expect(parseEdgeConfig({}, '127.0.0.1')).toEqual({
      allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
      corsOrigins: [],
      kioskFrameOrigins: [],
      maxBatch: 20,
      bodyLimit: 1_048_576,
      importBodyLimit: 67_108_864,
      changesPerMinute: 120,
    });
    expect(EDGE_DEFAULTS.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
  });

  it('adds the name or address the server binds, but not the wildcard addresses', () => {
    expect(parseEdgeConfig({}, 'Planner.LAN').allowedHosts).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'planner.lan',
    ]);
    expect(parseEdgeConfig({}, '10.0.0.5').allowedHosts).toContain('10.0.0.5');
    expect(parseEdgeConfig({}, 'fd00::5').allowedHosts).toContain('[fd00::5]');
    expect(parseEdgeConfig({}, '0.0.0.0').allowedHosts).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
    ]);
    expect(parseEdgeConfig({}, '::').allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
  });

  it('takes ALLOWED_HOSTS as the whole list, or * for any host', () => {
    const env = { ALLOWED_HOSTS: ' planner.example.org, 192.0.2.7 ,[2001:db8::1]' };
    expect(parseEdgeConfig(env, '0.0.0.0').allowedHosts).toEqual([
      'planner.example.org',
      '192.0.2.7',
      '[2001:db8::1]',
    ]);
    expect(parseEdgeConfig({ ALLOWED_HOSTS: '*' }, '0.0.0.0').allowedHosts).toBe('*');
  });

  it.each([
    'planner.example.org:8080',
    'https://planner.example.org',
    'a b',
    'évil.example',
    '*.example.org',
  ])('refuses ALLOWED_HOSTS=%s', (host) => {
    expect(() => parseEdgeConfig({ ALLOWED_HOSTS: host }, '127.0.0.1')).toThrow(/ALLOWED_HOSTS/);
  });

  it('takes origins for CORS and kiosk framing, and refuses anything else', () => {
    const config = parseEdgeConfig(
      {
        CORS_ORIGINS: 'https://tools.example.org,http://localhost:5173',
        KIOSK_FRAME_ORIGINS: 'https://noc.example.org',
      },
      '127.0.0.1',
    );
    expect(config.corsOrigins).toEqual(['https://tools.example.org', 'http://localhost:5173']);
    expect(config.kioskFrameOrigins).toEqual(['https://noc.example.org']);
    for (const bad of ['https://noc.example.org/', 'noc.example.org', 'ftp://noc.example.org', '*'])
      expect(() => parseEdgeConfig({ KIOSK_FRAME_ORIGINS: bad }, '127.0.0.1')).toThrow(
        /KIOSK_FRAME_ORIGINS .*origins/,
      );
    expect(() => parseEdgeConfig({ CORS_ORIGINS: 'https://a.example/x' }, '127.0.0.1')).toThrow(
      /CORS_ORIGINS/,
    );
  });

  it('reads the limits and refuses values out of range', () => {
    const config = parseEdgeConfig(
      {
        TRPC_MAX_BATCH: '5',
        BODY_LIMIT_BYTES: '65536',
        IMPORT_BODY_LIMIT_BYTES: '1048576',
        RATE_LIMIT_CHANGES_PER_MIN: '30',
      },
      '127.0.0.1',
    );
    expect(config).toMatchObject({
      maxBatch: 5,
      bodyLimit: 65_536,
      importBodyLimit: 1_048_576,
      changesPerMinute: 30,
    });
    expect(() => parseEdgeConfig({ TRPC_MAX_BATCH: '0' }, 'x')).toThrow(/TRPC_MAX_BATCH/);
    expect(() => parseEdgeConfig({ TRPC_MAX_BATCH: '2.5' }, 'x')).toThrow(/TRPC_MAX_BATCH/);
    expect(() => parseEdgeConfig({ RATE_LIMIT_CHANGES_PER_MIN: 'lots' }, 'x')).toThrow(
      /RATE_LIMIT_CHANGES_PER_MIN/,
    );
    // The import limit is never below the general one, nor above the app's 64 MiB.
    expect(() =>
      parseEdgeConfig({ BODY_LIMIT_BYTES: '2097152', IMPORT_BODY_LIMIT_BYTES: '1048576' }, 'x'),
    ).toThrow(/IMPORT_BODY_LIMIT_BYTES/);
    expect(() => parseEdgeConfig({ IMPORT_BODY_LIMIT_BYTES: '134217728' }, 'x')).toThrow(
      /IMPORT_BODY_LIMIT_BYTES/,
    );
  });
});
