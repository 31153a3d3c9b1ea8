/**
 * The embedded database, run in a worker thread (worker.ts), seen from the server's
 * thread through the part of PGlite's interface that Kysely's PGliteDialect uses:
 * `query`, `transaction`, `close` and the ready and closed flags. Statements and
 * results cross by structured clone (a Buffer parameter arrives as a Uint8Array, which
 * PGlite sends as bytea all the same).
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { Worker } from 'node:worker_threads';
import { tsWorkerSource } from '../../worker-source.ts';
import {
  rebuiltError,
  type PgliteReply,
  type PgliteRequest,
  type PgliteStarted,
  type QueryResult,
} from './protocol.ts';

const WORKER_URL = new URL('./worker.ts', import.meta.url).href;

type Pending = {
  resolve(result: QueryResult | undefined): void;
  reject(err: Error): void;
  /** performance.now() when it was sent. */
  sentAt: number;
};
type Body = PgliteRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

export interface RemotePglite {
  /** What Kysely's PGliteDialect takes. */
  pglite: PGlite;
  /**
   * Known without asking the worker (which answers nothing while a statement runs):
   * whether it lives, and how long the oldest request in flight has waited, ms (0: none).
   */
  state(): { alive: boolean; busyMs: number };
}

/**
 * Opens PGlite on `dataDir` in a worker (a new one from `template`: create.ts); rejects as
 * PGlite.create would (a locked directory, say).
 */
export async function openRemotePglite(dataDir: string, template?: string): Promise<RemotePglite> {
  const worker = new Worker(tsWorkerSource(WORKER_URL), {
    eval: true,
    execArgv: [],
    workerData: { dataDir, template },
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let failure: Error | undefined;

  const started = await new Promise<PgliteStarted>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (!started.started) {
    await worker.terminate();
    throw rebuiltError(started.error);
  }
  worker.on('message', (reply: PgliteReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.result);
    else waiting?.reject(rebuiltError(reply.error));
  });
  // A worker that dies takes the database with it: every call from then on fails.
  const die = (err: Error) => {
    failure = new Error('the embedded database stopped', { cause: err });
    closed = true;
    for (const waiting of pending.values()) waiting.reject(failure);
    pending.clear();
  };
  worker.on('error', die);
  worker.once('exit', (code) => die(new Error(`its worker exited with code ${code}`)));

  const post = (id: number, body: Body): Promise<QueryResult | undefined> => {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, sentAt: performance.now() });
      worker.postMessage({ ...body, id });
    });
  };
  const send = (body: Body) => post(nextId++, body);
  const query = async (sql: string, params: unknown[] = [], tx?: number) =>
    (await send({ op: 'query', sql, params, ...(tx !== undefined && { tx }) }))!;

  const remote = {
    get closed() {
      return closed;
    },
    ready: true,
    waitReady: Promise.resolve(),
    query: (sql: string, params?: unknown[]) => query(sql, params),
    async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
      // The transaction is known by its begin request's id.
      const id = nextId++;
      await post(id, { op: 'begin' });
      let result: T;
      try {
        result = await callback({
          query: (sql: string, params?: unknown[]) => query(sql, params, id),
        } as unknown as Transaction);
      } catch (e) {
        await send({ op: 'end', tx: id, commit: false }).catch(() => undefined);
        throw e;
      }
      await send({ op: 'end', tx: id, commit: true });
      return result;
    },
    async close() {
      if (closed) return;
      await send({ op: 'close' });
      closed = true;
      await worker.terminate();
    },
  };
  return {
    pglite: remote as unknown as PGlite,
    state() {
      // Map order is insertion order: the first entry is the oldest.
      const oldest = pending.values().next().value;
      return {
        alive: failure === undefined,
        busyMs: oldest ? Math.round(performance.now() - oldest.sentAt) : 0,
      };
    },
  };
}
