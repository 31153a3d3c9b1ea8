/**
 * What the import load test measures on a real server process: how its health endpoint
 * answers meanwhile, and the process's peak resident memory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface HealthRecord {
  answers: number;
  /** Answers that were not 200, or requests that failed. */
  failures: string[];
  maxLatencyMs: number;
}

/**
 * The poller's loop, run in a worker thread of its own: the test's thread builds and then
 * drops a 50 MB estate, and its garbage collection must not count as the server's latency.
 */
const POLLER = `
const { parentPort, workerData: { url, everyMs } } = require('node:worker_threads');
const record = { answers: 0, failures: [], maxLatencyMs: 0 };
let stopped = false;
parentPort.once('message', () => (stopped = true));
(async () => {
  while (!stopped) {
    const started = performance.now();
    try {
      const res = await fetch(url + '/api/health', { signal: AbortSignal.timeout(30000) });
      await res.arrayBuffer();
      if (res.status !== 200) record.failures.push('status ' + res.status);
    } catch (e) {
      record.failures.push(e.message);
    }
    const latency = performance.now() - started;
    record.answers++;
    record.maxLatencyMs = Math.max(record.maxLatencyMs, latency);
    await new Promise((r) => setTimeout(r, Math.max(0, everyMs - latency)));
  }
  parentPort.postMessage(record);
})();
`;

/** GETs /api/health every `everyMs` (one request at a time) until stopped. */
export function pollHealth(url: string, everyMs = 100): { stop(): Promise<HealthRecord> } {
  const worker = new Worker(POLLER, { eval: true, workerData: { url, everyMs } });
  const done = new Promise<HealthRecord>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const record = await done;
      await worker.terminate();
      return record;
    },
  };
}

/**
 * Starts a process's peak resident set afresh (Linux: 5 to /proc/<pid>/clear_refs), so the
 * peak read next is that of what it did since: the server's own start peaks at ~860 MiB.
 */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** The peak resident set of a process (VmHWM in /proc/<pid>/status), MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** POSTs a tRPC mutation's input (JSON text, or bytes for an octet-stream input); the answer's status and JSON. */
export async function mutate(
  url: string,
  path: string,
  body: string | Uint8Array,
  authorization: string,
): Promise<{ status: number; json: { error?: { message: string; data: { code: string } } } }> {
  const type = typeof body === 'string' ? 'application/json' : 'application/octet-stream';
  const res = await fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': type, authorization },
    body,
  });
  return { status: res.status, json: (await res.json()) as never };
}
