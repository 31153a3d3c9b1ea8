// The event log: ids in commit order, read back in numeric order (issue 5, item 2).
import { describe, expect, it } from 'vitest';
import { appendEvents, latestEventId, readEventsAfter } from '../../src/execution/event-store.ts';
import { BACKENDS, useTestDb } from '../backends.ts';

const fault = (i: number) => ({
  migrationId: null,
  event: {
    type: 'fault-cleared' as const,
    faultId: `f-${i}`,
    estateId: null,
    fault: { kind: 'stuck-progress' as const, migrationId: `m-${i}` },
  },
});

describe.each(BACKENDS)('event store on %s', (_kind, open) => {
  const db = useTestDb(open);

  it('reads events back in numeric id order past 9 → 10 (not as text), after and up to given ids', async () => {
    const k = db().kysely;
    const written = await k.transaction().execute((trx) =>
      appendEvents(
        trx,
        Array.from({ length: 25 }, (_, i) => fault(i)),
        false,
      ),
    );
    const ids = written.map((r) => BigInt(r.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    const start = ids[0]! - 1n;
    const all = await readEventsAfter(k, start, { limit: 100 });
    expect(all.map((r) => r.id)).toEqual(written.map((r) => r.id));
    const some = await readEventsAfter(k, ids[4]!, { upTo: ids[14]!, limit: 100 });
    expect(some.map((r) => r.id)).toEqual(written.slice(5, 15).map((r) => r.id));
    const page = await readEventsAfter(k, start, { limit: 12 });
    expect(page.map((r) => r.id)).toEqual(written.slice(0, 12).map((r) => r.id));
    expect(await latestEventId(k)).toBe(ids.at(-1));
  });

  it('stores nothing when the transaction rolls back', async () => {
    const k = db().kysely;
    const before = await latestEventId(k);
    await expect(
      k.transaction().execute(async (trx) => {
        await appendEvents(trx, [fault(1)], false);
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect(await readEventsAfter(k, before, { limit: 10 })).toEqual([]);
    expect(await latestEventId(k)).toBe(before);
  });

  it('reads events in numeric id order, so pages past id 9 (and 99, 999) neither skip nor repeat', async () => {
    const kysely = db().kysely;
    const stored = await kysely.transaction().execute((trx) =>
      appendEvents(
        trx,
        Array.from({ length: 25 }, (_, i) => fault(i)),
        false,
      ),
    );
    const ids = stored.map((r) => BigInt(r.id));
    const all = await readEventsAfter(kysely, ids[0]! - 1n, { limit: 100 });
    expect(all.map((r) => r.id)).toEqual(stored.map((r) => r.id));

    // Paged, as the hub and the stream's replay read: each page starts after the last one's end.
    const paged: string[] = [];
    let after = ids[0]! - 1n;
    for (;;) {
      const page = await readEventsAfter(kysely, after, { limit: 4, upTo: ids.at(-1)! });
      if (page.length === 0) break;
      paged.push(...page.map((r) => r.id));
      after = BigInt(page.at(-1)!.id);
    }
    expect(paged).toEqual(stored.map((r) => r.id));
  });
});
