/**
 * A sorted list of text keys, each pointing at an item, answering "which
 * items have a key starting with this" by binary search: O(log n) plus the
 * answers, whatever the size, so the search box answers 100,000 VMs in well
 * under a frame. Built once; never changed.
 */

export interface PrefixIndex {
  /** Items with a key that starts with `prefix`, in key order, each once, at most `limit`. */
  lookup(prefix: string, limit: number): PrefixMatch[];
}

export interface PrefixMatch {
  item: number;
  /** The key equals the prefix: an exact match, ranked first. */
  exact: boolean;
}

/** Collects (key, item) pairs, then sorts them once. */
export function buildPrefixIndex(entries: Iterable<readonly [string, number]>): PrefixIndex {
  const pairs = [...entries];
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const keys = pairs.map((p) => p[0]);
  const items = Int32Array.from(pairs, (p) => p[1]);

  /** The first position whose key is not below `prefix`. */
  function lowerBound(prefix: string): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    lookup(prefix, limit) {
      const out: PrefixMatch[] = [];
      const seen = new Set<number>();
      for (let i = lowerBound(prefix); i < keys.length && out.length < limit; i++) {
        const key = keys[i]!;
        if (!key.startsWith(prefix)) break;
        const item = items[i]!;
        if (seen.has(item)) continue;
        seen.add(item);
        out.push({ item, exact: key === prefix });
      }
      return out;
    },
  };
}

/**
 * The keys a name is found by: the whole name and every tail that starts at a
 * word beginning with a letter ("globex-core-ledger-01" → "core-ledger-01",
 * "ledger-01"), so that a word typed from the middle of a name finds it.
 */
export function nameKeys(name: string): string[] {
  const lower = name.toLowerCase();
  const keys = [lower];
  for (const m of lower.matchAll(/[-._~\s/:]+(?=[a-z])/g))
    keys.push(lower.slice(m.index + m[0].length));
  return keys;
}
