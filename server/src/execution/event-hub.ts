/**
 * In-process fan-out of stored events to the subscribers of this instance.
 * Events reach the hub in id order only: the events this instance wrote are
 * handed over after their commit; events written by other instances
 * (PostgreSQL) are read from the table when NOTIFY says there are new ones,
 * and by a slow poll that covers a lost notification. When a local batch does
 * not follow on from what the hub has delivered, the gap is read from the
 * table first, so subscribers always see ids in increasing order.
 */
import type { EventFrame, EventRecord } from '@vmmi/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { latestEventId, readEventsAfter } from '../db/run-repo.ts';

/** Frames a subscriber may fall behind by before it is switched to reading from the table. */
export const SUBSCRIBER_QUEUE_LIMIT = 2_000;
const PAGE = 5_000;

export interface Subscription {
  /** The last id the hub had delivered when this subscription began: live frames follow it. */
  readonly from: bigint;
  /** The next frame, or 'overflow' when frames were dropped because the reader fell behind. */
  next(signal: AbortSignal): Promise<EventFrame | 'overflow' | 'closed'>;
  /** After an overflow: frames from now on are live again; the reader re-reads (its last, `from`] itself. */
  resume(): bigint;
  close(): void;
}

interface Subscriber {
  /** The runs it follows; every event when undefined. */
  migrationIds: ReadonlySet<string> | undefined;
  queue: EventFrame[];
  overflowed: boolean;
  wake: (() => void) | null;
}

export class EventHub {
  private cursor = 0n;
  private readonly subscribers = new Set<Subscriber>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (err: unknown) => void,
  ) {}

  async init(): Promise<void> {
    this.cursor = await latestEventId(this.db);
  }

  /** The newest id delivered to subscribers. */
  get deliveredUpTo(): bigint {
    return this.cursor;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Events this instance has just committed, in id order. */
  deliverLocal(records: readonly EventRecord[]): Promise<void> {
    return this.enqueue(async () => {
      if (records.length === 0) return;
      const first = BigInt(records[0]!.id);
      if (first > this.cursor + 1n) await this.readFromTable(first - 1n);
      this.deliver(records.filter((r) => BigInt(r.id) > this.cursor));
    });
  }

  /** Reads whatever is in the table past the cursor (after a NOTIFY, or on the poll). */
  catchUp(): Promise<void> {
    return this.enqueue(() => this.readFromTable(undefined));
  }

  /** Live frames from now on: every event, or only those of the given runs. */
  subscribe(migrationIds?: readonly string[]): Subscription {
    const sub: Subscriber = {
      migrationIds: migrationIds && new Set(migrationIds),
      queue: [],
      overflowed: false,
      wake: null,
    };
    this.subscribers.add(sub);
    const from = this.cursor;
    return {
      from,
      next: (signal) => {
        if (sub.overflowed) return Promise.resolve('overflow');
        const head = sub.queue.shift();
        if (head) return Promise.resolve(head);
        if (signal.aborted || this.closed || !this.subscribers.has(sub))
          return Promise.resolve('closed');
        return new Promise((resolve) => {
          const onAbort = () => {
            sub.wake = null;
            resolve('closed');
          };
          signal.addEventListener('abort', onAbort, { once: true });
          sub.wake = () => {
            sub.wake = null;
            signal.removeEventListener('abort', onAbort);
            if (sub.overflowed) resolve('overflow');
            else if (!this.subscribers.has(sub)) resolve('closed');
            else resolve(sub.queue.shift()!);
          };
        });
      },
      resume: () => {
        sub.overflowed = false;
        sub.queue = [];
        return this.cursor;
      },
      close: () => {
        this.subscribers.delete(sub);
        sub.wake?.();
      },
    };
  }

  close(): void {
    this.closed = true;
    for (const sub of this.subscribers) {
      this.subscribers.delete(sub);
      sub.wake?.();
    }
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.chain.then(work).catch((err: unknown) => this.onError(err));
    this.chain = run;
    return run;
  }

  private async readFromTable(upTo: bigint | undefined): Promise<void> {
    for (;;) {
      const page = await readEventsAfter(this.db, this.cursor, { upTo, limit: PAGE });
      this.deliver(page);
      if (page.length < PAGE) return;
    }
  }

  private deliver(records: readonly EventRecord[]): void {
    if (records.length === 0) return;
    this.cursor = BigInt(records.at(-1)!.id);
    const publishedAt = new Date().toISOString();
    const frame: EventFrame = { events: records as EventRecord[], publishedAt };
    // Each run's events by position, so a subscriber of a few runs picks its own out of a
    // thousand-event tick without testing every event.
    let byRun: Map<string, number[]> | undefined;
    for (const sub of this.subscribers) {
      if (sub.overflowed) continue;
      let f = frame;
      const ids = sub.migrationIds;
      if (ids !== undefined) {
        byRun ??= positionsByRun(records);
        const at: number[] = [];
        for (const id of ids) {
          const positions = byRun.get(id);
          if (positions) for (const i of positions) at.push(i);
        }
        if (at.length === 0) continue;
        if (ids.size > 1) at.sort((x, y) => x - y);
        f = { events: at.map((i) => records[i]!), publishedAt };
      }
      if (sub.queue.length >= SUBSCRIBER_QUEUE_LIMIT) {
        sub.overflowed = true;
        sub.queue = [];
      } else sub.queue.push(f);
      sub.wake?.();
    }
  }
}

function positionsByRun(records: readonly EventRecord[]): Map<string, number[]> {
  const byRun = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (r.scope !== 'migration') return;
    const positions = byRun.get(r.migrationId);
    if (positions) positions.push(i);
    else byRun.set(r.migrationId, [i]);
  });
  return byRun;
}
