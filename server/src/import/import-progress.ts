/**
 * How far an import has got, for the dialog to show while it waits (R21): the
 * client picks an id, follows it (`estate.importProgress`, a subscription that
 * carries no secret in its URL) and passes it to the import call, which
 * publishes each page it reads. In memory, per server instance: progress is
 * what the call's own server reports, and the import's result does not depend
 * on it.
 */
import { z } from 'zod';
import type { FetchProgress } from './netbox/fetch.ts';

export const ProgressIdSchema = z.string().uuid();

export interface ImportProgress extends FetchProgress {
  /** Set on the last event of an import, whatever its outcome. */
  done: boolean;
}

type Listener = (p: ImportProgress) => void;

export class ImportProgressHub {
  private readonly latest = new Map<string, ImportProgress>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly keepMs = 60_000) {}

  publish(id: string, p: FetchProgress): void {
    this.emit(id, { ...p, done: false });
  }

  /** The import ended; its followers stop after this event, and the id is forgotten later. */
  finish(id: string): void {
    const last = this.latest.get(id) ?? { endpoint: '', fetched: 0, count: 0, done: false };
    this.emit(id, { ...last, done: true });
    setTimeout(() => {
      if (this.latest.get(id)?.done) this.latest.delete(id);
    }, this.keepMs).unref();
  }

  /**
   * The import's progress from now on, starting with the latest event if there is one;
   * ends after its last event, when `signal` aborts, or after `idleMs` without an event.
   */
  async *follow(id: string, signal: AbortSignal, idleMs = 60_000): AsyncGenerator<ImportProgress> {
    const queue: ImportProgress[] = [];
    let wake: (() => void) | null = null;
    const listener: Listener = (p) => {
      queue.push(p);
      wake?.();
    };
    const set = this.listeners.get(id) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(id, set);
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      const first = this.latest.get(id);
      if (first) queue.push(first);
      for (;;) {
        while (queue.length > 0) {
          const p = queue.shift()!;
          yield p;
          if (p.done) return;
        }
        if (signal.aborted) return;
        const idle = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = null;
        if (idle && queue.length === 0) return;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    }
  }

  private emit(id: string, p: ImportProgress): void {
    this.latest.set(id, p);
    for (const l of this.listeners.get(id) ?? []) l(p);
  }
}

/** This server's imports. */
export const importProgress = new ImportProgressHub();
