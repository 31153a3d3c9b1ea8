/**
 * The parser worker: one task at a time from the pool (parse-pool.ts), answered with one
 * reply. It holds no state between tasks, so the pool may terminate it at any point.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { importClab, type ParseResult } from '@vmmi/shared';
import { estateDigest } from '../../audit/estate-digest.ts';
import { checkYamlText, parseEstateTextWithin, parseEstateWithin } from './decode.ts';
import { ImportLimitError, type DocumentLimits } from './limits.ts';
import type { EstateOutcome, ParseReply, ParseTask } from './protocol.ts';
import { createTaskAssembler, type TaskPart } from './task-parts.ts';

const limits = workerData as DocumentLimits;

function serialized(parsed: ParseResult): EstateOutcome {
  if (!parsed.ok) return parsed;
  const { estate } = parsed;
  // Not Buffer.from: a small one shares Node's pool, and its buffer is transferred below.
  const utf8 = new TextEncoder().encode(JSON.stringify(estate));
  const digest = estateDigest(estate, null);
  return { ok: true, estate: { id: estate.id, name: estate.name, utf8, digest } };
}

type Outcome = DistributiveOmit<ParseReply, 'heapUsed'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const NOT_UTF8 = { path: '(file)', message: 'not valid UTF-8 text' };

/** The bytes as text, or undefined when they are not UTF-8. */
function utf8(chunks: Uint8Array[]): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return undefined;
  }
}

function perform(task: ParseTask): Outcome {
  switch (task.kind) {
    case 'text':
      return { kind: 'estate', outcome: serialized(parseEstateTextWithin(task.text, limits)) };
    case 'document':
      return { kind: 'estate', outcome: serialized(parseEstateWithin(task.doc, limits)) };
    case 'file': {
      const text = utf8(task.chunks);
      if (text === undefined) return { kind: 'estate', outcome: { ok: false, issues: [NOT_UTF8] } };
      return { kind: 'estate', outcome: serialized(parseEstateTextWithin(text, limits)) };
    }
    case 'clab':
      checkYamlText(task.yaml, limits);
      return { kind: 'clab', result: importClab(task.yaml) };
  }
}

const assemble = createTaskAssembler();

parentPort!.on('message', (part: TaskPart) => {
  const task = assemble(part);
  if (!task) return;
  let reply: Outcome;
  try {
    reply = perform(task);
  } catch (e) {
    // Anything else is a fault of ours: it surfaces as the worker's error event.
    if (!(e instanceof ImportLimitError)) throw e;
    reply = { kind: 'refused', limit: e.limit, detail: e.detail };
  }
  const transfer =
    reply.kind === 'estate' && reply.outcome.ok
      ? [reply.outcome.estate.utf8.buffer as ArrayBuffer]
      : [];
  parentPort!.postMessage({ ...reply, heapUsed: process.memoryUsage().heapUsed }, transfer);
});
