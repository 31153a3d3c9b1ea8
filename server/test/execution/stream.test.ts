// The event stream: one stream of all migrations and one per migration, over
// the real HTTP/SSE path and through the router; a client that reconnects with its lastEventId
// (the input field or the Last-Event-ID header) gets every event it missed exactly once, in
// order; SSE pings keep a quiet stream alive; a subscriber that falls far behind the live feed
// catches up from the table without losing or repeating anything.
import { headersOf } from '../auth/credentials.ts';
import type { AddressInfo } from 'node:net';
import type { EventFrame, EventRecord, MigrationEvent } from '@vmmi/shared';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Database } from '../../src/db/schema.ts';
import { EventHub, SUBSCRIBER_QUEUE_LIMIT } from '../../src/execution/event-hub.ts';
import { appendEvents, latestEventId, readEventsAfter } from '../../src/db/run-repo.ts';
import { streamEvents } from '../../src/execution/stream.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import {
  acceptMove,
  demoEstateWith,
  ended,
  executePlan,
  importEstate,
  MANUAL_TICKS,
  tickUntil,
  useExecution,
  type Harness,
} from './harness.ts';

const VM = 'acme-web-web-01';
const MOVE = { vmIds: [VM], target: { kind: 'site', siteId: 'ams1' }, strategy: 'best' };
const TERMINAL = new Set(['succeeded', 'rolled-back', 'failed']);

/** Every stored event after `after`, in id order (read here, not through the code under test). */
async function eventsAfter(db: Kysely<Database>, after: bigint, migrationId?: string) {
  let q = db
    .selectFrom('migration_events')
    .select([sql<string>`id::text`.as('text_id'), 'migration_id'])
    .where('id', '>', sql<string>`${after.toString()}::bigint`)
    .orderBy('migration_events.id');
  if (migrationId) q = q.where('migration_id', '=', migrationId);
  return (await q.execute()).map((r) => r.text_id);
}

/**
 * Appends throw-away system events until the next id is a little below a
 * power of ten, so the events a test writes next cross 99 → 100, 999 → 1000…
 * (decimal ids sort differently as text than as numbers).
 */
async function nearPowerOfTen(db: Kysely<Database>, before = 3) {
  const latest = Number(await latestEventId(db));
  const target = 10 ** Math.max(2, String(latest + before + 1).length) - before;
  const count = target - latest - 1;
  if (count > 0) await appendEvents(db, Array.from({ length: count }, systemEvent), false);
}

const systemEvent = (_: unknown, i: number) => ({
  migrationId: null,
  event: {
    type: 'fault-cleared' as const,
    faultId: `fault-test-${i}`,
    estateId: null,
    fault: { kind: 'bandwidth-collapse' as const, factor: 0.5 },
  },
});

/** Ids in a list of frames, checking each frame's id is its last event's and ids only grow. */
function idsOf(frames: readonly { id: string; frame: EventFrame }[]) {
  const ids: string[] = [];
  for (const { id, frame } of frames) {
    if (frame.events.length > 0) expect(id).toBe(frame.events.at(-1)!.id);
    ids.push(...frame.events.map((e) => e.id));
  }
  for (let i = 1; i < ids.length; i++) expect(BigInt(ids[i]!)).toBeGreaterThan(BigInt(ids[i - 1]!));
  return ids;
}

/** Reads a stream until `enough` holds for what it has read. */
async function readUntil<T>(
  stream: AsyncIterator<T>,
  enough: (read: T[]) => boolean,
  ms = 8_000,
): Promise<T[]> {
  const read: T[] = [];
  const deadline = Date.now() + ms;
  while (!enough(read)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`stream: still waiting after ${ms} ms (${read.length} read)`);
    const next = await Promise.race([
      stream.next(),
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left)),
    ]);
    if (next === 'timeout') continue;
    if (next.done) throw new Error(`stream ended after ${read.length} items`);
    read.push(next.value);
  }
  return read;
}

async function nextFrame(stream: AsyncGenerator<{ id: string; frame: EventFrame }>) {
  const next = await stream.next();
  if (next.done) throw new Error('the stream ended');
  return next.value;
}

const hasTerminal = (frames: { frame: EventFrame }[]) =>
  frames.some((f) => f.frame.events.some((e) => TERMINAL.has(e.event.type)));

