/**
 * One subscriber's stream of events: the events after the
 * id it names (read from the table), then the live ones, each exactly once
 * and in id order, as frames whose id is that of their last event (the SSE
 * event id; a client that reconnects with it as lastEventId misses nothing
 * and sees nothing twice). A reader that falls behind the live feed is not
 * dropped: it reads what it missed from the table and rejoins.
 */
import type { EventFrame, EventRecord } from '@vmmi/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EventHub } from './event-hub.ts';
import { readEventsAfter } from '../db/run-repo.ts';

const REPLAY_PAGE = 1_000;

export interface StreamOptions {
  /** Some runs' events (one migration's, a plan's), or all events. */
  migrationIds?: readonly string[];
  /** Deliver events after this id; null: from the start for chosen runs, from now for all. */
  after: bigint | null;
  signal: AbortSignal;
}

export async function* streamEvents(
  hub: EventHub,
  db: Kysely<Database>,
  opts: StreamOptions,
): AsyncGenerator<{ id: string; frame: EventFrame }> {
  const sub = hub.subscribe(opts.migrationIds);
  try {
    let last: bigint;
    if (opts.after !== null) last = opts.after;
    else if (opts.migrationIds !== undefined) last = 0n;
    else {
      // A first frame with no events gives the client an id to resume from, even if it drops before any event.
      last = sub.from;
      yield { id: last.toString(), frame: { events: [] } };
    }
    const replay = async function* (upTo: bigint) {
      for (;;) {
        const page = await readEventsAfter(db, last, {
          migrationIds: opts.migrationIds,
          upTo,
          limit: REPLAY_PAGE,
        });
        if (page.length === 0) return;
        last = BigInt(page.at(-1)!.id);
        yield { id: last.toString(), frame: { events: page } };
        if (page.length < REPLAY_PAGE) return;
      }
    };
    yield* replay(sub.from);

    while (!opts.signal.aborted) {
      const next = await sub.next(opts.signal);
      if (next === 'closed') return;
      if (next === 'overflow') {
        yield* replay(sub.resume());
        continue;
      }
      const events = after(next.events, last);
      if (events.length === 0) continue;
      last = BigInt(events.at(-1)!.id);
      yield {
        id: last.toString(),
        frame: events === next.events ? next : { events, publishedAt: next.publishedAt },
      };
    }
  } finally {
    sub.close();
  }
}

function after(events: EventRecord[], last: bigint): EventRecord[] {
  if (events.length === 0 || BigInt(events[0]!.id) > last) return events;
  return events.filter((e) => BigInt(e.id) > last);
}
