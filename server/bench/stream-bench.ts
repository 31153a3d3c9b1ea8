/**
 * `pnpm bench:stream`: 1,000 concurrent simulated
 * migrations, each emitting 10 events a second (one progress event per
 * 100 ms tick), streamed over tRPC SSE on loopback to 100 subscribers.
 * Not a test: it prints figures; docs/performance.md records them.
 *
 * Phase 1, "plans": 100 plans of 10 VMs each; each subscriber follows one
 * plan's stream, so every event is delivered once (10,000 events/s in all).
 * Phase 2, "firehose": F subscribers (BENCH_FIREHOSE, default 10) each on
 * the stream of all migrations (10,000 events/s each). docs/performance.md
 * explains why 100 firehose subscribers do not fit two cores.
 *
 * Latency, publish to receive: from the frame's `publishedAt` (the instance
 * handed the stored events to its subscribers) to its arrival at the
 * subscriber. Also shown, write to receive: from the events' `at` (the
 * database's now() at the start of the transaction that stored them), which
 * adds the tick's write.
 * It runs on PGlite (the embedded default, in the server's own thread, with
 * its files on disk in a fresh temporary directory, as `pnpm start` keeps
 * them in DATA_DIR) and on PostgreSQL (a server of its own on loopback, fsync
 * on); BENCH_DB picks them (pglite, pglite-memory, postgres; default
 * pglite,postgres). pglite-memory is PGlite's throw-away in-memory mode that
 * tests use: it copies a growing file whole each time it outgrows its buffer
 * (docs/performance.md).
 *
 * Lost and duplicated events: each subscriber checks every run's seq goes
 * up by exactly one, and at the end its stream is compared with a replay of
 * the same runs from the table.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startThrowawayPostgres } from '../test/throwaway-postgres.ts';

const SERVER = fileURLToPath(new URL('./stream-server.ts', import.meta.url));
const PLANS = Number(process.env.BENCH_PLANS ?? 100);
const VMS_PER_PLAN = Number(process.env.BENCH_VMS_PER_PLAN ?? 10);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 5_000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 20_000);
const FIREHOSE = Number(process.env.BENCH_FIREHOSE ?? 10);
const TARGET_P99_MS = 100;

interface Rec {
  scope: 'migration' | 'system';
  id: string;
  migrationId?: string;
  seq?: number;
  at: string;
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server alone.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SERVER], {
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}/trpc` });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

async function call<T>(base: string, path: string, input: unknown, mutation = false): Promise<T> {
  const res = mutation
    ? await fetch(`${base}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      })
    : await fetch(`${base}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok || !body.result) throw new Error(`${path}: ${body.error?.message ?? res.status}`);
  return body.result.data;
}

/** One SSE subscriber: parses frames as they come, checks seqs, records latencies. */
class Subscriber {
  /** Publish to receipt, ms: from the frame's publishedAt (the events stored, handed to subscribers). */
  readonly latencies: number[] = [];
  /** Write to receipt, ms: from the events' at (the start of the transaction that stored them). */
  readonly sinceWrite: number[] = [];
  received = 0;
  lost = 0;
  duplicated = 0;
  lastId = 0n;
  private readonly lastSeq = new Map<string, number>();
  readonly seen: Rec[] = [];
  private readonly controller = new AbortController();
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly window: { from: number; to: number },
    private readonly keep: boolean,
  ) {}

  start(): void {
    this.done = this.run().catch((err: unknown) => {
      if (!this.controller.signal.aborted) throw err;
    });
  }

  stop(): Promise<void> {
    this.controller.abort();
    return this.done;
  }

  private async run(): Promise<void> {
    const res = await fetch(this.url, { signal: this.controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      let end: number;
      while ((end = buf.indexOf('\n\n')) !== -1) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (!data || block.includes('event: ')) continue;
        this.onFrame(JSON.parse(data.slice(6)) as { events: Rec[]; publishedAt?: string });
      }
    }
  }

  private onFrame(frame: { events: Rec[]; publishedAt?: string }): void {
    const now = Date.now();
    const published = frame.publishedAt === undefined ? NaN : Date.parse(frame.publishedAt);
    for (const e of frame.events) {
      const id = BigInt(e.id);
      if (id <= this.lastId) this.duplicated++;
      this.lastId = id;
      if (this.keep)
        this.seen.push({
          scope: e.scope,
          id: e.id,
          migrationId: e.migrationId,
          seq: e.seq,
          at: e.at,
        });
      if (e.scope === 'migration') {
        const prev = this.lastSeq.get(e.migrationId!);
        if (prev !== undefined) {
          if (e.seq! <= prev) this.duplicated++;
          else if (e.seq! > prev + 1) this.lost += e.seq! - prev - 1;
        }
        this.lastSeq.set(e.migrationId!, Math.max(prev ?? 0, e.seq!));
      }
      const at = Date.parse(e.at);
      if (at >= this.window.from && at < this.window.to) {
        this.received++;
        // A replayed frame (no publishedAt) counts from the write.
        this.latencies.push(now - (Number.isNaN(published) ? at : published));
        this.sinceWrite.push(now - at);
      }
    }
  }
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

