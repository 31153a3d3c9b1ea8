/**
 * The estates that `estate.get` answered last, parsed, reused while they are
 * unchanged. Reading a large estate costs far more than sending it: for a
 * fat-tree k=32 (6.3 MiB) PGlite takes about 100 ms to hand over the jsonb
 * document and the schema about 100 ms to check it, on every request. A hit
 * costs one small query instead: the estate's version and write time
 * (`EstateRepo.stamp`), which every write changes, from any server instance
 * sharing the database. The router also forgets an estate it writes or deletes.
 *
 * The cached estate is shared by the requests that hit it: only callers that
 * serialise it and change nothing (the estate router's reads) use this.
 */
import type { EstateRepo, EstateStamp, StoredEstate } from './db/estate-repo.ts';

/** Estates kept: the few open in browsers at once; each is held parsed in memory. */
export const ESTATE_CACHE_SIZE = 4;

export interface EstateCache {
  /** The stored estate, from the cache when its stamp has not changed since it was read. */
  get(repo: EstateRepo, id: string): Promise<StoredEstate | undefined>;
  /** Drops an estate (after a write or a delete). */
  forget(id: string): void;
}

const sameStamp = (a: EstateStamp, b: EstateStamp) =>
  a.version === b.version && a.updatedAt === b.updatedAt;

export function createEstateCache(size = ESTATE_CACHE_SIZE): EstateCache {
  // Insertion order is use order: a hit moves its entry to the end, the first one is the oldest.
  const entries = new Map<string, StoredEstate>();
  return {
    async get(repo, id) {
      const cached = entries.get(id);
      if (cached) {
        const stamp = await repo.stamp(id);
        if (stamp && sameStamp(stamp, cached)) {
          entries.delete(id);
          entries.set(id, cached);
          return cached;
        }
      }
      const stored = await repo.get(id);
      entries.delete(id);
      if (!stored) return undefined;
      entries.set(id, stored);
      while (entries.size > size) entries.delete(entries.keys().next().value!);
      return stored;
    },
    forget(id) {
      entries.delete(id);
    },
  };
}