describe.each(BACKENDS)('event stream through the router on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  /** A finished run whose events cross a power of ten. */
  async function finishedRun(h: Harness) {
    await nearPowerOfTen(db().kysely);
    const estateId = await importEstate(h, demoEstateWith());
    const plan = await acceptMove(h, estateId, MOVE);
    const [id] = await executePlan(h, plan.id, 50);
    return (await tickUntil(h, id!, ended)).state.id;
  }

  const subscribe = async (h: Harness, input: { migrationId?: string; lastEventId?: string }) => {
    const iterable = await h.as('viewer').migrations.events(input);
    const it = iterable[Symbol.asyncIterator]();
    // Tracked envelopes: [id, data, symbol].
    return {
      async next(): Promise<IteratorResult<{ id: string; frame: EventFrame }>> {
        const r = await it.next();
        if (r.done) return r;
        const [id, frame] = r.value as unknown as [string, EventFrame];
        return { done: false, value: { id, frame } };
      },
      close: () => it.return?.(),
    };
  };

  it('one migration: from its first event, and after any lastEventId exactly the events after it', async () => {
    const h = await start(MANUAL_TICKS);
    const id = await finishedRun(h);
    const all = await eventsAfter(db().kysely, 0n, id);

    const whole = await subscribe(h, { migrationId: id });
    expect(idsOf(await readUntil(whole, hasTerminal))).toEqual(all);
    await whole.close();

    // Resume after every event but the last (after the last, nothing more comes).
    for (const [i, last] of all.slice(0, -1).entries()) {
      const resumed = await subscribe(h, { migrationId: id, lastEventId: last });
      expect(idsOf(await readUntil(resumed, hasTerminal))).toEqual(all.slice(i + 1));
      await resumed.close();
    }
  });

  it('all migrations: from now (a first empty frame names where now is), and after any lastEventId exactly the events after it', async () => {
    const h = await start(MANUAL_TICKS);
    const fresh = await subscribe(h, {});
    const [head] = await readUntil(fresh, (r) => r.length === 1);
    expect(head!.frame.events).toEqual([]);
    expect(head!.id).toBe((await latestEventId(db().kysely)).toString());
    const from = BigInt(head!.id);

    const id = await finishedRun(h);
    const all = await eventsAfter(db().kysely, from);
    expect(all.length).toBeGreaterThan(10);
    const last = all.at(-1)!;
    const reachedLast = (r: { frame: EventFrame }[]) =>
      r.some((f) => f.frame.events.some((e) => e.id === last));
    expect(idsOf(await readUntil(fresh, reachedLast))).toEqual(all);
    await fresh.close();

    // Resume after each of the run's events (they cross a power of ten) and a few before them.
    const runFrom = all.indexOf((await eventsAfter(db().kysely, 0n, id))[0]!);
    for (const [i, after] of all.slice(0, -1).entries()) {
      if (i < runFrom - 3 && i % 50 !== 0) continue;
      const resumed = await subscribe(h, { lastEventId: after });
      expect(idsOf(await readUntil(resumed, reachedLast))).toEqual(all.slice(i + 1));
      await resumed.close();
    }
    // The run's own events are among them, each once.
    const mine = await eventsAfter(db().kysely, 0n, id);
    expect(all.filter((e) => mine.includes(e))).toEqual(mine);
  });
});