function report(name: string, subs: Subscriber[], windowMs: number) {
  const lat = subs.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const sinceWrite = subs.flatMap((s) => s.sinceWrite).sort((a, b) => a - b);
  const received = subs.reduce((t, s) => t + s.received, 0);
  const lost = subs.reduce((t, s) => t + s.lost, 0);
  const dup = subs.reduce((t, s) => t + s.duplicated, 0);
  console.log(
    `${name}: ${subs.length} subscribers, ${(received / (windowMs / 1000)).toFixed(0)} events/s delivered, ` +
      `publish-to-receive p50 ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms, max ${lat.at(-1)} ms; ` +
      `write-to-receive p50 ${pct(sinceWrite, 50)} ms, p99 ${pct(sinceWrite, 99)} ms; lost ${lost}, duplicated ${dup}`,
  );
  return {
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    lost,
    dup,
    eventsPerSecond: received / (windowMs / 1000),
  };
}

/** Replays the plan's runs from the table and compares with what the subscriber got live, up to its last id. */
async function reconcile(
  base: string,
  planId: string,
  sub: Subscriber,
): Promise<{ missing: number; extra: number }> {
  const replay = new Subscriber(
    `${base}/migrations.events?input=${encodeURIComponent(JSON.stringify({ planId }))}`,
    { from: 0, to: 0 },
    true,
  );
  replay.start();
  const until = sub.lastId;
  const deadline = Date.now() + 180_000;
  while (replay.lastId < until && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  await replay.stop();
  if (replay.lastId < until)
    throw new Error(`the replay of ${planId} did not reach ${until} in 180 s`);
  const live = new Set(sub.seen.map((e) => e.id));
  const table = replay.seen.filter((e) => BigInt(e.id) <= until).map((e) => e.id);
  const tableSet = new Set(table);
  return {
    missing: table.filter((id) => !live.has(id)).length,
    extra: sub.seen.filter((e) => !tableSet.has(e.id)).length,
  };
}

async function benchOn(db: Backend, env: Record<string, string>): Promise<void> {
  console.log(
    `\n== ${db}: bench:stream on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const { child, base } = await startServer(env);
  if (env.BENCH_DATA_DIR) console.log(`PGlite's files: ${env.BENCH_DATA_DIR}`);
  try {
    const stored = await call<{
      version: number;
      estate: {
        sites: { id: string }[];
        networks: { id: string; siteIds: string[] }[];
        vms: { id: string; networkId: string; hostId: string }[];
        devices: { id: string; siteId: string; role: string }[];
      };
    }>(base, 'estate.get', { id: 'large' });
    const { estate } = stored;
    const siteOfHost = new Map(estate.devices.map((d) => [d.id, d.siteId]));
    const sites = estate.sites.map((s) => s.id);
    const stretched = new Set(
      estate.networks.filter((n) => n.siteIds.length === sites.length).map((n) => n.id),
    );
    const bySite = new Map<string, string[]>();
    for (const vm of estate.vms)
      if (stretched.has(vm.networkId)) {
        const site = siteOfHost.get(vm.hostId)!;
        bySite.set(site, [...(bySite.get(site) ?? []), vm.id]);
      }
    // Each plan to a host of its own: a site target lets the preview pick the same emptiest host for every plan.
    const hostsOf = new Map<string, string[]>();
    for (const d of estate.devices)
      if (d.role === 'host') hostsOf.set(d.siteId, [...(hostsOf.get(d.siteId) ?? []), d.id]);
    const groups: { vmIds: string[]; to: string }[] = [];
    for (const [site, ids] of bySite)
      for (let i = 0; i + VMS_PER_PLAN <= ids.length && groups.length < PLANS; i += VMS_PER_PLAN)
        groups.push({
          vmIds: ids.slice(i, i + VMS_PER_PLAN),
          to: hostsOf.get(sites[(sites.indexOf(site) + 1) % sites.length]!)![groups.length]!,
        });
    if (groups.length < PLANS)
      throw new Error(`only ${groups.length} groups of ${VMS_PER_PLAN} VMs`);

    let t = Date.now();
    const plans: string[] = [];
    for (const g of groups.slice(0, PLANS)) {
      const { plan } = await call<{ plan: { id: string } }>(
        base,
        'plans.accept',
        {
          estateId: 'large',
          request: { vmIds: g.vmIds, target: { kind: 'host', hostId: g.to }, strategy: 'best' },
          expectedVersion: stored.version,
        },
        true,
      );
      plans.push(plan.id);
    }
    console.log(`accepted ${plans.length} plans of ${VMS_PER_PLAN} VMs in ${Date.now() - t} ms`);
    // Phase 1: one subscriber per plan, subscribed as soon as the plan runs (a plan's stream
    // exists from its execution on), so each follows its runs live from their first event.
    const window = { from: Infinity, to: Infinity };
    const subs: Subscriber[] = [];
    t = Date.now();
    let runs = 0;
    for (const planId of plans) {
      runs += (
        await call<{ migrations: unknown[] }>(
          base,
          'migrations.execute',
          { planId, timeScale: 1 },
          true,
        )
      ).migrations.length;
      const sub = new Subscriber(
        `${base}/migrations.events?input=${encodeURIComponent(JSON.stringify({ planId }))}`,
        window,
        true,
      );
      sub.start();
      subs.push(sub);
    }
    console.log(`executed ${runs} migrations in ${Date.now() - t} ms`);

    window.from = Date.now() + WARMUP_MS;
    window.to = window.from + MEASURE_MS;
    await new Promise((r) => setTimeout(r, WARMUP_MS + MEASURE_MS + 2_000));
    await Promise.all(subs.map((s) => s.stop()));
    const plansFigures = report('plans', subs, MEASURE_MS);
    let missing = 0;
    let extra = 0;
    for (let i = 0; i < plans.length; i++) {
      const r = await reconcile(base, plans[i]!, subs[i]!);
      missing += r.missing;
      extra += r.extra;
    }
    console.log(`plans: against a replay from the table: ${missing} missing, ${extra} extra`);

    // Phase 2: firehose subscribers on the stream of all migrations.
    if (FIREHOSE > 0) {
      const from2 = Date.now() + 2_000;
      const window2 = { from: from2, to: from2 + MEASURE_MS / 2 };
      const fire = Array.from(
        { length: FIREHOSE },
        () => new Subscriber(`${base}/migrations.events?input=%7B%7D`, window2, false),
      );
      fire.forEach((s) => s.start());
      await new Promise((r) => setTimeout(r, 2_000 + MEASURE_MS / 2 + 1_000));
      await Promise.all(fire.map((s) => s.stop()));
      report('firehose', fire, MEASURE_MS / 2);
    }
    console.log(
      `target: p99 ≤ ${TARGET_P99_MS} ms, none lost, none duplicated → ${plansFigures.p99 <= TARGET_P99_MS && plansFigures.lost + missing === 0 && plansFigures.dup + extra === 0 ? 'met' : 'missed'} (plans phase)`,
    );
  } finally {
    // Gone before its database is: a PostgreSQL stopped under it would break its shutdown.
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const BACKENDS = ['pglite', 'pglite-memory', 'postgres'] as const;
type Backend = (typeof BACKENDS)[number];
const isBackend = (s: string): s is Backend => (BACKENDS as readonly string[]).includes(s);

async function main() {
  const backends = (process.env.BENCH_DB ?? 'pglite,postgres').split(',');
  for (const db of backends) {
    if (!isBackend(db)) throw new Error(`BENCH_DB: "${db}" is none of ${BACKENDS.join(', ')}`);
    if (db === 'pglite-memory') {
      await benchOn(db, { BENCH_DATA_DIR: 'memory://' });
      continue;
    }
    if (db === 'pglite') {
      const dir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'vmmi-bench-'));
      try {
        await benchOn(db, { BENCH_DATA_DIR: dir });
      } finally {
        if (!process.env.BENCH_DATA_DIR) rmSync(dir, { recursive: true, force: true });
      }
      continue;
    }
    // A PostgreSQL of its own on loopback, with fsync on (durable commits, as in production).
    const pg = await startThrowawayPostgres({ fsync: true });
    try {
      await benchOn(db, { DATABASE_URL: pg.url });
    } finally {
      await pg.stop();
    }
  }
}

await main();
