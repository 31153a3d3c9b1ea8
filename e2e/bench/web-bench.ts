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
import { cpus, loadavg } from 'node:os';
import { chromium, type Browser, type Page } from '@playwright/test';
import { clickNode, importGeneratedEstate, waitForView } from '../tests/helpers.ts';
import { unfoldedFigures, type UnfoldedFigures } from './unfold-bench.ts';
import { FIRST_FRAME_MARK, tracedLoadCpuMs } from './main-thread-cpu.ts';
import {
  CHROMIUM_ARGS,
  cpuBaseline,
  freePort,
  newPage,
  rafRoundTrip,
  signIn,
  startServer,
  stats,
} from './bench-util.ts';

/** Page loads per first-frame figure (after one unmeasured warm-up load). */
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
/** Traced loads for the main thread's CPU to the first frame (main-thread-cpu.ts). */
const TRACED_LOADS = Number(process.env.BENCH_TRACED_LOADS ?? 3);
/** Drag target changes asked for in each sweep. */
const SWEEP_MOVES = Number(process.env.BENCH_MOVES ?? 200);
const K32_ESTATE = 'bench-fat-tree-k32';

const TARGETS = {
  firstFrameMs: 1500,
  /** The folded k=32 site's first frame, median of the loads. */
  k32FirstFrameMedianMs: 1000,
  previewMedianMs: 16,
  unfoldAllMs: 2000,
  frameP95Ms: 33,
};
/** Devices of the fat-tree k=32 site: 1,280 switches, 8,192 hosts. */
const K32_DEVICES = 9472;
/** Which parts run (`BENCH_ONLY=unfolded` for one): all by default. */
const PHASES = new Set(
  (process.env.BENCH_ONLY ?? 'first-frame,preview,unfolded').split(',').map((p) => p.trim()),
);

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
  // Main-thread CPU to the first frame, in traced loads of their own (a trace slows the page).
  const mainCpu: number[] = [];
  for (let i = 0; i < TRACED_LOADS; i++) {
    const page = await newPage(browser);
    try {
      mainCpu.push(await tracedLoadCpuMs(browser, page, baseURL + path, FIRST_FRAME_MARK));
    } finally {
      await page.context().close();
    }
  }
  return {
    warmUp: warmUp.ms,
    runs,
    mainCpu: stats(mainCpu).median,
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

type FirstFrames = Awaited<ReturnType<typeof firstFrames>>;
type PreviewFigures = Awaited<ReturnType<typeof previewRedraw>>;

const fmt = (ms: number) => ms.toFixed(ms < 100 ? 1 : 0);
const verdict = (ms: number, target: number) => (ms <= target ? 'PASS' : 'MISS');

async function main() {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = await startServer(port);
  let browser: Browser | null = null;
  try {
    const api = await signIn(baseURL);
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
    const k32Url = `${baseURL}/?estate=${K32_ESTATE}&view=site&site=${k32Site}`;
    const first = PHASES.has('first-frame')
      ? {
          demo: await firstFrames(browser, baseURL, '/?estate=demo', 'global', null),
          k32: await firstFrames(browser, k32Url, '', 'site', k32Site),
        }
      : null;
    const preview = PHASES.has('preview')
      ? {
          paced: await previewRedraw(browser, baseURL, true),
          burst: await previewRedraw(browser, baseURL, false),
        }
      : null;
    // The reference: the same pan and zoom on the demo's ams1 (209 devices, drawn unfolded),
    // in the same browser just before, so that the ratios carry the machine's load at the time.
    const unfolded = PHASES.has('unfolded')
      ? {
          reference: await unfoldedFigures(browser, `${baseURL}/?estate=demo&view=site&site=ams1`, {
            siteId: 'ams1',
          }),
          k32: await unfoldedFigures(browser, k32Url, {
            siteId: k32Site,
            unfoldDevices: K32_DEVICES,
          }),
        }
      : null;

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
    if (first) firstFrameRows(first.demo, first.k32);
    if (preview) previewRows(preview.paced, preview.burst);
    if (unfolded) unfoldedRows(unfolded.reference, unfolded.k32);

    function firstFrameRows(demo: FirstFrames, k32: FirstFrames) {
      row('baseline: rAF round trip (demo loads)', demo.raf, demo);
      row('baseline: CPU work (demo loads)', demo.cpu, demo);
      row('first frame, demo estate: median', demo.median, demo, ff);
      row('first frame, demo estate: max', demo.max, demo, ff);
      row('first frame, demo estate: warm-up load', demo.warmUp, demo);
      row('first frame, demo estate: main-thread CPU (traced)', demo.mainCpu, demo);
      row('baseline: rAF round trip (k=32 loads)', k32.raf, k32);
      row('baseline: CPU work (k=32 loads)', k32.cpu, k32);
      row('first frame, k=32 site: median', k32.median, k32, TARGETS.k32FirstFrameMedianMs);
      row('first frame, k=32 site: max', k32.max, k32, ff);
      row('first frame, k=32 site: warm-up load', k32.warmUp, k32);
      row('first frame, k=32 site: main-thread CPU (traced)', k32.mainCpu, k32);
    }

    function previewRows(paced: PreviewFigures, burst: PreviewFigures) {
      row('baseline: rAF round trip (drag page)', paced.raf, paced);
      row('baseline: CPU work (drag page)', paced.cpu, paced);
      for (const [name, run] of [
        ['paced', paced],
        ['burst', burst],
      ] as const) {
        row(`preview redraw, ${name}: median of ${run.count}`, run.median, run, pm);
        row(`preview redraw, ${name}: p95`, run.p95, run);
        row(`preview redraw, ${name}: max`, run.max, run);
        row(
          `preview redraw, ${name}, onto a target: median of ${run.onto.count}`,
          run.onto.median,
          run,
          pm,
        );
        row(`preview redraw, ${name}, onto a target: p95`, run.onto.p95, run);
      }
    }

    function unfoldedRows(ref: UnfoldedFigures, k32: UnfoldedFigures) {
      const fp = TARGETS.frameP95Ms;
      row('baseline: rAF round trip (unfold page)', k32.raf, k32);
      row('baseline: CPU work (unfold page)', k32.cpu, k32);
      row('k=32 Unfold all: click to all drawn', k32.unfoldMs, k32, TARGETS.unfoldAllMs);
      row('k=32 Unfold all: longest frame meanwhile', k32.unfoldLongestFrameMs, k32);
      for (const [name, f] of [
        ['pan', 'pan'],
        ['wheel zoom', 'zoom'],
      ] as const) {
        row(`reference (ams1) ${name}: frame p95`, ref[f].p95, ref);
        row(`k=32 unfolded ${name}: frame p50 of ${k32[f].count}`, k32[f].median, k32);
        row(`k=32 unfolded ${name}: frame p95`, k32[f].p95, k32, fp);
        row(`k=32 unfolded ${name}: frame max`, k32[f].max, k32);
      }
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows)
      console.log(
        r
          .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
          .join('  '),
      );
    console.log('');
    if (first) {
      const { demo, k32 } = first;
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
    }
    if (preview) {
      const { paced, burst } = preview;
      console.log(`ams1 hosts swept: ${paced.hosts}`);
      for (const [name, r] of [
        ['paced', paced],
        ['burst', burst],
      ] as const)
        console.log(
          `preview redraw, ${name}, medians of the parts: input delay and hit test ${fmt(r.parts.input)} ms,` +
            ` engine preview and React ${fmt(r.parts.compute)} ms, to the frame's end (Cytoscape's draw) ${fmt(r.parts.frame)} ms`,
        );
    }
    if (unfolded) {
      const { reference: ref, k32 } = unfolded;
      console.log(
        `k=32 unfolded: ${k32.devices} devices shown (${k32.drawn.elements} elements on the canvas at zoom ${k32.drawn.zoom.toFixed(3)}); progress line seen while unfolding: ${k32.progressSeen ? 'yes' : 'NO'}`,
      );
      console.log(`renderer: k=32 ${k32.renderer}, reference ${ref.renderer}`);
      for (const f of ['pan', 'zoom'] as const)
        console.log(
          `k=32 ${f} frame p95 as a ratio to the reference page's (same run): ${(k32[f].p95 / ref[f].p95).toFixed(2)}`,
        );
    }
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
  }
}

await main();