describe.each(BACKENDS)('event hub on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  const progress = (seq: number) => ({
    type: 'progress' as const,
    kind: 'pre-copy' as const,
    transferredBytes: seq,
    dirtiedBytes: 0,
    remainingBytes: 0,
    bandwidthBytesPerSecond: 0,
    round: 0,
    throttle: 0,
    etaMs: null,
  });

  it('gives each subscriber of some runs just their events, in id order, stamped with when they were published', async () => {
    const k = db().kysely;
    const hub = new EventHub(k, (err) => {
      throw err;
    });
    await hub.init();
    const ac = new AbortController();
    const both = hub.subscribe(['m-1', 'm-2']);
    const second = hub.subscribe(['m-2']);
    const all = hub.subscribe();
    const first = hub.deliveredUpTo + 1n;
    const records: EventRecord[] = [1, 2, 2, 1, 3, 2].map((run, i) => ({
      scope: 'migration',
      id: (first + BigInt(i)).toString(),
      migrationId: `m-${run}`,
      seq: i + 1,
      at: new Date().toISOString(),
      simMs: i,
      event: progress(i),
    }));
    const before = Date.now();
    await hub.deliverLocal(records);
    const frame = async (s: typeof both) => {
      const f = await s.next(ac.signal);
      if (typeof f === 'string') throw new Error(f);
      return f;
    };
    const [fb, fs, fa] = [await frame(both), await frame(second), await frame(all)];
    expect(fb.events.map((e) => e.id)).toEqual(
      records.filter((r) => r.scope === 'migration' && r.migrationId !== 'm-3').map((r) => r.id),
    );
    expect(fs.events.map((e) => e.id)).toEqual(
      records.filter((r) => r.scope === 'migration' && r.migrationId === 'm-2').map((r) => r.id),
    );
    expect(fa.events).toEqual(records);
    for (const f of [fb, fs, fa]) {
      const published = Date.parse(f.publishedAt!);
      expect(published).toBeGreaterThanOrEqual(before - 1);
      expect(published).toBeLessThanOrEqual(Date.now());
    }
    for (const s of [both, second, all]) s.close();
  });

  it('reads the log in id order, page by page, across a power of ten (ids are compared as numbers, not text)', async () => {
    const k = db().kysely;
    await nearPowerOfTen(k, 5);
    const from = await latestEventId(k);
    await appendEvents(k, Array.from({ length: 20 }, systemEvent), false);
    const pages: string[][] = [];
    let after = from;
    for (;;) {
      const page = await readEventsAfter(k, after, { limit: 7 });
      if (page.length === 0) break;
      pages.push(page.map((e) => e.id));
      after = BigInt(page.at(-1)!.id);
    }
    expect(pages.map((p) => p.length)).toEqual([7, 7, 6]);
    expect(pages.flat()).toEqual(
      Array.from({ length: 20 }, (_, i) => (from + BigInt(i + 1)).toString()),
    );
  });

  it(`a subscriber that stops reading while more than ${SUBSCRIBER_QUEUE_LIMIT} frames arrive still gets every event once, in order`, async () => {
    // A migration to stream, its run frozen (the test ticks nothing): the test writes its events.
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, demoEstateWith());
    const plan = await acceptMove(h, estateId, MOVE);
    const { migrations } = await h
      .as('operator')
      .migrations.execute({ planId: plan.id, timeScale: 1 });
    const migrationId = migrations[0]!.id;

    const k = db().kysely;
    const errors: unknown[] = [];
    const hub = new EventHub(k, (err) => errors.push(err));
    await hub.init();
    const ac = new AbortController();
    const everything = streamEvents(hub, k, { after: null, signal: ac.signal });
    const one = streamEvents(hub, k, {
      migrationIds: [migrationId],
      after: null,
      signal: ac.signal,
    });
    const from = BigInt((await nextFrame(everything)).id);
    const created = await nextFrame(one);
    expect(created.frame.events.map((e) => e.event.type)).toEqual(['created']);

    // One frame per event, 9 in 10 of them the migration's: both subscribers overflow.
    const total = Math.ceil(SUBSCRIBER_QUEUE_LIMIT * 1.25);
    let seq = 1;
    const rows = Array.from({ length: total }, (_, i) =>
      i % 10 === 9
        ? systemEvent(null, i)
        : { migrationId, seq: ++seq, simMs: i, event: progress(seq) as MigrationEvent },
    );
    const written = await appendEvents(k, rows, false);
    for (const r of written) await hub.deliverLocal([r]);

    const expectAll = await eventsAfter(k, from);
    const expectOne = await eventsAfter(k, BigInt(created.id), migrationId);
    expect(expectOne.length).toBeGreaterThan(SUBSCRIBER_QUEUE_LIMIT);
    const lastOf = (ids: string[]) => (r: { frame: EventFrame }[]) =>
      r.some((f) => f.frame.events.some((e) => e.id === ids.at(-1)));
    const gotAll = await readUntil(everything, lastOf(expectAll));
    const gotOne = await readUntil(one, lastOf(expectOne));
    expect(idsOf(gotAll)).toEqual(expectAll);
    expect(idsOf(gotOne)).toEqual(expectOne);
    // They were switched to reading from the table (frames of many events), not fed frame by frame.
    expect(gotAll.some((f) => f.frame.events.length > 1)).toBe(true);
    expect(gotOne.some((f) => f.frame.events.length > 1)).toBe(true);

    // And they are live again afterwards.
    const more = await appendEvents(k, [systemEvent(null, -1)], false);
    await hub.deliverLocal(more);
    expect(idsOf(await readUntil(everything, lastOf([more[0]!.id])))).toEqual([more[0]!.id]);
    expect(errors).toEqual([]);
    ac.abort();
    await everything.return(undefined);
    await one.return(undefined);
    hub.close();
  });

  it('a reader that keeps falling behind a writer gets every event once, in order', async () => {
    const k = db().kysely;
    const errors: unknown[] = [];
    const hub = new EventHub(k, (err) => errors.push(err));
    await hub.init();
    const ac = new AbortController();
    const stream = streamEvents(hub, k, { after: null, signal: ac.signal });
    const from = BigInt((await nextFrame(stream)).id);

    const written: EventRecord[] = [];
    const writer = (async () => {
      for (let burst = 0; burst < 6; burst++) {
        const batch = await appendEvents(
          k,
          Array.from({ length: 900 }, (_, i) => systemEvent(null, burst * 1000 + i)),
          false,
        );
        written.push(...batch);
        for (const r of batch) await hub.deliverLocal([r]);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const got: { id: string; frame: EventFrame }[] = [];
    let n = 0;
    while (!(
      got.at(-1)?.frame.events.at(-1)?.id === written.at(-1)?.id && written.length === 5_400
    )) {
      got.push(await nextFrame(stream));
      // Now and then the reader dawdles.
      if (++n % 400 === 0) await new Promise((r) => setTimeout(r, 30));
    }
    await writer;
    expect(idsOf(got)).toEqual(await eventsAfter(k, from));
    expect(errors).toEqual([]);
    ac.abort();
    await stream.return(undefined);
    hub.close();
  });
});

/** The SSE messages of a response: `event`, `data`, `id` fields per message. */
async function* sseMessages(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const msg: { event?: string; data?: string; id?: string } = {};
        for (const line of block.split('\n')) {
          const m = /^(event|data|id): ?(.*)$/.exec(line);
          if (m) msg[m[1] as 'event' | 'data' | 'id'] = m[2];
        }
        if (Object.keys(msg).length > 0) yield msg;
      }
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  }
}

