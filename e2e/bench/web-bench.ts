/**
 * `pnpm bench:web`: speed figures of the web app in
 * Debian's Chromium, read from the Performance API marks the app sets
 * (web/src/perf-marks.ts). Not a test: it asserts nothing about time, it
 * prints figures; docs/performance.md records them.
 *
 * - first frame: `vmmi:first-frame` of cold page loads (a new browser
 *   context each, so nothing is cached) of the demo estate's global view and
 *   of a generated fat-tree k=32 site.
 * - preview redraw: `vmmi:preview-redraw` while a VM is dragged (real mouse
 *   events) across the hosts of another data center.
 * - baseline: one requestAnimationFrame round trip in the same page, so that
 *   runs on different machines can be compared as ratios.
 *
 * Starts its own server (in-memory database, serving web/dist: build it
 * first, as `pnpm bench:web` does) on a free port, and stops it at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, request, type Browser, type Page } from '@playwright/test';
import { clickNode, importGeneratedEstate, waitForView } from '../tests/helpers.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Page loads per first-frame figure (after one unmeasured warm-up load). */
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
/** Drag target changes asked for in each sweep. */
const SWEEP_MOVES = Number(process.env.BENCH_MOVES ?? 200);
const K32_ESTATE = 'bench-fat-tree-k32';

const TARGETS = { firstFrameMs: 1500, previewMedianMs: 16 };

