/**
 * Links drawn under an alias: when a folded group or a level of detail draws
 * several devices as one node, the links between two such nodes become one
 * line per pair of ends, carrying the sum of its members. fold-elements.ts and
 * detail-far.ts / detail.ts both draw their merged lines with these, so a
 * folded group's link and a far view's bundle of the same links agree.
 */
import type { GraphEdge } from './elements.ts';

/** Edge width in px of a merged line: grows with the square root of its capacity. */
export function bundleWidth(capacityGbps: number): number {
  return Math.min(14, Math.max(1.5, Math.sqrt(capacityGbps) / 6));
}

/**
 * The data of a line standing for `links`: their summed capacity, how many
 * there are and how many are down (the line is down only when all are), and
 * their capacity-weighted utilisation.
 */
export function bundleData(kind: string, links: readonly GraphEdge[]) {
  let capacity = 0;
  let carried = 0;
  let down = 0;
  for (const l of links) {
    const c = Number(l.data.capacity ?? 0);
    capacity += c;
    carried += c * Number(l.data.utilisation ?? 0);
    if (l.data.state === 'down') down++;
  }
  return {
    kind,
    capacity,
    links: links.length,
    down,
    state: down === links.length ? 'down' : 'up',
    utilisation: capacity ? carried / capacity : 0,
    width: bundleWidth(capacity),
  };
}

/** The links between one pair of drawn ends; `a` ≤ `b`, and `key` is `a|b`. */
export interface MergedEdge {
  key: string;
  a: string;
  b: string;
  links: GraphEdge[];
}

/**
 * `edges` with each end drawn as `rep(end)`: an edge whose ends are both drawn
 * as themselves is `kept` as it is, one whose ends are drawn as the same node
 * vanishes, and the others are `merged`, one entry per unordered pair of drawn
 * ends, in the order the pairs first occur.
 */
export function mergeEdges(
  edges: readonly GraphEdge[],
  rep: (id: string) => string,
): { kept: GraphEdge[]; merged: MergedEdge[] } {
  const kept: GraphEdge[] = [];
  const byKey = new Map<string, MergedEdge>();
  for (const e of edges) {
    const a = rep(e.source);
    const b = rep(e.target);
    if (a === b) continue;
    if (a === e.source && b === e.target) {
      kept.push(e);
      continue;
    }
    const [x, y] = a <= b ? [a, b] : [b, a];
    const key = `${x}|${y}`;
    const m = byKey.get(key);
    if (m) m.links.push(e);
    else byKey.set(key, { key, a: x, b: y, links: [e] });
  }
  return { kept, merged: [...byKey.values()] };
}
