/**
 * The parser worker: one task at a time from the pool (parse-pool.ts), answered with one
 * reply. It holds no state between tasks, so the pool may terminate it at any point.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { importClab, type ParseResult } from '@vmmi/shared';
import { checkYamlText, parseEstateTextWithin, parseEstateWithin } from './decode.ts';
import { ImportLimitError, type DocumentLimits } from './limits.ts';
import type { EstateOutcome, ParseReply, ParseTask } from './protocol.ts';

const limits = workerData as DocumentLimits;

function serialized(parsed: ParseResult): EstateOutcome {
  if (!parsed.ok) return parsed;
  const { estate } = parsed;
  return { ok: true, estate: { id: estate.id, name: estate.name, json: JSON.stringify(estate) } };
}

type Outcome = DistributiveOmit<ParseReply, 'heapUsed'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function perform(task: ParseTask): Outcome {
  switch (task.kind) {
    case 'text':
      return { kind: 'estate', outcome: serialized(parseEstateTextWithin(task.text, limits)) };
    case 'document':
      return { kind: 'estate', outcome: serialized(parseEstateWithin(task.doc, limits)) };
    case 'clab':
      checkYamlText(task.yaml, limits);
      return { kind: 'clab', result: importClab(task.yaml) };
  }
}

parentPort!.on('message', (task: ParseTask) => {
  let reply: Outcome;
  try {
    reply = perform(task);
  } catch (e) {
    // Anything else is a fault of ours: it surfaces as the worker's error event.
    if (!(e instanceof ImportLimitError)) throw e;
    reply = { kind: 'refused', limit: e.limit, detail: e.detail };
  }
  parentPort!.postMessage({ ...reply, heapUsed: process.memoryUsage().heapUsed });
});
