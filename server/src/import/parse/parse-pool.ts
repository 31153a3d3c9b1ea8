/**
 * The parser pool: estate files are parsed in worker threads, so the server's event loop
 * keeps answering (health checks, other clients) while a big import is read. At most
 * `concurrency` parses run at once, `queueLength` wait their turn, and the rest are told
 * the server is busy. A parse past `timeoutMs`, or a worker that runs out of its heap, is
 * refused with that limit named; its worker is gone and a fresh one serves the next.
 */
import type { ClabImportResult } from '@vmmi/shared';
import { Worker } from 'node:worker_threads';
import { checkSize } from './decode.ts';
import {
  IMPORT_LIMITS,
  ImportLimitError,
  type DocumentLimits,
  type ImportLimits,
} from './limits.ts';
import type { EstateOutcome, ParseReply, ParseTask } from './protocol.ts';
import { postInParts } from './task-parts.ts';
import { tsWorkerSource } from '../../worker-source.ts';

const PARSE_WORKER_URL = new URL('./parse-worker.ts', import.meta.url).href;

export interface ParsePool {
  /** An estate file's text (JSON or YAML) → the serialized estate, or its issues. */
  parseText(text: string): Promise<EstateOutcome>;
  /** An estate file's bytes (UTF-8; their size checked already) → the serialized estate, or its issues. */
  parseFile(chunks: Uint8Array[]): Promise<EstateOutcome>;
  /** A decoded document → the serialized estate, or its issues. */
  parseDocument(doc: unknown): Promise<EstateOutcome>;
  /** A containerlab topology → the estate it makes and the import's report (shared's importClab). */
  importClab(yaml: string): Promise<ClabImportResult>;
  /** Starts a worker ahead of the first import, which then need not wait for one to start. */
  warm(): void;
  /** Terminates the workers and refuses the imports still waiting. */
  close(): Promise<void>;
}

/** A worker whose heap grew past this is retired, so its memory goes back to the system. */
const RETIRE_AT_HEAP_BYTES = 64 * 1024 * 1024;

const ignore = () => undefined;

export function createParsePool(overrides: Partial<ImportLimits> = {}): ParsePool {
  const limits: ImportLimits = { ...IMPORT_LIMITS, ...overrides };
  const documentLimits: DocumentLimits = {
    maxBytes: limits.maxBytes,
    maxDepth: limits.maxDepth,
    maxNodes: limits.maxNodes,
    maxAliasCount: limits.maxAliasCount,
  };
  const idle: Worker[] = [];
  const busy = new Set<Worker>();
  const waiting: { go(): void; refuse(e: Error): void }[] = [];
  let running = 0;
  let closed = false;

  const closedError = () => new Error('the import parser is shut down');

  async function takeTurn(): Promise<void> {
    if (closed) throw closedError();
    if (running < limits.concurrency) {
      running++;
      return;
    }
    if (waiting.length >= limits.queueLength)
      throw new ImportLimitError(
        'busy',
        `server busy: ${running} imports are being parsed and ${waiting.length} wait; retry later`,
      );
    // The turn is handed over by endTurn, so `running` stays as it is.
    await new Promise<void>((go, refuse) => waiting.push({ go, refuse }));
  }

  function endTurn(): void {
    const next = waiting.shift();
    if (next) next.go();
    else running--;
  }

  function spawn(): Worker {
    const worker = new Worker(tsWorkerSource(PARSE_WORKER_URL), {
      eval: true,
      execArgv: [],
      workerData: documentLimits,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    });
    // An idle worker must not keep the process alive; one that dies idle (its start failed)
    // leaves the pool, and its error goes to the task it was running, if any.
    worker.unref();
    worker.on('error', ignore).once('exit', () => {
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
    });
    return worker;
  }

  function onWorker(task: ParseTask): Promise<ParseReply> {
    const worker = idle.pop() ?? spawn();
    busy.add(worker);
    return new Promise<ParseReply>((resolve, reject) => {
      const settle = (reusable: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        busy.delete(worker);
        if (reusable && !closed) {
          idle.push(worker);
          return;
        }
        void worker.terminate();
      };
      const onMessage = (reply: ParseReply) => {
        settle(reply.heapUsed < RETIRE_AT_HEAP_BYTES);
        resolve(reply);
      };
      const onError = (err: Error & { code?: string }) => {
        settle(false);
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportLimitError(
                'memory',
                `parsing it took more than the ${limits.memoryMb} MiB a parse may use`,
              )
            : err,
        );
      };
      const onExit = (code: number) => {
        settle(false);
        reject(new Error(`the import parser stopped (exit code ${code})`));
      };
      const timer = setTimeout(() => {
        settle(false);
        reject(new ImportLimitError('time', `parsing it took longer than ${limits.timeoutMs} ms`));
      }, limits.timeoutMs);
      timer.unref();
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      postInParts(worker, task).catch(onError);
    });
  }

  async function run(task: ParseTask): Promise<ParseReply> {
    await takeTurn();
    try {
      const reply = await onWorker(task);
      if (reply.kind === 'refused') throw new ImportLimitError(reply.limit, reply.detail);
      return reply;
    } finally {
      endTurn();
    }
  }

  const estateOf = (reply: ParseReply): EstateOutcome => {
    if (reply.kind !== 'estate') throw new Error(`the import parser answered ${reply.kind}`);
    return reply.outcome;
  };

  return {
    async parseText(text) {
      checkSize(text, limits);
      return estateOf(await run({ kind: 'text', text }));
    },
    async parseFile(chunks) {
      return estateOf(await run({ kind: 'file', chunks }));
    },
    async parseDocument(doc) {
      return estateOf(await run({ kind: 'document', doc }));
    },
    async importClab(yaml) {
      checkSize(yaml, limits);
      const reply = await run({ kind: 'clab', yaml });
      if (reply.kind !== 'clab') throw new Error(`the import parser answered ${reply.kind}`);
      return reply.result;
    },
    warm() {
      if (!closed && idle.length + busy.size === 0) idle.push(spawn());
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w.refuse(closedError());
      await Promise.all([...idle.splice(0), ...busy].map((w) => w.terminate()));
    },
  };
}

let shared: ParsePool | undefined;

/** The server's pool, with the default limits (IMPORT_LIMITS), made on first use with a worker started. */
export function importParser(): ParsePool {
  if (!shared) {
    shared = createParsePool();
    shared.warm();
  }
  return shared;
}
