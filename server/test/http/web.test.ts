import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Db } from '../../src/db/db.ts';
import { openMemoryDb } from '../backends.ts';

const INDEX = '<!doctype html><title>VMMI Planner</title><div id="root"></div>';
const SCRIPT = 'console.log("app");';

describe('serving the web app', () => {
  let dir: string;
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmmi-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-1234.js'), SCRIPT);
    db = await openMemoryDb();
    app = await buildApp({ database: db, webRoot: dir });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toBe(INDEX);
  });

  it('serves assets with their content type, to be kept: their names change with their content', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body).toBe(SCRIPT);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // index.html, which names them, is asked again on every load.
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.headers['cache-control']).not.toMatch(/immutable|max-age=[1-9]/);
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/estates/demo/sites/dc-a' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('names the web build it ships in /api/health, and a new one once index.html changes', async () => {
    const build = async () =>
      (await app.inject({ method: 'GET', url: '/api/health' })).json<{ web: string | null }>().web;
    // INDEX has no module script: no build to name.
    expect(await build()).toBeNull();
    // As Vite writes it: the entry script named by its content's hash.
    const vite = (hash: string) =>
      `<!doctype html><script type="module" crossorigin src="/assets/index-${hash}.js"></script>`;
    try {
      writeFileSync(join(dir, 'index.html'), vite('B3x9aQ1'));
      expect(await build()).toBe('/assets/index-B3x9aQ1.js');
      // A later write (a second build) with a later modification time.
      writeFileSync(join(dir, 'index.html'), vite('Zz81kLm'));
      const later = new Date(Date.now() + 5_000);
      utimesSync(join(dir, 'index.html'), later, later);
      expect(await build()).toBe('/assets/index-Zz81kLm.js');
    } finally {
      writeFileSync(join(dir, 'index.html'), INDEX);
    }
  });

  it('keeps JSON 404s for unknown API paths and non-GET requests', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const trpc = await app.inject({ method: 'GET', url: '/trpc/nope.nothing' });
    expect(trpc.statusCode).toBe(404);
    expect(trpc.json<{ error: { data: { code: string } } }>().error.data.code).toBe('NOT_FOUND');

    const post = await app.inject({ method: 'POST', url: '/estates' });
    expect(post.statusCode).toBe(404);
    expect(post.body).not.toContain('<title>');
  });

  it('still answers the API', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toMatchObject({ status: 'ok' });
  });
});