type Sse = Awaited<ReturnType<typeof openSse>>;

/** The API token of the operator the tests call as (set when a server starts). */
let auth: Record<string, string> = {};

/** A tRPC subscription over SSE, as a browser's EventSource (or the CLI) reads it. */
async function openSse(
  base: string,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const ac = new AbortController();
  const url = `${base}/trpc/migrations.events?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...auth, ...headers },
    signal: ac.signal,
  });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const messages = sseMessages(res);
  const frames: { id: string; frame: EventFrame }[] = [];
  const other: { event?: string; data?: string; id?: string }[] = [];
  return {
    frames,
    other,
    /** Reads until `enough` holds for the frames read (the other messages are kept apart). */
    async until(enough: (frames: { id: string; frame: EventFrame }[]) => boolean, ms = 8_000) {
      const deadline = Date.now() + ms;
      while (!enough(frames)) {
        if (Date.now() > deadline) throw new Error(`SSE: still waiting after ${ms} ms`);
        const next = await messages.next();
        if (next.done) throw new Error('SSE: the stream ended');
        const msg = next.value;
        if (msg.event === undefined && msg.id !== undefined && msg.data !== undefined)
          frames.push({ id: msg.id, frame: JSON.parse(msg.data) as EventFrame });
        else other.push(msg);
      }
      return frames;
    },
    /** Reads until a message of this event type (ping, serialized-error…). */
    async untilEvent(event: string, ms = 8_000) {
      await this.until(() => other.some((m) => m.event === event), ms);
      return other.find((m) => m.event === event)!;
    },
    close: () => ac.abort(),
  };
}

describe.each(BACKENDS)('event stream over HTTP (SSE) on %s', (kind, open) => {
  const db = useTestDb(open);
  let app: FastifyInstance | undefined;
  const opened: Sse[] = [];
  afterEach(async () => {
    opened.splice(0).forEach((s) => s.close());
    // An SSE response ends when the server notices its client left, at its next write (a ping):
    // close the sockets rather than wait for that.
    app?.server.closeAllConnections();
    await app?.close();
    app = undefined;
  });

  async function serve() {
    app = await buildApp({
      database: db(),
      execution: { tickMs: 10, leaseMs: 2_000, pollMs: 200 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    auth = await headersOf(db(), 'operator');
    const { port } = app.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async function call<T>(base: string, path: string, input: unknown): Promise<T> {
    const res = await fetch(`${base}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error)}`);
    return body.result!.data;
  }

  /** A run long enough (16 GiB at timeScale 50: 20 ticks or so) to drop and resume the stream during it. */
  async function startRun(base: string) {
    await nearPowerOfTen(db().kysely, 20);
    const estate = demoEstateWith({ [VM]: { memoryGiB: 16 } });
    const { version } = await call<{ version: number }>(base, 'estate.import', { estate });
    const { plan } = await call<{ plan: { id: string } }>(base, 'plans.accept', {
      estateId: estate.id,
      request: MOVE,
      expectedVersion: version,
    });
    const { migrations } = await call<{ migrations: { id: string }[] }>(
      base,
      'migrations.execute',
      { planId: plan.id, timeScale: 50 },
    );
    return { migrationId: migrations[0]!.id, estateId: estate.id };
  }

  const sse = async (...args: Parameters<typeof openSse>) => {
    const s = await openSse(...args);
    opened.push(s);
    return s;
  };

  it('one migration: drop mid-run, resume with lastEventId (input), miss nothing and repeat nothing', async () => {
    const base = await serve();
    const { migrationId } = await startRun(base);
    const first = await sse(base, { migrationId });
    await first.until((f) => f.length >= 3);
    first.close();
    expect(first.other[0]?.event).toBe('connected');
    const seen = idsOf(first.frames);
    expect(hasTerminal(first.frames)).toBe(false);

    // Events go on while nobody listens.
    await new Promise((r) => setTimeout(r, 300));
    const second = await sse(base, { migrationId, lastEventId: first.frames.at(-1)!.id });
    await second.until(hasTerminal);
    const resumed = idsOf(second.frames);
    expect(BigInt(resumed[0]!)).toBeGreaterThan(BigInt(seen.at(-1)!));
    expect([...seen, ...resumed]).toEqual(await eventsAfter(db().kysely, 0n, migrationId));
  });

  it('all migrations: drop mid-run, resume with the Last-Event-ID header, miss nothing and repeat nothing', async () => {
    const base = await serve();
    const first = await sse(base, {});
    await first.until((f) => f.length >= 1);
    const from = BigInt(first.frames[0]!.id);
    expect(first.frames[0]!.frame.events).toEqual([]);
    const { migrationId, estateId } = await startRun(base);
    // A system event on the same stream.
    await call(base, 'faults.inject', {
      estateId,
      fault: { kind: 'bandwidth-collapse', linkId: 'wan.fra1~ams1', factor: 0.9 },
    });
    await first.until((f) => f.length >= 4);
    first.close();
    const seen = idsOf(first.frames);

    await new Promise((r) => setTimeout(r, 300));
    const second = await sse(base, {}, { 'last-event-id': first.frames.at(-1)!.id });
    await second.until(hasTerminal);
    const resumed = idsOf(second.frames);
    const ids = [...seen, ...resumed];
    // Every event up to the run's last, each once and in order.
    const all = await eventsAfter(db().kysely, from);
    const end = (await eventsAfter(db().kysely, 0n, migrationId)).at(-1)!;
    expect(ids).toEqual(all.slice(0, all.indexOf(end) + 1));
    const types = [...first.frames, ...second.frames].flatMap((f) =>
      f.frame.events.map((e) => e.event.type),
    );
    expect(types).toContain('fault-injected');
  });

  it('refuses a lastEventId no event has had: a serialized BAD_REQUEST error on the stream, by input or header', async () => {
    const base = await serve();
    const bogus = ((await latestEventId(db().kysely)) + 1_000n).toString();
    for (const [input, headers] of [
      [{ lastEventId: bogus }, {}],
      [{}, { 'last-event-id': bogus }],
    ] as const) {
      const s = await sse(base, input, headers);
      const error = await s.untilEvent('serialized-error');
      const shape = JSON.parse(error.data!) as { message: string; data: { code: string } };
      expect(shape.data.code).toBe('BAD_REQUEST');
      expect(shape.message).toMatch(/after the newest event/);
      expect(s.frames).toEqual([]);
      s.close();
    }
  });

  // The ping is the transport's, not the database's: defined once, on PGlite, to save 5 s.
  if (kind === 'pglite')
    it('pings a quiet stream (every 5 s), so proxies keep it and clients notice a dead one', async () => {
      const base = await serve();
      const s = await sse(base, {});
      const ping = await s.untilEvent('ping', 7_000);
      expect(ping.event).toBe('ping');
      expect(s.frames).toHaveLength(1);
    });
});
