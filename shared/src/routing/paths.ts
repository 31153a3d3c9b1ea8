/**
 * Equal-cost paths on a distance vector: next hops, the number of shortest
 * paths (the ECMP width), their enumeration, and the one path a flow takes
 * when every hop hashes the flow onto one of its next hops (R3).
 */
import { UNREACHABLE } from './spf.ts';
import { nextHopUsable, type SiteGraph } from './site-graph.ts';

/** The directed edges out of u that lie on a shortest path toward the vector's destination. */
export function nextHopEdges(g: SiteGraph, dist: Int32Array, u: number): number[] {
  const out: number[] = [];
  const du = dist[u]!;
  if (du >= UNREACHABLE || du === 0) return out;
  for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
    if (dist[g.targets[e]!]! + g.costs[e]! === du && nextHopUsable(g, dist, e)) out.push(e);
  }
  return out;
}

/**
 * Number of distinct shortest paths from `src` to the vector's destination (0 if
 * unreachable): a depth-first count over the shortest-path DAG, memoised in a
 * typed array (this runs for every flow of every preview).
 */
export function countShortestPaths(g: SiteGraph, dist: Int32Array, src: number): number {
  if (dist[src]! >= UNREACHABLE || g.nodeUp[src] !== 1) return 0;
  let cache = countCache.get(dist);
  if (!cache || cache.version !== g.version)
    countCache.set(dist, (cache = { version: g.version, counts: new Map() }));
  const known = cache.counts.get(src);
  if (known !== undefined) return known;
  const n = countUncached(g, dist, src);
  cache.counts.set(src, n);
  return n;
}

/**
 * Path counts per distance vector and source, valid while the graph's version
 * stands: previews ask the same pairs again and again between link changes.
 */
const countCache = new WeakMap<Int32Array, { version: number; counts: Map<number, number> }>();

function countUncached(g: SiteGraph, dist: Int32Array, src: number): number {
  const memo = new Float64Array(g.nodes.length).fill(-1);
  const { offsets, targets, costs, edgeLink, linkUp, nodeUp, relays } = g;
  const count = (u: number): number => {
    const du = dist[u]!;
    if (du === 0) return 1;
    const known = memo[u]!;
    if (known >= 0) return known;
    let n = 0;
    for (let e = offsets[u]!, end = offsets[u + 1]!; e < end; e++) {
      const v = targets[e]!;
      const dv = dist[v]!;
      // Inline nextHopUsable: this loop runs for every flow of every preview.
      if (dv + costs[e]! !== du || linkUp[edgeLink[e]!] !== 1 || nodeUp[v] !== 1) continue;
      if (relays[v] === 1 || dv === 0) n += count(v);
    }
    memo[u] = n;
    return n;
  };
  return count(src);
}

/** Every shortest path from `src` as node-index lists, at most `limit` of them. */
export function enumerateShortestPaths(
  g: SiteGraph,
  dist: Int32Array,
  src: number,
  limit = 1000,
): number[][] {
  const paths: number[][] = [];
  if (dist[src]! >= UNREACHABLE || g.nodeUp[src] !== 1) return paths;
  const walk = (u: number, acc: number[]) => {
    if (paths.length >= limit) return;
    if (dist[u] === 0) {
      paths.push(acc);
      return;
    }
    for (const e of nextHopEdges(g, dist, u)) walk(g.targets[e]!, [...acc, g.targets[e]!]);
  };
  walk(src, [src]);
  return paths;
}

/**
 * FNV-1a, 32 bits, finished with murmur3's avalanche: a stable hash, so the same
 * flow takes the same path on every run. The finaliser matters: FNV's low bits
 * depend only on the input's low bits, and ECMP takes the hash modulo a small width.
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The path a flow takes: at each hop the switch hashes the flow key (and its own
 * id, as real ECMP hashing is per switch) onto one of its equal-cost next hops.
 * Returns the nodes and the directed edges used, or undefined if unreachable.
 */
export function hashedPath(
  g: SiteGraph,
  dist: Int32Array,
  src: number,
  flowKey: string,
): { nodes: number[]; edges: number[] } | undefined {
  if (dist[src]! >= UNREACHABLE || g.nodeUp[src] !== 1) return undefined;
  const nodes = [src];
  const edges: number[] = [];
  let u = src;
  const flowHash = fnv1a(flowKey);
  while (dist[u] !== 0) {
    const hops = nextHopEdges(g, dist, u);
    if (!hops.length) return undefined;
    const e = hops[fnv1a(g.nodes[u]!.id, flowHash) % hops.length]!;
    edges.push(e);
    u = g.targets[e]!;
    nodes.push(u);
  }
  return { nodes, edges };
}
