/**
 * CPU time the page's main thread spent from navigation to the first frame,
 * read from a Chromium trace of the load: the sum of the thread's top-level
 * tasks' thread time (`tdur`). Unlike the wall clock, it hardly moves with the
 * machine's load (a load of 9 on two cores stretched one 206 ms task to
 * 673 ms), so a shared machine can still tell two builds apart; the first
 * frame on a quiet machine cannot come sooner than it.
 */
import type { Browser, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  /** A user-timing mark's: its startTime, ms since the navigation. */
  args?: { data?: { startTime?: number } };
}

/** The app's mark of its first drawn view (web/src/perf-marks.ts). */
export const FIRST_FRAME_MARK = 'vmmi:first-frame';

const TOP_LEVEL = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/**
 * Main-thread CPU ms from the navigation to the mark `markName`, from a trace's events. The
 * navigation is where the mark says (its startTime before it): the trace's own navigationStart
 * event names no URL without the loading categories, which cost more to record.
 */
export function mainThreadCpuMs(events: readonly TraceEvent[], markName: string): number {
  const mark = events.find((e) => e.name === markName);
  const since = mark?.args?.data?.startTime;
  if (!mark || since === undefined) throw new Error(`the trace has no mark ${markName}`);
  const from = mark.ts - since * 1000;
  let cpu = 0;
  for (const e of events)
    if (
      e.ph === 'X' &&
      TOP_LEVEL.has(e.name) &&
      e.pid === mark.pid &&
      e.tid === mark.tid &&
      e.ts >= from &&
      e.ts <= mark.ts
    )
      cpu += e.tdur ?? 0;
  return cpu / 1000;
}

/** Loads `url` in `page` under a trace and returns the main thread's CPU ms to `markName`. */
export async function tracedLoadCpuMs(
  browser: Browser,
  page: Page,
  url: string,
  markName: string,
): Promise<number> {
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  let trace: Buffer;
  try {
    await page.goto(url);
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, markName, {
      timeout: 120_000,
    });
  } finally {
    trace = await browser.stopTracing();
  }
  const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
  return mainThreadCpuMs(traceEvents, markName);
}
