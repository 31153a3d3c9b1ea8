// The event log's reads (issue 5, item 2): ids in numeric order, pages that never skip one.
import type { SystemEvent } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { appendEvents, readEventsAfter } from '../../src/execution/event-store.ts';
import { BACKENDS, useTestDb } from '../backends.ts';

const event = (i: number): SystemEvent => ({
  type: 'fault-cleared',
  faultId: `fault-${i}`,
  estateId: null,
  fault: { kind: 'stuck-progress', migrationId: `mig-${i}` },
});

describe.each(BACKENDS)('the event log on %s', (_kind, open) => {
  const db = useTestDb(open);

  it('reads events in numeric id order, so pages past id 9 (and 99, 999) neither skip nor repeat', async () => {
    const kysely = db().kysely;
    await kysely.deleteFrom('migration_events').execute();
    const stored = await kysely.transaction().execute((trx) =>
      appendEvents(
        trx,
        Array.from({ length: 25 }, (_, i) => ({ migrationId: null, event: event(i) })),
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
