/**
 * Lazily built, per-index caches. An `EstateIndex` is immutable once built, so
 * anything derived from it can be computed once and kept for as long as the
 * index lives: the WeakMap lets it go with the index, and a preview on every
 * drag frame pays only for the delta of the move, never for a scan of the estate.
 */
import type { EstateIndex } from '../engine/estate-index.ts';

/**
 * A memoised function of the index.
 *
 * @example
 * const hostLoads = perIndex(() => new Map<string, number>());
 * hostLoads(index).set('h1', 4); // the same Map on every call with this index
 */
export function perIndex<T>(build: (index: EstateIndex) => T): (index: EstateIndex) => T {
  const cache = new WeakMap<EstateIndex, T>();
  return (index) => {
    let value = cache.get(index);
    if (value === undefined) {
      value = build(index);
      cache.set(index, value);
    }
    return value;
  };
}
