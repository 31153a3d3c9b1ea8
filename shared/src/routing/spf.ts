/**
 * Shortest-path-first toward one destination (Dijkstra with a binary heap on
 * typed arrays): the distance of every node to the destination. With
 * symmetric links this is also the distance from the destination, which is
 * how link-state routers compute it (R3). A stub node (a gateway) gets its own
 * distance but is never expanded unless it is the destination, so no other
 * node's distance runs through it (site-graph.ts).
 */
import { edgeUsable, type SiteGraph } from './site-graph.ts';

export const UNREACHABLE = 0x3fffffff;

/** A min-heap of node indices keyed by distance; stale entries are skipped by the caller. */
class NodeHeap {
  private nodes: Int32Array;
  private keys: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Int32Array(this.nodes.length);
  }
  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const n = new Int32Array(this.size * 2);
      n.set(this.nodes);
      this.nodes = n;
      const k = new Int32Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= key) break;
      this.nodes[i] = this.nodes[p]!;
      this.keys[i] = this.keys[p]!;
      i = p;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }
  /** Removes the minimum; returns its node and leaves its key in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const top = this.nodes[0]!;
    this.lastKey = this.keys[0]!;
    const node = this.nodes[--this.size]!;
    const key = this.keys[this.size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.keys[c + 1]! < this.keys[c]!) c++;
      if (this.keys[c]! >= key) break;
      this.nodes[i] = this.nodes[c]!;
      this.keys[i] = this.keys[c]!;
      i = c;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
    return top;
  }
}

/**
 * Relaxes from the seeded nodes until the heap is empty. `dist` holds the
 * current distances (UNREACHABLE where unknown); seeds must already be set.
 * Stubs other than the destination (distance 0) are settled but not expanded.
 */
export function settle(
  g: SiteGraph,
  dist: Int32Array,
  seeds: Iterable<number>,
  allowed?: Uint8Array,
): void {
  const heap = new NodeHeap(64);
  for (const s of seeds) heap.push(s, dist[s]!);
  while (heap.size > 0) {
    const u = heap.pop();
    const du = heap.lastKey;
    if (du > dist[u]! || (du !== 0 && g.relays[u] === 0)) continue;
    for (let e = g.offsets[u]!, end = g.offsets[u + 1]!; e < end; e++) {
      if (!edgeUsable(g, e)) continue;
      const v = g.targets[e]!;
      if (allowed && allowed[v] !== 1) continue;
      const nd = du + g.costs[e]!;
      if (nd < dist[v]!) {
        dist[v] = nd;
        heap.push(v, nd);
      }
    }
  }
}

/** Distances of all nodes to `dest` (UNREACHABLE where cut off or down). */
export function spfTo(g: SiteGraph, dest: number): Int32Array {
  const dist = new Int32Array(g.nodes.length).fill(UNREACHABLE);
  if (g.nodeUp[dest] !== 1) return dist;
  dist[dest] = 0;
  if (g.uniformCost > 0) bfs(g, dist, dest);
  else settle(g, dist, [dest]);
  return dist;
}

/** With one cost on every edge, Dijkstra's order is breadth-first order: a plain queue suffices. */
function bfs(g: SiteGraph, dist: Int32Array, dest: number): void {
  const queue = new Int32Array(g.nodes.length);
  let head = 0;
  let tail = 0;
  queue[tail++] = dest;
  const { offsets, targets, edgeLink, linkUp, nodeUp, relays, uniformCost } = g;
  while (head < tail) {
    const u = queue[head++]!;
    if (relays[u] === 0 && u !== dest) continue;
    const nd = dist[u]! + uniformCost;
    for (let e = offsets[u]!, end = offsets[u + 1]!; e < end; e++) {
      const v = targets[e]!;
      if (dist[v]! <= nd || linkUp[edgeLink[e]!] !== 1 || nodeUp[v] !== 1) continue;
      dist[v] = nd;
      queue[tail++] = v;
    }
  }
}

/**
 * Distances toward many destinations at once. With one cost on every edge
 * this is a multi-source BFS with bit-parallel frontiers (Then et al., "The
 * More the Merrier: Efficient Multi-Source Graph Traversal", VLDB 2014): 32
 * destinations share each scan of the adjacency lists, which is what makes a
 * k=48 fat-tree's 1,152 edge-switch vectors cheap to build. Otherwise one
 * Dijkstra per destination. Same result as spfTo for each destination.
 */
export function spfToMany(g: SiteGraph, dests: readonly number[]): Int32Array[] {
  if (g.uniformCost <= 0) return dests.map((d) => spfTo(g, d));
  const n = g.nodes.length;
  const { offsets, targets, edgeLink, linkUp, nodeUp, relays, uniformCost } = g;
  const seen = new Int32Array(n);
  const frontier = new Int32Array(n);
  const next = new Int32Array(n);
  const out: Int32Array[] = [];
  for (let base = 0; base < dests.length; base += 32) {
    const batch = dests.slice(base, base + 32);
    const vectors = batch.map(() => new Int32Array(n).fill(UNREACHABLE));
    seen.fill(0);
    frontier.fill(0);
    batch.forEach((d, bit) => {
      if (nodeUp[d] !== 1) return;
      seen[d]! |= 1 << bit;
      frontier[d]! |= 1 << bit;
      vectors[bit]![d] = 0;
    });
    for (let level = 1, active = true; active; level++) {
      next.fill(0);
      for (let u = 0; u < n; u++) {
        const f = frontier[u]!;
        // After the first level a frontier holds only bits of other destinations: a stub passes none on.
        if (f === 0 || (level > 1 && relays[u] === 0)) continue;
        for (let e = offsets[u]!, end = offsets[u + 1]!; e < end; e++) {
          const v = targets[e]!;
          const add = f & ~seen[v]!;
          if (add === 0 || linkUp[edgeLink[e]!] !== 1 || nodeUp[v] !== 1) continue;
          next[v]! |= add;
        }
      }
      active = false;
      const d = level * uniformCost;
      for (let v = 0; v < n; v++) {
        let bits = next[v]!;
        frontier[v] = bits;
        if (bits === 0) continue;
        active = true;
        seen[v]! |= bits;
        // Each set bit is a destination first reached at this level.
        while (bits !== 0) {
          const low = bits & -bits;
          vectors[31 - Math.clz32(low)]![v] = d;
          bits ^= low;
        }
      }
    }
    out.push(...vectors);
  }
  return out;
}
