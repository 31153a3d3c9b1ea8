import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { MEMORY, openDb, type Db } from '../../src/db/db.ts';

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
    db = await openDb({ dataDir: MEMORY });
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

  it('serves assets with their content type', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body).toBe(SCRIPT);
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/estates/demo/sites/dc-a' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
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
