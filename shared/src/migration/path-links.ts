/**
 * A migration's path as the bandwidth model sees it: each link's free
 * capacity, C · (1 − u) in bytes/s (docs/migration-model.md §1), and whether
 * it is a WAN link (the executor's per-WAN-link concurrency limit counts
 * those). The preview and the plan's runs both take their links from here.
 */
import type { Estate } from '../model/estate.ts';
import { linkFreeBytesPerSecond } from './bandwidth.ts';

/** One link of a migration's path: MigrationSpec's PathLink has this shape. */
export interface PathLinkCapacity {
  id: string;
  /** capacity × (1 − background utilisation), bytes/s. */
  freeBytesPerSecond: number;
  wan: boolean;
}

type LinkTable = ReadonlyMap<string, PathLinkCapacity>;

// The preview runs on every drag frame: index an estate's links once, not per move.
const tables = new WeakMap<Pick<Estate, 'links' | 'wanLinks'>, LinkTable>();

function tableOf(estate: Pick<Estate, 'links' | 'wanLinks'>): LinkTable {
  let table = tables.get(estate);
  if (!table) {
    const entries = [
      ...estate.links.map((l) => ({ l, wan: false })),
      ...estate.wanLinks.map((l) => ({ l, wan: true })),
    ].map(
      ({ l, wan }) =>
        [l.id, { id: l.id, freeBytesPerSecond: linkFreeBytesPerSecond(l), wan }] as const,
    );
    tables.set(estate, (table = new Map(entries)));
  }
  return table;
}

/**
 * The links of a path (link ids in order, as UnderlayPath.links gives them)
 * with their free capacity. An id the estate does not hold is left out, so
 * the share computation takes it as unlimited.
 */
export function pathLinks(
  estate: Pick<Estate, 'links' | 'wanLinks'>,
  linkIds: readonly string[],
): PathLinkCapacity[] {
  const table = tableOf(estate);
  const out: PathLinkCapacity[] = [];
  for (const id of linkIds) {
    const link = table.get(id);
    // Shared with the table: nothing downstream writes to a path link.
    if (link) out.push(link);
  }
  return out;
}
