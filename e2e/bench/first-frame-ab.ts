/**
 * `tsx e2e/bench/first-frame-ab.ts <build A> <build B>`: the k=32 site's and
 * the demo's first frame (`vmmi:first-frame`) for two builds of web/, in
 * loads that alternate A, B, A, B… so that both meet the same machine: on a
 * shared machine whose load moves by half within minutes, two `pnpm bench:web`
 * runs one after the other compare the load more than the builds. One server
 * per build (in-memory databases, the same generated estate), cold loads (a
 * new browser context each). Not a test: it prints medians.
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium, request, type Browser, type Page } from '@playwright/test';
import { importGeneratedEstate } from '../tests/helpers.ts';
import { FIRST_FRAME_MARK as MARK, tracedLoadCpuMs } from './main-thread-cpu.ts';
import { ADMIN, SETUP_TOKEN } from '../setup/auth-env.ts';
import {
  CHROMIUM_ARGS,
  cpuBaseline,
  freePort,
  startServer,
  stats,
  VIEWPORT,
} from './bench-util.ts';

const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const TRACED_LOADS = Number(process.env.BENCH_TRACED_LOADS ?? 3);
const builds = process.argv.slice(2, 4);
if (builds.length !== 2) throw new Error('usage: first-frame-ab.ts <web root A> <web root B>');

type Session = Awaited<ReturnType<Awaited<ReturnType<typeof request.newContext>>['storageState']>>;

async function prepare(webRoot: string) {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = await startServer(port, webRoot);
  try {
    return await signInAndImport(baseURL, server);
  } catch (err) {
    server.kill();
    throw err;
  }
}

async function signInAndImport(baseURL: string, server: ChildProcess) {
  const api = await request.newContext({ baseURL });
  const setup = await api.post('/api/auth/setup', { data: { token: SETUP_TOKEN, ...ADMIN } });
  if (!setup.ok()) throw new Error(`first-admin setup: ${setup.status()}`);
  const site = await importGeneratedEstate(api, {
    id: 'bench-fat-tree-k32',
    name: 'Zeta: bench fat-tree k=32',
    kind: 'fat-tree',
    params: { k: 32 },
  });
  // Each server's session alone: cookies do not tell ports apart.
  const session: Session = await api.storageState();
  await api.dispose();
  return { baseURL, server, site, session };
}

/** Runs `load` in a new browser context (cold: nothing cached) signed in with `session`. */
async function inNewContext<T>(
  browser: Browser,
  session: Session,
  load: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    colorScheme: 'dark',
    storageState: session,
  });
  context.setDefaultTimeout(120_000);
  try {
    return await load(await context.newPage());
  } finally {
    await context.close();
  }
}

const firstFrame = (browser: Browser, url: string, session: Session) =>
  inNewContext(browser, session, async (page) => {
    await page.goto(url);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK);
    const ms = await page.evaluate(
      (mark) => performance.getEntriesByName(mark)[0]!.startTime,
      MARK,
    );
    return { ms, cpu: await cpuBaseline(page) };
  });

/** The main thread's CPU to the first frame, in a traced load of its own (main-thread-cpu.ts). */
const mainThreadCpu = (browser: Browser, url: string, session: Session) =>
  inNewContext(browser, session, (page) => tracedLoadCpuMs(browser, page, url, MARK));

// One after the other: two servers starting together on a loaded machine took over 120 s.
const targets: Awaited<ReturnType<typeof prepare>>[] = [];
let browser: Browser | null = null;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
try {
  for (const build of builds) targets.push(await prepare(build));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  console.log(`load average before: ${load()}`);
  for (const view of ['k=32 site', 'demo'] as const) {
    const path = (t: (typeof targets)[number]) =>
      view === 'demo' ? '/?estate=demo' : `/?estate=bench-fat-tree-k32&view=site&site=${t.site}`;
    // One unmeasured load each: the server's first read of the estate.
    for (const t of targets) await firstFrame(browser, t.baseURL + path(t), t.session);
    const ms: number[][] = [[], []];
    const cpu: number[][] = [[], []];
    for (let i = 0; i < LOADS; i++)
      for (const [b, t] of targets.entries()) {
        const r = await firstFrame(browser, t.baseURL + path(t), t.session);
        ms[b]!.push(Math.round(r.ms));
        cpu[b]!.push(r.cpu);
      }
    for (const b of [0, 1]) {
      const { median, max } = stats(ms[b]!);
      const c = stats(cpu[b]!).median;
      console.log(
        `${view}, ${'AB'[b]} (${builds[b]}): median ${median} ms (${(median / c).toFixed(1)} × CPU ${c.toFixed(1)} ms), max ${max}; ${ms[b]!.join(', ')}`,
      );
    }
    console.log(`  B / A (medians): ${(stats(ms[1]!).median / stats(ms[0]!).median).toFixed(2)}`);
    // The main thread's CPU to the first frame (main-thread-cpu.ts), in traced loads, alternating.
    const mainCpu: number[][] = [[], []];
    for (let i = 0; i < TRACED_LOADS; i++)
      for (const [b, t] of targets.entries())
        mainCpu[b]!.push(await mainThreadCpu(browser, t.baseURL + path(t), t.session));
    const [a, b] = mainCpu.map((c) => stats(c).median);
    console.log(
      `  main-thread CPU to the first frame, medians of ${TRACED_LOADS}: A ${a!.toFixed(0)} ms, B ${b!.toFixed(0)} ms, B / A ${(b! / a!).toFixed(2)}`,
    );
  }
} finally {
  console.log(`load average after: ${load()}`);
  await browser?.close();
  for (const t of targets) t.server.kill();
}
