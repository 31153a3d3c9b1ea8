/**
 * Distance vectors toward destinations of one graph, kept correct as links and
 * devices go down and up. A failure repairs only the nodes whose every
 * shortest next hop was lost (Ramalingam and Reps' decremental update), so one
 * link failure in a large fat-tree touches a handful of entries, not the table.
 */
import { settle, spfTo, spfToMany, UNREACHABLE } from './spf.ts';
import { edgeUsable, nextHopUsable, type SiteGraph } from './site-graph.ts';

export class DistanceTable {
  private readonly vectors = new Map<number, Int32Array>();
  // Scratch marks for repairs, reused across vectors and cleared entry by entry
  // after each use: a link failure visits every vector (1,152 at k=48).
  private readonly affected: Uint8Array;
  private readonly seen: Uint8Array;
  private readonly allowed: Uint8Array;

  constructor(readonly graph: SiteGraph) {
    this.affected = new Uint8Array(graph.nodes.length);
    this.seen = new Uint8Array(graph.nodes.length);
    this.allowed = new Uint8Array(graph.nodes.length);
  }

  /** Computes the vectors of these destinations now (the routing state a router would hold). */
  precompute(destinations: Iterable<number>): void {
    const missing = [...new Set(destinations)].filter((d) => !this.vectors.has(d));
    const vectors = spfToMany(this.graph, missing);
    missing.forEach((d, i) => this.vectors.set(d, vectors[i]!));
  }

  /** The distance of every node to `dest`, computed on first use. */
  toward(dest: number): Int32Array {
    let v = this.vectors.get(dest);
    if (!v) {
      v = spfTo(this.graph, dest);
      this.vectors.set(dest, v);
    }
    return v;
  }

  get size(): number {
    return this.vectors.size;
  }

  /** Marks a link down or up and repairs every vector it changes. */
  setLinkUp(linkIndex: number, up: boolean): void {
    const g = this.graph;
    if ((g.linkUp[linkIndex] === 1) === up) return;
    g.linkUp[linkIndex] = up ? 1 : 0;
    g.version++;
    const ends = this.edgeEnds(linkIndex);
    if (!ends) return;
    // forEach rather than for-of: no [key, value] pair allocated per vector.
    this.vectors.forEach((dist, dest) => {
      if (up) this.relaxFrom(dist, ends);
      else if (!this.keepsDistances(dist, ends)) this.repairAfterLoss(dest, dist, ends, []);
    });
  }

  /**
   * After a link loss: whether neither end needed it, i.e. each end that had it
   * as a shortest next hop still has another. Then no distance in the vector
   * changes, since every other node's paths run through the ends' unchanged
   * distances. Most vectors pass this test, which keeps a failure cheap.
   */
  private keepsDistances(dist: Int32Array, [a, b]: [number, number]): boolean {
    return this.keepsDistance(dist, a, b) && this.keepsDistance(dist, b, a);
  }

  /** Whether u, having lost its link to v, still has a shortest next hop (or never used v). */
  private keepsDistance(dist: Int32Array, u: number, v: number): boolean {
    const g = this.graph;
    const du = dist[u]!;
    if (du >= UNREACHABLE || du === 0) return true;
    let usedLink = false;
    for (let e = g.offsets[u]!, end = g.offsets[u + 1]!; e < end; e++) {
      const w = g.targets[e]!;
      if (dist[w]! + g.costs[e]! !== du || (g.relays[w] === 0 && dist[w] !== 0)) continue;
      if (edgeUsable(g, e)) return true;
      if (w === v) usedLink = true;
    }
    return !usedLink;
  }

  /** Marks a node down or up; a down node carries no traffic and is no destination. */
  setNodeUp(node: number, up: boolean): void {
    const g = this.graph;
    if ((g.nodeUp[node] === 1) === up) return;
    g.nodeUp[node] = up ? 1 : 0;
    g.version++;
    for (const [dest, dist] of this.vectors) {
      if (dest === node) {
        this.vectors.set(dest, spfTo(g, dest));
        continue;
      }
      if (up) {
        dist[node] = UNREACHABLE;
        for (let e = g.offsets[node]!; e < g.offsets[node + 1]!; e++) {
          const w = g.targets[e]!;
          if (nextHopUsable(g, dist, e) && dist[w]! < UNREACHABLE)
            dist[node] = Math.min(dist[node], dist[w]! + g.costs[e]!);
        }
        if (dist[node] < UNREACHABLE) settle(g, dist, [node]);
      } else if (g.relays[node] === 0) {
        // No other distance runs through a stub: only its own is lost.
        dist[node] = UNREACHABLE;
      } else {
        const neighbours: number[] = [];
        for (let e = g.offsets[node]!; e < g.offsets[node + 1]!; e++)
          neighbours.push(g.targets[e]!);
        this.repairAfterLoss(dest, dist, neighbours, [node]);
      }
    }
  }

