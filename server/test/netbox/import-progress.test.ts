// Following a NetBox import's progress (R21): the dialog subscribes with an id it made, the
// import publishes each page under it, and the stream ends with the import.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { createContextInner } from '../../src/context.ts';
import { ImportProgressHub, type ImportProgress } from '../../src/import/import-progress.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { demoDump, demoTables } from './demo-data.ts';
import { startFakeNetbox, type FakeNetbox } from './fake-netbox.ts';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';

async function collect(events: AsyncIterable<ImportProgress>): Promise<ImportProgress[]> {
  const seen: ImportProgress[] = [];
  for await (const e of events) seen.push(e);
  return seen;
}

describe('the import progress hub', () => {
  it('gives a late follower the latest event, then the rest, and ends after the last', async () => {
    const hub = new ImportProgressHub();
    hub.publish('a', { endpoint: 'dcim/sites', fetched: 10, count: 24 });
    const following = collect(hub.follow('a', new AbortController().signal));
    await new Promise((r) => setTimeout(r, 10));
    hub.publish('a', { endpoint: 'dcim/sites', fetched: 24, count: 24 });
    hub.publish('b', { endpoint: 'dcim/devices', fetched: 1, count: 1 });
    hub.finish('a');
    expect((await following).map((e) => [e.fetched, e.done])).toEqual([
      [10, false],
      [24, false],
      [24, true],
    ]);
  });

  it('ends when the follower goes away, or when nothing comes for too long', async () => {
    const hub = new ImportProgressHub();
    const abort = new AbortController();
    const gone = collect(hub.follow('x', abort.signal));
    abort.abort();
    expect(await gone).toEqual([]);
    expect(await collect(hub.follow('y', new AbortController().signal, 20))).toEqual([]);
  });
});

describe.each(BACKENDS)('estate.importProgress on %s', (_kind, open) => {
  const db = useTestDb(open);
  const as = (role: Role) => createCallerFactory(appRouter)(createContextInner({ db: db(), role }));
  let nb: FakeNetbox | undefined;
  afterEach(async () => {
    await nb?.close();
    nb = undefined;
  });

  it('streams each endpoint read, up to the whole count, and ends with the import', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const progressId = randomUUID();
    const events = collect(await as('operator').estate.importProgress({ progressId }));
    await new Promise((r) => setTimeout(r, 20));
    await as('operator').estate.importNetbox({
      url: nb.url,
      token: TOKEN,
      dryRun: true,
      progressId,
    });
    const seen = await events;
    expect(seen.at(-1)!.done).toBe(true);
    // The dump holds 72 devices and 24 sites: their endpoints were read to the end.
    const devices = demoDump().filter((r) => r.model === 'dcim.device').length;
    expect(seen).toContainEqual({
      endpoint: 'dcim/devices',
      fetched: devices,
      count: devices,
      done: false,
    });
    expect(seen.some((e) => e.endpoint === 'dcim/sites' && e.fetched === 24)).toBe(true);
  });

  it('ends too when NetBox refuses the import', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const progressId = randomUUID();
    const events = collect(await as('operator').estate.importProgress({ progressId }));
    await expect(
      as('operator').estate.importNetbox({ url: nb.url, token: 'wrong', progressId }),
    ).rejects.toMatchObject({ code: 'BAD_GATEWAY' });
    expect((await events).at(-1)?.done).toBe(true);
  });

  it('refuses a progress id that is not a UUID', async () => {
    await expect(
      as('operator').estate.importProgress({ progressId: 'not-a-uuid' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
