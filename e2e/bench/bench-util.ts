/**
 * What the web benches share: the server they start (in-memory database,
 * serving web/dist) on a free port, the browser's flags and viewport, the
 * quantiles they print, and the two baselines measured in the page (an
 * animation frame's round trip, a fixed piece of CPU work).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { ADMIN, SETUP_TOKEN } from '../setup/auth-env.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export { CHROMIUM_ARGS } from '../chromium.ts';
export const VIEWPORT = { width: 1440, height: 900 };

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => done(port));
    });
  });
}

/** `webRoot`: the build it serves, by default BENCH_WEB_ROOT or web/dist. */
export async function startServer(
  port: number,
  webRoot = process.env.BENCH_WEB_ROOT ?? resolve(REPO_ROOT, 'web', 'dist'),
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: 'memory://',
      VMMI_SETUP_TOKEN: SETUP_TOKEN,
      WEB_ROOT: webRoot,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return child;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('the server did not answer /api/health within 120 s');
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export interface Stats {
  count: number;
  median: number;
  p95: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted.at(-1) ?? NaN,
  };
}

type StorageState = Awaited<ReturnType<APIRequestContext['storageState']>>;
/** The admin's session, once `signIn` made it: every page of the bench opens signed in. */
let session: StorageState | undefined;

/**
 * Creates the first admin of the fresh server, as the e2e global setup does,
 * and returns a request context signed in as it (for the imports).
 */
export async function signIn(baseURL: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const setup = await api.post('/api/auth/setup', { data: { token: SETUP_TOKEN, ...ADMIN } });
  if (!setup.ok()) throw new Error(`first-admin setup: ${setup.status()} ${await setup.text()}`);
  session = await api.storageState();
  return api;
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    colorScheme: 'dark',
    ...(session && { storageState: session }),
  });
  // A loaded machine takes longer than Playwright's 30 s default to open the k=32 site.
  context.setDefaultTimeout(120_000);
  return context.newPage();
}

/** Median time from requesting an animation frame to its callback, at random points of the frame. */
export function rafRoundTrip(page: Page, samples = 40): Promise<number> {
  return page.evaluate(async (n) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, Math.random() * 17));
      const t0 = performance.now();
      times.push(
        await new Promise<number>((r) => requestAnimationFrame(() => r(performance.now() - t0))),
      );
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  }, samples);
}

/**
 * A fixed piece of CPU work in the page (JSON round trip and sort of 20,000
 * small rows), median of 5: a baseline that, unlike the frame, follows the
 * machine's speed and load.
 */
export function cpuBaseline(page: Page): Promise<number> {
  return page.evaluate(() => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      id: `vm-${i}`,
      host: `h${i % 997}`,
      n: (i * 7) % 1013,
    }));
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      const copy = JSON.parse(JSON.stringify(rows)) as typeof rows;
      copy.sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[2]!;
  });
}