  private edgeEnds(linkIndex: number): [number, number] | undefined {
    const l = this.graph.links[linkIndex]!;
    const a = this.graph.indexOf.get(l.a);
    const b = this.graph.indexOf.get(l.b);
    return a === undefined || b === undefined ? undefined : [a, b];
  }

  /** After a link comes back, distances can only shrink: propagate from its ends. */
  private relaxFrom(dist: Int32Array, [a, b]: [number, number]): void {
    const g = this.graph;
    const seeds: number[] = [];
    // An end may route through the other only if that one relays or is the destination.
    const bCarries = g.relays[b] === 1 || dist[b] === 0;
    const aCarries = g.relays[a] === 1 || dist[a] === 0;
    for (let e = g.offsets[a]!; e < g.offsets[a + 1]!; e++) {
      if (g.targets[e] !== b || !edgeUsable(g, e)) continue;
      const c = g.costs[e]!;
      if (bCarries && dist[b]! + c < dist[a]!) {
        dist[a] = dist[b]! + c;
        seeds.push(a);
      } else if (aCarries && dist[a]! + c < dist[b]!) {
        dist[b] = dist[a]! + c;
        seeds.push(b);
      }
    }
    if (seeds.length) settle(g, dist, seeds);
  }

  /**
   * Finds the nodes that lost every shortest next hop (in order of distance, so
   * each node's next hops are decided before it), then recomputes those alone
   * from their unaffected neighbours.
   */
  private repairAfterLoss(
    dest: number,
    dist: Int32Array,
    candidates: number[],
    forced: number[],
  ): void {
    const g = this.graph;
    const { affected, seen, allowed } = this;
    for (const f of forced) affected[f] = 1;
    const queue = [...new Set([...candidates, ...forced])].filter((n) => dist[n]! < UNREACHABLE);
    queue.sort((x, y) => dist[x]! - dist[y]!);
    const members: number[] = [...forced];
    const visited: number[] = [];
    // A simple sorted worklist: affected sets are small, and keeping order by distance keeps the rule exact.
    while (queue.length) {
      const u = queue.shift()!;
      if (seen[u]) continue;
      seen[u] = 1;
      visited.push(u);
      if (u !== dest && !affected[u]) {
        let keeps = false;
        for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
          const w = g.targets[e]!;
          if (!affected[w] && dist[w]! + g.costs[e]! === dist[u] && nextHopUsable(g, dist, e)) {
            keeps = true;
            break;
          }
        }
        if (keeps) continue;
        affected[u] = 1;
        members.push(u);
      }
      // Nodes that routed through u may now be affected too; none route through a stub.
      if (!affected[u] || (g.relays[u] === 0 && u !== dest)) continue;
      for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
        const p = g.targets[e]!;
        if (seen[p] || dist[p]! !== dist[u]! + g.costs[e]!) continue;
        let i = queue.length;
        while (i > 0 && dist[queue[i - 1]!]! > dist[p]) i--;
        queue.splice(i, 0, p);
      }
    }
    for (const u of visited) seen[u] = 0;
    if (!members.length) return;
    for (const m of members) dist[m] = UNREACHABLE;
    const destLost = affected[dest] === 1;
    if (destLost) {
      // The destination itself went down: nothing reaches it.
      for (const m of members) affected[m] = 0;
      return;
    }
    const seeds: number[] = [];
    for (const m of members) {
      if (g.nodeUp[m] !== 1) continue;
      for (let e = g.offsets[m]!; e < g.offsets[m + 1]!; e++) {
        const w = g.targets[e]!;
        if (affected[w] || !nextHopUsable(g, dist, e) || dist[w]! >= UNREACHABLE) continue;
        if (dist[w]! + g.costs[e]! < dist[m]!) dist[m] = dist[w]! + g.costs[e]!;
      }
      if (dist[m]! < UNREACHABLE) seeds.push(m);
    }
    for (const m of members) if (g.nodeUp[m] === 1) allowed[m] = 1;
    settle(g, dist, seeds, allowed);
    for (const m of members) affected[m] = allowed[m] = 0;
  }
}
