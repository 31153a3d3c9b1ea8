import { describe, expect, it } from 'vitest';
import type { EstateRepo, StoredEstate } from '../src/db/estate-repo.ts';
import { createEstateCache } from '../src/estate-cache.ts';
import { makeEstate } from './fixtures.ts';

/** A repo in memory that counts document reads; `write` changes the stamp as a real write does. */
function fakeRepo() {
  const rows = new Map<string, StoredEstate>();
  let reads = 0;
  const repo = {
    get: (id: string) => {
      reads++;
      const row = rows.get(id);
      return Promise.resolve(row && { ...row });
    },
    stamp: (id: string) => {
      const row = rows.get(id);
      return Promise.resolve(row && { version: row.version, updatedAt: row.updatedAt });
    },
  } as unknown as EstateRepo;
  return {
    repo,
    reads: () => reads,
    write(id: string, version: number, updatedAt = '2026-11-27T10:00:00.000Z') {
      rows.set(id, { id, version, updatedAt, estate: { ...makeEstate(), id } });
    },
    remove: (id: string) => rows.delete(id),
  };
}

describe('estate cache', () => {
  it('reads the document once while the estate is unchanged', async () => {
    const f = fakeRepo();
    f.write('a', 1);
    const cache = createEstateCache();
    const first = await cache.get(f.repo, 'a');
    const second = await cache.get(f.repo, 'a');
    expect(second).toBe(first);
    expect(f.reads()).toBe(1);
  });

  it('reads it again after any write: a new version or a new write time', async () => {
    const f = fakeRepo();
    const cache = createEstateCache();
    f.write('a', 1);
    await cache.get(f.repo, 'a');
    f.write('a', 2);
    expect((await cache.get(f.repo, 'a'))?.version).toBe(2);
    // Deleted and imported again: version 1 again, but written later.
    f.write('a', 1, '2026-11-27T11:00:00.000Z');
    expect((await cache.get(f.repo, 'a'))?.updatedAt).toBe('2026-11-27T11:00:00.000Z');
    expect(f.reads()).toBe(3);
  });

  it('answers undefined for an estate deleted since it was cached', async () => {
    const f = fakeRepo();
    const cache = createEstateCache();
    f.write('a', 1);
    await cache.get(f.repo, 'a');
    f.remove('a');
    expect(await cache.get(f.repo, 'a')).toBeUndefined();
  });

  it('forgets an estate when told, and keeps only the most recently used', async () => {
    const f = fakeRepo();
    const cache = createEstateCache(2);
    for (const id of ['a', 'b', 'c']) f.write(id, 1);
    await cache.get(f.repo, 'a');
    await cache.get(f.repo, 'b');
    await cache.get(f.repo, 'a'); // hit: a is now the most recent
    await cache.get(f.repo, 'c'); // evicts b
    expect(f.reads()).toBe(3);
    await cache.get(f.repo, 'a');
    expect(f.reads()).toBe(3);
    await cache.get(f.repo, 'b');
    expect(f.reads()).toBe(4);
    cache.forget('b');
    await cache.get(f.repo, 'b');
    expect(f.reads()).toBe(5);
  });
});
