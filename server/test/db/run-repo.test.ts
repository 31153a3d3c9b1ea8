// The event log: ids in commit order, read back in numeric order.
import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import { appendEvents, latestEventId, readEventsAfter } from '../../src/db/run-repo.ts';
import { BACKENDS, useTestDb } from '../backends.ts';

/** A system event; `estateId` free text, to carry awkward characters through the store. */
const fault = (i: number, estateId: string | null = null) => ({
  migrationId: null,
  event: {
    type: 'fault-cleared' as const,
    faultId: `f-${i}`,
    estateId,
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

  it('stores bodies whatever their text holds, and numbers consecutive appends consecutively', async () => {
    const k = db().kysely;
    // An append sends each text column as one string of lines: a newline, a quote or a
    // backslash inside a body (written escaped by JSON) must not split or change it.
    const awkward = 'ops\nteam "night"\t\\ 東京 \u2028 ,{}[]\r\n';
    const note = (i: number) => fault(i, awkward);
    const first = await k
      .transaction()
      .execute((trx) => appendEvents(trx, [note(1), fault(2)], false));
    const second = await k.transaction().execute((trx) => appendEvents(trx, [note(3)], false));
    const ids = [...first, ...second].map((r) => BigInt(r.id));
    expect(ids.map((id) => id - ids[0]!)).toEqual([0n, 1n, 2n]);
    const back = await readEventsAfter(k, ids[0]! - 1n, { limit: 10 });
    expect(back).toEqual([...first, ...second]);
    expect(back[2]!.event).toMatchObject({ estateId: awkward });
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

  it("keeps a run's events with the run: mixed appends store each field, and deleting the estate deletes its runs' events but no system event", async () => {
    const k = db().kysely;
    const estates = createEstateRepo(k);
    await estates.put({ ...buildDemoEstate(), id: 'gone' });
    await estates.put({ ...buildDemoEstate(), id: 'kept' });
    for (const estateId of ['gone', 'kept']) {
      await k
        .insertInto('plans')
        .values({
          id: `p-${estateId}`,
          estate_id: estateId,
          estate_version: 1,
          request: '{}',
          report: '{}',
          status: 'running',
        })
        .execute();
      await k
        .insertInto('migrations')
        .values({
          id: `m-${estateId}`,
          plan_id: `p-${estateId}`,
          estate_id: estateId,
          vm_id: 'vm',
          status: 'running',
          spec: '{}',
        })
        .execute();
    }
    const run = (migrationId: string, seq: number) => ({
      migrationId,
      seq,
      simMs: seq * 100,
      event: { type: 'started' as const, instance: `i-${seq}` },
    });
    const written = await k
      .transaction()
      .execute((trx) =>
        appendEvents(trx, [run('m-gone', 1), fault(1), run('m-kept', 1), run('m-gone', 2)], false),
      );
    const start = BigInt(written[0]!.id) - 1n;
    expect(await readEventsAfter(k, start, { limit: 10 })).toEqual(written);
    expect(
      written.map((r) => (r.scope === 'migration' ? [r.migrationId, r.seq, r.simMs] : r.scope)),
    ).toEqual([['m-gone', 1, 100], 'system', ['m-kept', 1, 100], ['m-gone', 2, 200]]);

    expect(await estates.delete('gone')).toBe(true);
    const left = await readEventsAfter(k, start, { limit: 10 });
    expect(left.map((r) => r.id)).toEqual([written[1]!.id, written[2]!.id]);
  });
});
