/**
 * Streaming a server's events as JSON lines (`vmmi events`, `vmmi migrate
 * --follow`): one EventRecord per line, in id order, each once. A dropped
 * connection is re-established by the EventSource, which sends the last id it
 * saw; a stream the server ended (a graceful restart) is subscribed again from
 * the last id printed.
 */
import type { EventRecord } from '@vmmi/shared';
import type { Api } from './client.ts';
import { EXIT, exitCodeOfEvent, type Io } from './remote-io.ts';

/** Wait before subscribing again after the server ended a stream. */
const RESUBSCRIBE_MS = 1_000;

export interface FollowOptions {
  /** One migration's events, ending with its last one; all events, until `signal`, when absent. */
  migrationId?: string;
  /** Only events after this id. */
  after?: string | null;
  signal?: AbortSignal;
}

/**
 * Prints events until the followed migration ends (its exit code: 0
 * succeeded, 3 rolled back, 4 failed) or `signal` aborts (0). Rejects with the
 * subscription's error when the server refuses it.
 */
export async function followEvents(api: Api, io: Io, opts: FollowOptions): Promise<number> {
  let last = opts.after ?? null;
  for (;;) {
    const end = await subscribeOnce(api, io, { ...opts, after: last }, (id) => (last = id));
    if (end.kind === 'done') return end.code;
    // The server ended the stream without the run ending: it is shutting down. Resume after it.
    if (opts.signal?.aborted) return EXIT.ok;
    await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_MS));
    if (opts.signal?.aborted) return EXIT.ok;
  }
}

type End = { kind: 'done'; code: number } | { kind: 'completed' };

function subscribeOnce(
  api: Api,
  io: Io,
  opts: FollowOptions,
  seen: (id: string) => void,
): Promise<End> {
  return new Promise<End>((resolve, reject) => {
    let finished = false;
    // Lines are written one after another, in the order the events came.
    let written: Promise<void> = Promise.resolve();
    const finish = (end: End | Error) => {
      if (finished) return;
      finished = true;
      sub.unsubscribe();
      opts.signal?.removeEventListener('abort', onAbort);
      written.then(() => (end instanceof Error ? reject(end) : resolve(end)), reject);
    };
    const onAbort = () => finish({ kind: 'done', code: EXIT.ok });
    const print = (record: EventRecord) => {
      written = written.then(() => io.out(JSON.stringify(record)));
    };
    const sub = api.migrations.events.subscribe(
      { migrationId: opts.migrationId, lastEventId: opts.after ?? null },
      {
        onData: ({ id, data: frame }) => {
          if (finished) return;
          // The frame's id is its last event's (or, for the first frame of all events, where "now" is).
          seen(id);
          for (const record of frame.events) {
            print(record);
            if (opts.migrationId === undefined || record.scope !== 'migration') continue;
            const code = exitCodeOfEvent(record.event.type);
            if (code !== null) return finish({ kind: 'done', code });
          }
        },
        onError: (err) => finish(err),
        onComplete: () => finish({ kind: 'completed' }),
      },
    );
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
