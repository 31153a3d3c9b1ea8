/**
 * The embedded database in a thread of its own. PGlite runs PostgreSQL compiled to
 * WebAssembly on the thread that calls it: in the server's thread, writing a 50 MB
 * estate held the event loop for 4.6 s, and no health check or stream answered
 * meanwhile. Here it holds only this thread. Each request is served as it arrives, so
 * PGlite's own locks order statements and transactions exactly as they would in-process.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';
import {
  errorFields,
  type PgliteReply,
  type PgliteRequest,
  type PgliteStarted,
  type QueryResult,
} from './protocol.ts';
import { createPglite } from './create.ts';

const port = parentPort!;
const { dataDir, template } = workerData as { dataDir: string; template?: string };

interface OpenTransaction {
  tx: Transaction;
  /** Ends the transaction's callback: true commits, false rolls back. */
  end(commit: boolean): void;
  /** PGlite's transaction promise: settles once the transaction has committed or rolled back. */
  closed: Promise<unknown>;
}

/** Thrown in a transaction's callback so that PGlite rolls it back. */
class Rollback extends Error {}

let db: PGlite;
const transactions = new Map<number, OpenTransaction>();

const reply = (message: PgliteReply) => port.postMessage(message);

async function query(sql: string, params: unknown[], tx?: number): Promise<QueryResult> {
  const on = tx === undefined ? db : transactions.get(tx)?.tx;
  if (!on) throw new Error(`no open transaction ${tx}`);
  const { rows, affectedRows } = await on.query(sql, params, { rowMode: 'object' });
  return { rows, ...(affectedRows !== undefined && { affectedRows }) };
}

/** Resolves once the transaction is open and registered under `id`. */
function begin(id: number): Promise<void> {
  return new Promise((opened, failed) => {
    let end!: (commit: boolean) => void;
    const ended = new Promise<boolean>((resolve) => (end = resolve));
    const closed = db.transaction(async (tx) => {
      transactions.set(id, { tx, end, closed });
      opened();
      if (!(await ended)) throw new Rollback('rolled back');
    });
    closed.catch(failed);
  });
}

async function end(tx: number, commit: boolean): Promise<void> {
  const open = transactions.get(tx);
  if (!open) throw new Error(`no open transaction ${tx}`);
  transactions.delete(tx);
  open.end(commit);
  try {
    await open.closed;
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
}

async function serve(request: PgliteRequest): Promise<QueryResult | undefined> {
  switch (request.op) {
    case 'query':
      return query(request.sql, request.params, request.tx);
    case 'begin':
      return void (await begin(request.id));
    case 'end':
      return void (await end(request.tx, request.commit));
    case 'close':
      return void (await db.close());
  }
}

try {
  // create() waits until the files are opened, so a locked or corrupt directory fails here.
  db = await createPglite(dataDir, template);
  port.postMessage({ started: true } satisfies PgliteStarted);
} catch (e) {
  port.postMessage({ started: false, error: errorFields(e) } satisfies PgliteStarted);
}

port.on('message', (request: PgliteRequest) => {
  serve(request).then(
    (result) => reply({ id: request.id, ok: true, ...(result && { result }) }),
    (e: unknown) => reply({ id: request.id, ok: false, error: errorFields(e) }),
  );
});
