import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type EdgeApp } from './edge-helpers.ts';

const BOOT = "window.boot = fetch('/trpc/estate.list');";
const INDEX = `<!doctype html><title>VMMI Planner</title><div id="root"></div><script id="boot-fetch">${BOOT}</script><script type="module" src="/assets/app.js"></script>`;
// CSP level 3, "hash-source": base64 of the SHA-256 of the script element's text.
const BOOT_HASH = `'sha256-${createHash('sha256').update(BOOT).digest('base64')}'`;

const directives = (csp: string | undefined) =>
  new Map(
    (csp ?? '').split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );

describe('security headers', () => {
  let dir: string;
  let planner: EdgeApp;
  let kioskFramed: EdgeApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmmi-edge-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
    planner = await startApp({ webRoot: dir });
    kioskFramed = await startApp({
      webRoot: dir,
      edge: { kioskFrameOrigins: ['https://noc.example.org', 'https://wall.example.org'] },
    });
  });
  afterAll(async () => {
    await planner.close();
    await kioskFramed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('allows the inline boot script by its hash and nothing inline besides', async () => {
    const res = await planner.app.inject({ method: 'GET', url: '/' });
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'", BOOT_HASH]);
    // Cytoscape's one <style> element, by the hash of its text (CSP level 3, hash-source).
    const cytoscapeHash = `'sha256-${createHash('sha256').update('.__________cytoscape_container { position: relative; }').digest('base64')}'`;
    expect(csp.get('style-src')).toEqual(["'self'", cytoscapeHash]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
    // Plain-HTTP deployments on a LAN name would have every asset request rewritten to https.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('forbids framing the planner, and sends the usual hardening headers', async () => {
    for (const url of ['/', '/estates/demo', '/api/health', '/?estate=demo']) {
      const res = await planner.app.inject({ method: 'GET', url });
      expect(
        directives(res.headers['content-security-policy'] as string).get('frame-ancestors'),
      ).toEqual(["'none'"]);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    }
  });

  it('lets only KIOSK_FRAME_ORIGINS frame the kiosk page, and nothing else', async () => {
    const kiosk = await kioskFramed.app.inject({ method: 'GET', url: '/?kiosk&estate=demo' });
    expect(kiosk.statusCode).toBe(200);
    expect(
      directives(kiosk.headers['content-security-policy'] as string).get('frame-ancestors'),
    ).toEqual(['https://noc.example.org', 'https://wall.example.org']);
    // X-Frame-Options cannot name origins: DENY would override the list in older browsers.
    expect(kiosk.headers['x-frame-options']).toBeUndefined();

    for (const url of ['/?kiosk=0', '/?estate=demo', '/assets/app.js?kiosk', '/api/health?kiosk']) {
      const res = await kioskFramed.app.inject({ method: 'GET', url });
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(
        directives(res.headers['content-security-policy'] as string).get('frame-ancestors'),
      ).toEqual(["'none'"]);
    }
  });

  it('lets nobody frame the kiosk when KIOSK_FRAME_ORIGINS is empty (the default)', async () => {
    const res = await planner.app.inject({ method: 'GET', url: '/?kiosk' });
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('names every response by its request id, random: ids stay apart across restarts and instances', async () => {
    const a = await planner.app.inject({ method: 'GET', url: '/api/health' });
    const b = await planner.app.inject({ method: 'GET', url: '/api/health' });
    // 48 random bits: not a counter that every run starts again from req-1.
    expect(a.headers['x-request-id']).toMatch(/^req-[0-9a-f]{12}$/);
    expect(b.headers['x-request-id']).not.toBe(a.headers['x-request-id']);
    expect(a.headers['x-request-id']).not.toBe('req-1');
  });
});

describe('CORS', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startApp({ edge: { corsOrigins: ['https://tools.example.org'] } });
  });
  afterAll(() => edge.close());

  const preflight = (origin: string) =>
    edge.app.inject({
      method: 'OPTIONS',
      url: '/trpc/estate.import',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
  const accessControl = (headers: Record<string, unknown>) =>
    Object.keys(headers).filter((h) => h.startsWith('access-control-'));

  it('answers a listed origin’s preflight with its origin', async () => {
    const res = await preflight('https://tools.example.org');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://tools.example.org');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
  });

  it('gives any other origin no Access-Control headers, on preflights and on requests', async () => {
    const res = await preflight('https://evil.example');
    expect(res.statusCode).toBe(204);
    expect(accessControl(res.headers)).toEqual([]);
    const get = await edge.app.inject({
      method: 'GET',
      url: '/trpc/estate.list',
      headers: { origin: 'https://evil.example' },
    });
    expect(get.statusCode).toBe(200);
    expect(accessControl(get.headers)).toEqual([]);
  });

  it('allows no origin at all by default', async () => {
    const closed = await startApp();
    try {
      const res = await closed.app.inject({
        method: 'OPTIONS',
        url: '/trpc/estate.list',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
      });
      expect(accessControl(res.headers)).toEqual([]);
    } finally {
      await closed.close();
    }
  });
});
