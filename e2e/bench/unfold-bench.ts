/**
 * The unfolded k=32 fat-tree in `pnpm bench:web`: how long "Unfold all" takes
 * to draw every device (and the longest frame meanwhile: does the page stay
 * responsive), then the frame times of a pan (a mouse drag on the canvas's
 * background) and of a wheel zoom over the whole picture.
 *
 * Frame times are requestAnimationFrame deltas recorded in the page while
 * Playwright sends the input; the first delta after the recorder starts is
 * dropped (it measures nothing but the wait for the first frame).
 */
import type { Browser, Page } from '@playwright/test';
import { waitForView } from '../tests/helpers.ts';
import { cpuBaseline, newPage, rafRoundTrip, stats, type Stats } from './bench-util.ts';

/** Pointer moves of one pan drag, and wheel events of one zoom sweep. */
const PAN_STEPS = Number(process.env.BENCH_PAN_STEPS ?? 80);
const WHEEL_EVENTS = Number(process.env.BENCH_WHEEL_EVENTS ?? 40);

export interface UnfoldedFigures {
  /** `webgl` when Cytoscape drew with WebGL, else `canvas`. */
  renderer: string;
  /** Click on "Unfold all" to the frame after the last device was drawn (NaN: not unfolded). */
  unfoldMs: number;
  /** The longest frame while unfolding: how long the page did not answer. */
  unfoldLongestFrameMs: number;
  /** From the last device drawn to the first second without a frame over 50 ms (the caches filled). */
  quietMs: number;
  /** Whether a progress line was seen while unfolding. */
  progressSeen: boolean;
  devices: number;
  /** Elements on the canvas once unfolded, and the zoom the pan and the wheel start from. */
  drawn: { elements: number; zoom: number };
  pan: Stats;
  zoom: Stats;
  raf: number;
  cpu: number;
}

/**
 * Starts recording animation-frame deltas in the page. Page code is passed as
 * text: tsx would wrap a named function in a helper the page lacks.
 */
function startFrames(page: Page): Promise<void> {
  return page.evaluate(`(() => {
    window.__frames = [];
    window.__framesOn = true;
    let last = -1;
    const tick = (t) => {
      if (last >= 0) window.__frames.push(t - last);
      last = t;
      if (window.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

/** Stops the recorder and returns its deltas, less the first. */
function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const w = window as unknown as { __frames: number[]; __framesOn: boolean };
    w.__framesOn = false;
    return w.__frames.slice(1);
  });
}

/** Waits a while. */
function settle(page: Page, ms = 1500): Promise<void> {
  return page.evaluate((wait) => new Promise<void>((r) => setTimeout(r, wait)), ms);
}

/**
 * Waits until the page has drawn a second of frames none longer than 50 ms
 * (at most a minute): after a large picture is drawn, Cytoscape fills its
 * texture caches in the following frames, which are long while it does.
 * Returns how long that took.
 */
function quiet(page: Page): Promise<number> {
  return page.evaluate<number>(`new Promise((done) => {
    const t0 = performance.now();
    let last = t0;
    let calm = t0;
    const tick = (t) => {
      if (t - last > 50) calm = t;
      last = t;
      if (t - calm >= 1000 || t - t0 > 60000) done(calm - t0);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`);
}

/** A point of the canvas that shows the background (no node, no control over it), near its left edge. */
async function backgroundPoint(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('graph-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  for (const fy of [0.5, 0.4, 0.6, 0.3, 0.7]) {
    const at = { x: box.x + 12, y: box.y + box.height * fy };
    const onCanvas = await page.evaluate(
      ({ x, y }) => !!document.elementFromPoint(x, y)?.closest('[data-testid="graph-canvas"]'),
      at,
    );
    if (onCanvas) return at;
  }
  throw new Error('no free point on the canvas');
}

/**
 * Clicks "Unfold all": from the click (its time taken in the page, at the
 * event) to the first frame in which `devices` devices are drawn, the longest
 * frame meanwhile, and whether the toolbar showed the progress line.
 */
async function unfoldAll(
  page: Page,
  devices: number,
): Promise<{ ms: number; longest: number; progressSeen: boolean }> {
  await page.evaluate(`(() => {
    window.__progressSeen = false;
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Unfold all');
    b.addEventListener('click', () => (window.__unfoldStart = performance.now()), { once: true });
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="unfold-progress"]')) window.__progressSeen = true;
    }).observe(document.body, { childList: true, subtree: true });
  })()`);
  await startFrames(page);
  await page.getByRole('button', { name: 'Unfold all', exact: true }).click();
  const { end, start, progressSeen } = await page.evaluate<{
    end: number;
    start: number;
    progressSeen: boolean;
  }>(`new Promise((done) => {
    const check = () => {
      if ((window.__vmmi?.devicesShown?.() ?? window.__vmmi?.count('node[kind = "device"]') ?? 0) >= ${devices})
        requestAnimationFrame((end) =>
          done({ end, start: window.__unfoldStart, progressSeen: window.__progressSeen }),
        );
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
  const frames = await stopFrames(page);
  return { ms: end - start, longest: Math.max(...frames), progressSeen };
}

/**
 * Opens a site view; with `unfoldDevices`, clicks "Unfold all" and waits
 * until that many devices are drawn; then pans and zooms.
 */
export async function unfoldedFigures(
  browser: Browser,
  url: string,
  { siteId, unfoldDevices }: { siteId: string; unfoldDevices?: number },
): Promise<UnfoldedFigures> {
  const page = await newPage(browser);
  try {
    await page.goto(url);
    await waitForView(page, 'site', siteId);
    await settle(page, 500);
    const raf = await rafRoundTrip(page, 20);
    const cpu = await cpuBaseline(page);

    const cdp =
      process.env.BENCH_PROFILE && unfoldDevices ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const unfold = unfoldDevices
      ? await unfoldAll(page, unfoldDevices)
      : { ms: NaN, longest: NaN, progressSeen: false };
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      (await import('node:fs')).writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    }
    // Builds before the level of detail have no devicesShown (A/B runs): all they show is drawn.
    const devices = await page.evaluate(
      () => window.__vmmi?.devicesShown?.() ?? window.__vmmi?.count('node[kind = "device"]') ?? 0,
    );
    const drawn = await page.evaluate(() => ({
      elements: window.__vmmi?.count('*') ?? 0,
      zoom: window.__vmmi?.zoom?.() ?? 0,
    }));
    const quietMs = await quiet(page);

    const from = await backgroundPoint(page);
    await startFrames(page);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 400, from.y - 150, { steps: PAN_STEPS / 2 });
    await page.mouse.move(from.x, from.y, { steps: PAN_STEPS / 2 });
    await page.mouse.up();
    const pan = await stopFrames(page);
    await quiet(page);

    const box = (await page.getByTestId('graph-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await startFrames(page);
    for (let i = 0; i < WHEEL_EVENTS; i++) {
      await page.mouse.wheel(0, i < WHEEL_EVENTS / 2 ? -600 : 600);
      await page.waitForTimeout(16);
    }
    const zoom = await stopFrames(page);

    const renderer = await page.evaluate(() =>
      document.querySelector('[data-testid="graph-canvas"] canvas[data-id$="-webgl"]')
        ? 'webgl'
        : 'canvas',
    );
    return {
      renderer,
      unfoldMs: unfold.ms,
      unfoldLongestFrameMs: unfold.longest,
      progressSeen: unfold.progressSeen,
      quietMs,
      devices,
      drawn,
      pan: stats(pan),
      zoom: stats(zoom),
      raf,
      cpu,
    };
  } finally {
    await page.context().close();
  }
}
