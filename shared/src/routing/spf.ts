/**
 * Shortest-path-first toward one destination (Dijkstra with a binary heap on
 * typed arrays): the distance of every transit node to the destination. With
 * symmetric links this is also the distance from the destination, which is
 * how link-state routers compute it (R3).
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
    if (du > dist[u]!) continue;
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

/** Distances of all transit nodes to `dest` (UNREACHABLE where cut off or down). */
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
  const { offsets, targets, edgeLink, linkUp, nodeUp, uniformCost } = g;
  while (head < tail) {
    const u = queue[head++]!;
    const nd = dist[u]! + uniformCost;
    for (let e = offsets[u]!, end = offsets[u + 1]!; e < end; e++) {
      const v = targets[e]!;
      if (dist[v]! <= nd || linkUp[edgeLink[e]!] !== 1 || nodeUp[v] !== 1) continue;
      dist[v] = nd;
      queue[tail++] = v;
    }
  }
}