/** The same flags as e2e/playwright.config.ts. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const VIEWPORT = { width: 1440, height: 900 };

function freePort(): Promise<number> {
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

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: 'memory://',
      WEB_ROOT: resolve(REPO_ROOT, 'web', 'dist'),
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

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

interface Stats {
  count: number;
  median: number;
  p95: number;
  max: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted.at(-1) ?? NaN,
  };
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'dark' });
  return context.newPage();
}

/** Median time from requesting an animation frame to its callback, at random points of the frame. */
function rafRoundTrip(page: Page, samples = 40): Promise<number> {
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
function cpuBaseline(page: Page): Promise<number> {
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

/**
 * `vmmi:first-frame` of one cold load (a new context), ms since navigation
 * start; when the page sent its first API request (`apiMs`: the boot request
 * of index.html when the URL names an estate, else the app's own), when the
 * last API response before it had arrived (`dataMs`,
 * from resource timing) and the bytes of those responses, to tell the
 * download from the drawing.
 */
async function firstFrame(
  browser: Browser,
  url: string,
  view: 'global' | 'site',
  siteId: string | null,
): Promise<{ ms: number; apiMs: number; dataMs: number; bytes: number; raf: number; cpu: number }> {
  const page = await newPage(browser);
  try {
    await page.goto(url);
    await page.waitForFunction(
      () => performance.getEntriesByName('vmmi:first-frame').length > 0,
      null,
      {
        timeout: 120_000,
      },
    );
    await waitForView(page, view, siteId);
    const { ms, apiMs, dataMs, bytes } = await page.evaluate(() => {
      const frame = performance.getEntriesByName('vmmi:first-frame')[0]!.startTime;
      const api = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (r) => r.name.includes('/trpc/') && r.responseEnd <= frame,
      );
      return {
        ms: frame,
        apiMs: Math.min(...api.map((r) => r.startTime)),
        dataMs: Math.max(0, ...api.map((r) => r.responseEnd)),
        bytes: api.reduce((sum, r) => sum + r.decodedBodySize, 0),
      };
    });
    return {
      ms,
      apiMs,
      dataMs,
      bytes,
      raf: await rafRoundTrip(page, 20),
      cpu: await cpuBaseline(page),
    };
  } finally {
    await page.context().close();
  }
}

async function firstFrames(
  browser: Browser,
  baseURL: string,
  path: string,
  view: 'global' | 'site',
  siteId: string | null,
) {
  const warmUp = await firstFrame(browser, baseURL + path, view, siteId);
  const runs: number[] = [];
  const rafs: number[] = [];
  const data: number[] = [];
  const apis: number[] = [];
  const cpus: number[] = [];
  let bytes = 0;
  for (let i = 0; i < LOADS; i++) {
    const r = await firstFrame(browser, baseURL + path, view, siteId);
    runs.push(r.ms);
    rafs.push(r.raf);
    data.push(r.dataMs);
    apis.push(r.apiMs);
    cpus.push(r.cpu);
    bytes = r.bytes;
  }
  return {
    warmUp: warmUp.ms,
    runs,
    ...stats(runs),
    raf: stats(rafs).median,
    dataMedian: stats(data).median,
    apiMedian: stats(apis).median,
    cpu: stats(cpus).median,
    bytes,
  };
}

async function centreOf(page: Page, testId: string) {
  const el = page.getByTestId(testId);
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Carries web-01 from fra1.acc-1-h1 into ams1 through the site list, then
 * sweeps it back and forth across ams1's hosts. `paced`: one move per frame,
 * as a hand moves; otherwise moves as fast as Playwright sends them.
 */
async function previewRedraw(browser: Browser, baseURL: string, paced: boolean) {
  const page = await newPage(browser);
  try {
    await page.goto(`${baseURL}/?estate=demo&view=site&site=fra1`);
    await waitForView(page, 'site', 'fra1');
    await clickNode(page, 'fra1.acc-1-h1');
    const from = await centreOf(page, 'host-vm-acme-web-web-01');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x - 12, from.y + 6, { steps: 3 });
    await page.getByTestId('drag-ghost').waitFor({ state: 'visible' });
    const entry = await centreOf(page, 'site-ams1');
    await page.mouse.move(entry.x, entry.y, { steps: 12 });
    await waitForView(page, 'site', 'ams1');

    const canvas = await page.getByTestId('graph-canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    const hosts = await page.evaluate(
      (box) =>
        (window.__vmmi?.nodeIds() ?? [])
          .filter((id) => /^ams1\..*-h\d+$/.test(id))
          .map((id) => ({ id, at: window.__vmmi!.nodePosition(id)! }))
          .filter(
            ({ at }) =>
              at.x > box.x + 10 &&
              at.x < box.x + box.width - 10 &&
              at.y > box.y + 10 &&
              at.y < box.y + box.height - 10,
          ),
      canvas,
    );
    if (hosts.length < 2) throw new Error(`only ${hosts.length} ams1 hosts on screen`);
    await page.evaluate(() => performance.clearMeasures());
    const raf = await rafRoundTrip(page);
    const cpu = await cpuBaseline(page);

    // Host centre to host centre, forth then back, until enough moves.
    const order = [...hosts, ...[...hosts].reverse().slice(1, -1)];
    for (let i = 0; i < SWEEP_MOVES; i++) {
      const { at } = order[i % order.length]!;
      await page.mouse.move(at.x, at.y, { steps: 2 });
      if (paced)
        await page.evaluate(
          () =>
            new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
        );
    }
    await page.evaluate(
      () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
    );
    await page.keyboard.press('Escape');
    await page.mouse.up();
    // The three measures of one target change share its start (the event's timeStamp).
    // (No named functions inside evaluate: tsx would wrap them in a helper the page lacks.)
    // Each measure's detail names the new target (null: the pointer left every target).
    const entries = await page.evaluate(() =>
      ['vmmi:preview-input', 'vmmi:preview-applied', 'vmmi:preview-redraw'].map((name) =>
        performance
          .getEntriesByName(name)
          .map(
            (e) =>
              [
                e.startTime,
                e.duration,
                ((e as PerformanceMeasure).detail as { target?: string | null } | null)?.target ??
                  null,
              ] as const,
          ),
      ),
    );
    const [input, applied] = entries
      .slice(0, 2)
      .map((list) => new Map(list.map(([start, duration]) => [start, duration])));
    const samples = entries[2]!.map(([start, redraw, target]) => ({
      redraw,
      onto: target !== null,
      input: input!.get(start) ?? NaN,
      applied: applied!.get(start) ?? NaN,
    }));
    const onto = samples.filter((s) => s.onto);
    return {
      hosts: hosts.length,
      raf,
      cpu,
      ...stats(samples.map((s) => s.redraw)),
      onto: stats(onto.map((s) => s.redraw)),
      parts: {
        input: stats(samples.map((s) => s.input)).median,
        compute: stats(samples.map((s) => s.applied - s.input)).median,
        frame: stats(samples.map((s) => s.redraw - s.applied)).median,
      },
    };
  } finally {
    await page.context().close();
  }
}

const fmt = (ms: number) => ms.toFixed(ms < 100 ? 1 : 0);
const verdict = (ms: number, target: number) => (ms <= target ? 'PASS' : 'MISS');

async function main() {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = await startServer(port);
  let browser: Browser | null = null;
  try {
    const api = await request.newContext({ baseURL });
    const t0 = performance.now();
    const k32Site = await importGeneratedEstate(api, {
      id: K32_ESTATE,
      name: 'Zeta: bench fat-tree k=32',
      kind: 'fat-tree',
      params: { k: 32 },
    });
    await api.dispose();
    const importMs = performance.now() - t0;

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const demo = await firstFrames(browser, baseURL, '/?estate=demo', 'global', null);
    const k32 = await firstFrames(
      browser,
      baseURL,
      `/?estate=${K32_ESTATE}&view=site&site=${k32Site}`,
      'site',
      k32Site,
    );
    const paced = await previewRedraw(browser, baseURL, true);
    const burst = await previewRedraw(browser, baseURL, false);

    const cpu = cpus();
    console.log('');
    console.log('pnpm bench:web — figures, not a test');
    console.log(
      `machine: ${cpu[0]?.model ?? '?'}, ${cpu.length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`Node ${process.version}, Chromium ${browser.version()} (headless)`);
    console.log(`k=32 estate generated and imported in ${fmt(importMs)} ms; site ${k32Site}`);
    console.log(
      `loads per first-frame figure: ${LOADS} (after one warm-up load); sweep moves: ${SWEEP_MOVES}`,
    );
    console.log('');
    type Base = { raf: number; cpu: number };
    const rows: string[][] = [['figure', 'ms', '× rAF', '× CPU', 'target', '']];
    const row = (name: string, ms: number, base: Base, target?: number) =>
      rows.push([
        name,
        fmt(ms),
        (ms / base.raf).toFixed(1),
        (ms / base.cpu).toFixed(1),
        target === undefined ? '' : `≤ ${target}`,
        target === undefined ? '' : verdict(ms, target),
      ]);
    const ff = TARGETS.firstFrameMs;
    const pm = TARGETS.previewMedianMs;
    row('baseline: rAF round trip (demo loads)', demo.raf, demo);
    row('baseline: CPU work (demo loads)', demo.cpu, demo);
    row('first frame, demo estate: median', demo.median, demo, ff);
    row('first frame, demo estate: max', demo.max, demo, ff);
    row('first frame, demo estate: warm-up load', demo.warmUp, demo);
    row('baseline: rAF round trip (k=32 loads)', k32.raf, k32);
    row('baseline: CPU work (k=32 loads)', k32.cpu, k32);
    row('first frame, k=32 site: median', k32.median, k32, ff);
    row('first frame, k=32 site: max', k32.max, k32, ff);
    row('first frame, k=32 site: warm-up load', k32.warmUp, k32);
    row('baseline: rAF round trip (drag page)', paced.raf, paced);
    row('baseline: CPU work (drag page)', paced.cpu, paced);
    row(`preview redraw, paced: median of ${paced.count}`, paced.median, paced, pm);
    row('preview redraw, paced: p95', paced.p95, paced);
    row('preview redraw, paced: max', paced.max, paced);
    row(
      `preview redraw, paced, onto a target: median of ${paced.onto.count}`,
      paced.onto.median,
      paced,
      pm,
    );
    row('preview redraw, paced, onto a target: p95', paced.onto.p95, paced);
    row(`preview redraw, burst: median of ${burst.count}`, burst.median, burst, pm);
    row('preview redraw, burst: p95', burst.p95, burst);
    row('preview redraw, burst: max', burst.max, burst);
    row(
      `preview redraw, burst, onto a target: median of ${burst.onto.count}`,
      burst.onto.median,
      burst,
      pm,
    );
    row('preview redraw, burst, onto a target: p95', burst.onto.p95, burst);
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows)
      console.log(
        r
          .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
          .join('  '),
      );
    console.log('');
    console.log(`first frame runs, demo: ${demo.runs.map(fmt).join(', ')} ms`);
    console.log(`first frame runs, k=32: ${k32.runs.map(fmt).join(', ')} ms`);
    for (const [name, r] of [
      ['demo', demo],
      ['k=32', k32],
    ] as const)
      console.log(
        `first frame, ${name} (medians): first API request at ${fmt(r.apiMedian)} ms,` +
          ` API responses (${(r.bytes / 1024).toFixed(0)} KiB) in by ${fmt(r.dataMedian)} ms,` +
          ` then ${fmt(r.median - r.dataMedian)} ms to the first frame (parse, layout, React, Cytoscape)`,
      );
    console.log(`ams1 hosts swept: ${paced.hosts}`);
    for (const [name, r] of [
      ['paced', paced],
      ['burst', burst],
    ] as const)
      console.log(
        `preview redraw, ${name}, medians of the parts: input delay and hit test ${fmt(r.parts.input)} ms,` +
          ` engine preview and React ${fmt(r.parts.compute)} ms, to the frame's end (Cytoscape's draw) ${fmt(r.parts.frame)} ms`,
      );
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
  }
}

await main();
