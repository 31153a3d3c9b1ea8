/**
 * A task crosses to its worker in parts: postMessage copies its whole payload in one go on
 * the event loop (over half a second for a 50 MB string on this machine), while parts of
 * about a megabyte, with a turn of the loop between them, cost it a few ms each.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ParseTask } from './protocol.ts';

/** UTF-16 units of text per part. */
const CHARS_PER_PART = 1 << 20;
/** Array items per part (an estate's VMs run about 250 bytes each). */
const ITEMS_PER_PART = 4096;

export type TaskPart =
  /** More of the task's text. */
  | { part: 'chars'; chars: string }
  /** More of the task's bytes. */
  | { part: 'bytes'; bytes: Uint8Array }
  /** One field of a document (an object). */
  | { part: 'field'; key: string; value: unknown }
  /** More items of a document's array field. */
  | { part: 'items'; key: string; items: unknown[] }
  /** The last part: run the task. `whole` is a document that is not an object. */
  | { part: 'run'; kind: ParseTask['kind']; whole?: unknown };

interface Port {
  postMessage(message: TaskPart): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Posts a task in parts, yielding the event loop between them. */
export async function postInParts(port: Port, task: ParseTask): Promise<void> {
  if (task.kind === 'document' && !isRecord(task.doc)) {
    port.postMessage({ part: 'run', kind: task.kind, whole: task.doc });
    return;
  }
  if (task.kind === 'document') {
    for (const [key, value] of Object.entries(task.doc as Record<string, unknown>)) {
      if (!Array.isArray(value)) {
        port.postMessage({ part: 'field', key, value });
        continue;
      }
      port.postMessage({ part: 'items', key, items: [] });
      for (let at = 0; at < value.length; at += ITEMS_PER_PART) {
        await nextTurn();
        port.postMessage({ part: 'items', key, items: value.slice(at, at + ITEMS_PER_PART) });
      }
    }
  } else if (task.kind === 'file') {
    for (const [i, bytes] of task.chunks.entries()) {
      if (i) await nextTurn();
      port.postMessage({ part: 'bytes', bytes });
    }
  } else {
    const text = task.kind === 'text' ? task.text : task.yaml;
    for (let at = 0; at < text.length; at += CHARS_PER_PART) {
      if (at) await nextTurn();
      port.postMessage({ part: 'chars', chars: text.slice(at, at + CHARS_PER_PART) });
    }
  }
  port.postMessage({ part: 'run', kind: task.kind });
}

/** defineProperty, so a field named __proto__ stays a field, as JSON.parse made it. */
function setField(doc: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(doc, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The worker's side: parts in, the whole task out once its last part has come. */
export function createTaskAssembler(): (part: TaskPart) => ParseTask | undefined {
  let chars: string[] = [];
  let bytes: Uint8Array[] = [];
  let doc: Record<string, unknown> = {};
  return (part) => {
    switch (part.part) {
      case 'chars':
        chars.push(part.chars);
        return undefined;
      case 'bytes':
        bytes.push(part.bytes);
        return undefined;
      case 'field':
        setField(doc, part.key, part.value);
        return undefined;
      case 'items': {
        const items = Object.hasOwn(doc, part.key) ? (doc[part.key] as unknown[]) : undefined;
        if (items) for (const item of part.items) items.push(item);
        else setField(doc, part.key, part.items);
        return undefined;
      }
      case 'run': {
        const text = chars.join('');
        const tasks = {
          text: { kind: 'text', text },
          clab: { kind: 'clab', yaml: text },
          file: { kind: 'file', chunks: bytes },
          document: { kind: 'document', doc: 'whole' in part ? part.whole : doc },
        } as const;
        const task = tasks[part.kind];
        chars = [];
        bytes = [];
        doc = {};
        return task;
      }
    }
  };
}
