import type { KyselyPlugin } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { makeEstate } from '../fixtures.ts';

describe.each(BACKENDS)('estate repo on %s', (kind, open) => {
  const db = useTestDb(open);
  const repo = () => createEstateRepo(db().kysely);

  it('opens the requested backend, already migrated', async () => {
    expect(db().kind).toBe(kind);
    expect(await migrateToLatest(db().kysely)).toEqual([]);
  });

  it('stores an estate at version 1 and reads it back equal', async () => {
    const estate = makeEstate();
    expect(await repo().put(estate)).toEqual({ id: 'test-estate', version: 1 });
    const stored = await repo().get('test-estate');
    expect(stored?.version).toBe(1);
    expect(stored?.estate).toEqual(estate);
    expect(Number.isNaN(Date.parse(stored?.updatedAt ?? ''))).toBe(false);
  });

  it('stores an estate of several upload parts (1 MiB each) whole, twice in one transaction', async () => {
    // 1.5 million é's are 3 MB of UTF-8, so parts end inside characters too.
    const big = { ...makeEstate(), description: 'é'.repeat(1_500_000) };
    const bigger = { ...big, name: 'Bigger', description: `${big.description}ü` };
    const written = await db()
      .kysely.transaction()
      .execute(async (trx) => [
        await createEstateRepo(trx).put(big),
        await createEstateRepo(trx).put(bigger),
      ]);
    expect(written.map((w) => w.version)).toEqual([1, 2]);
    expect((await repo().get('test-estate'))?.estate).toEqual(bigger);
  });

  it('keeps characters whole across parts: UTF-8 bytes cut inside a character, text inside a surrogate pair', async () => {
    // 600,000 emoji of two UTF-16 units (four UTF-8 bytes) each after a prefix of one or two
    // letters: with one of the two, the 1 MiB cut of the JSON text falls inside a pair; the
    // cuts of the bytes fall inside a character either way.
    for (const prefix of ['x', 'xy']) {
      const emoji = { ...makeEstate(), description: `${prefix}${'💥'.repeat(600_000)}` };
      await repo().put(emoji);
      expect((await repo().get('test-estate'))?.estate).toEqual(emoji);
    }
    const renamed = { ...makeEstate(), name: 'As bytes', description: '💥'.repeat(600_000) };
    await repo().putSerialized({
      id: renamed.id,
      name: renamed.name,
      utf8: new TextEncoder().encode(JSON.stringify(renamed)),
      sha256: 'not checked here',
    });
    expect((await repo().get('test-estate'))?.estate).toEqual(renamed);
  });

  it('decodes a document of several parts one part per statement, not all before the first', async () => {
    // 1.5 million é's are 3,000,000 bytes of UTF-8, and the rest of the estate a few
    // kilobytes: three parts of 1 MiB (1,048,576 bytes).
    const estate = { ...makeEstate(), description: 'é'.repeat(1_500_000) };
    const utf8 = new TextEncoder().encode(JSON.stringify(estate));
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const partsDecoded = () =>
      decode.mock.calls.filter(
        ([input]) => ArrayBuffer.isView(input) && input.buffer === utf8.buffer,
      ).length;
    // How many parts had been decoded when each part's statement was sent.
    const decodedAtSend: number[] = [];
    const recordParts: KyselyPlugin = {
      transformQuery: ({ node }) => {
        if (
          node.kind === 'RawNode' &&
          node.sqlFragments[0]?.startsWith('insert into estate_upload')
        )
          decodedAtSend.push(partsDecoded());
        return node;
      },
      transformResult: ({ result }) => Promise.resolve(result),
    };
    try {
      await createEstateRepo(db().kysely.withPlugin(recordParts)).putSerialized({
        id: estate.id,
        name: estate.name,
        utf8,
        sha256: 'not checked here',
      });
      expect(partsDecoded()).toBe(3);
    } finally {
      decode.mockRestore();
    }
    expect(decodedAtSend).toEqual([1, 2, 3]);
    expect((await repo().get('test-estate'))?.estate).toEqual(estate);
  });

  it('restores the schema key order that jsonb loses', async () => {
    await repo().put(makeEstate());
    const stored = await repo().get('test-estate');
    expect(Object.keys(stored!.estate).slice(0, 3)).toEqual(['format', 'formatVersion', 'id']);
  });

  it('bumps the version and replaces the document on every write', async () => {
    const estate = makeEstate();
    await repo().put(estate);
    const renamed = { ...estate, name: 'Renamed', vms: estate.vms.slice(0, 1), flows: [] };
    expect(await repo().put(renamed)).toEqual({ id: 'test-estate', version: 2 });
    const stored = await repo().get('test-estate');
    expect(stored?.version).toBe(2);
    expect(stored?.estate.name).toBe('Renamed');
    expect(stored?.estate.vms).toHaveLength(1);
  });

  it('gives every one of concurrent writes its own version', async () => {
    const estate = makeEstate();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => repo().put(estate)));
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await repo().get('test-estate'))?.version).toBe(5);
  });

  it('lists summaries with counts computed in SQL, ordered by name', async () => {
    const estate = makeEstate();
    await repo().put({ ...estate, id: 'zeta', name: 'Zeta' });
    await repo().put({ ...estate, id: 'alpha', name: 'Alpha', vms: [], flows: [] });
    const list = await repo().list();
    expect(
      list.map(({ id, name, version, sites, vms }) => ({ id, name, version, sites, vms })),
    ).toEqual([
      { id: 'alpha', name: 'Alpha', version: 1, sites: 2, vms: 0 },
      { id: 'zeta', name: 'Zeta', version: 1, sites: 2, vms: 3 },
    ]);
    expect(list.every((s) => !Number.isNaN(Date.parse(s.updatedAt)))).toBe(true);
  });

  it('stamps every write with a new version, read without the document', async () => {
    expect(await repo().stamp('test-estate')).toBeUndefined();
    await repo().put(makeEstate());
    const first = await repo().stamp('test-estate');
    const stored = await repo().get('test-estate');
    expect(first).toEqual({ version: 1, updatedAt: stored?.updatedAt });
    await repo().put(makeEstate());
    expect((await repo().stamp('test-estate'))?.version).toBe(2);
  });

  it('returns undefined for an unknown estate or site', async () => {
    await repo().put(makeEstate());
    expect(await repo().get('nope')).toBeUndefined();
    expect(await repo().getSite('nope', 'dc-a')).toBeUndefined();
    expect(await repo().getSite('test-estate', 'dc-zz')).toBeUndefined();
  });

  it('reads one site of an estate', async () => {
    await repo().put(makeEstate());
    const stored = await repo().getSite('test-estate', 'dc-b');
    expect(stored?.version).toBe(1);
    expect(stored?.estate.sites.map((s) => s.id)).toEqual(['dc-b']);
    expect(stored?.estate.vms.map((v) => v.id)).toEqual(['vm-3']);
  });

  it('deletes, and says whether there was anything to delete', async () => {
    await repo().put(makeEstate());
    expect(await repo().delete('test-estate')).toBe(true);
    expect(await repo().delete('test-estate')).toBe(false);
    expect(await repo().list()).toEqual([]);
  });

  it('stores nothing when the enclosing transaction fails', async () => {
    const failed = db()
      .kysely.transaction()
      .execute(async (trx) => {
        await createEstateRepo(trx).put(makeEstate());
        throw new Error('later step failed');
      });
    await expect(failed).rejects.toThrow('later step failed');
    expect(await repo().list()).toEqual([]);
  });
});
