// Underlay routing against brute force and the papers' path counts (R2, R3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Device } from '../model/device.ts';
import type { Link } from '../model/link.ts';
import { buildSingleSiteEstate, buildMultiSiteEstate } from '../topology/multi-site.ts';
import { DistanceTable } from './distance-table.ts';
import { countShortestPaths, enumerateShortestPaths, hashedPath } from './paths.ts';
import { buildGraph, buildSiteGraph, relaysInSite } from './site-graph.ts';
import { spfTo, spfToMany, UNREACHABLE } from './spf.ts';
import { UnderlayRouting } from './underlay.ts';

/**
 * A random connected graph: a random spanning tree plus extra edges, with
 * small integer costs; about one node in four is a gateway, a stub that ends
 * paths but relays none (site-graph.ts).
 */
const randomGraph = fc
  .integer({ min: 2, max: 8 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      tree: fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }),
      extra: fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), {
        maxLength: 2 * n,
      }),
      costs: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3 * n, maxLength: 3 * n }),
      stubs: fc.array(fc.nat({ max: 3 }), { minLength: n, maxLength: n }),
    }),
  )
  .map(({ n, tree, extra, costs, stubs }) => {
    const pairs = new Set<string>();
    const edges: [number, number][] = [];
    const add = (a: number, b: number) => {
      const key = a < b ? `${a}-${b}` : `${b}-${a}`;
      if (a === b || pairs.has(key)) return;
      pairs.add(key);
      edges.push([a, b]);
    };
    tree.forEach((r, i) => add(i + 1, r % (i + 1)));
    extra.forEach(([a, b]) => add(a, b));
    const devices: Device[] = Array.from({ length: n }, (_, i) => ({
      id: `n${i}`,
      siteId: 's',
      name: `n${i}`,
      role: stubs[i] === 0 ? 'gateway' : 'core',
      ports: 1,
      state: 'up',
    }));
    const links: Link[] = edges.map(([a, b], i) => ({
      id: `l${i}`,
      a: `n${a}`,
      b: `n${b}`,
      capacityGbps: 100,
      latencyMs: 0,
      cost: costs[i % costs.length]!,
      state: 'up',
      utilisation: 0,
    }));
    const stub = (i: number) => stubs[i] === 0;
    return { n, devices, links, stub };
  });

/** The routing graph of a random graph, gateways as stubs as in a site. */
const graphOf = (r: { devices: Device[]; links: Link[] }) =>
  buildGraph('s', r.devices, [], r.links, relaysInSite);

/**
 * Every simple path from src to dst by DFS, with its cost; then the cheapest
 * ones. A stub may start or end a path, never lie inside one.
 */
function bruteForce(
  n: number,
  links: Link[],
  up: (l: Link) => boolean,
  src: number,
  dst: number,
  stub: (i: number) => boolean = () => false,
) {
  const adj = Array.from({ length: n }, () => [] as { v: number; c: number }[]);
  for (const l of links) {
    if (!up(l)) continue;
    const a = Number(l.a.slice(1));
    const b = Number(l.b.slice(1));
    adj[a]!.push({ v: b, c: l.cost });
    adj[b]!.push({ v: a, c: l.cost });
  }
  const all: { path: number[]; cost: number }[] = [];
  const walk = (u: number, path: number[], cost: number) => {
    if (u === dst) return void all.push({ path, cost });
    if (u !== src && stub(u)) return;
    for (const { v, c } of adj[u]!) if (!path.includes(v)) walk(v, [...path, v], cost + c);
  };
  walk(src, [src], 0);
  const min = Math.min(...all.map((p) => p.cost));
  return {
    min,
    paths: all
      .filter((p) => p.cost === min)
      .map((p) => p.path.join(','))
      .sort(),
  };
}

/** The same graphs with one cost everywhere, which takes SPF's breadth-first path. */
const uniformGraph = randomGraph.map((g) => ({
  ...g,
  links: g.links.map((l) => ({ ...l, cost: 2 })),
}));

describe('shortest paths with ECMP', () => {
  it('match brute-force enumeration of all simple paths on random graphs', () => {
    fc.assert(
      fc.property(fc.oneof(randomGraph, uniformGraph), fc.nat(), fc.nat(), (r, s, d) => {
        const { n, links, stub } = r;
        const src = s % n;
        const dst = d % n;
        const g = graphOf(r);
        const dist = spfTo(g, dst);
        const brute = bruteForce(n, links, () => true, src, dst, stub);
        if (!Number.isFinite(brute.min)) {
          // Only a stub joined them: no path at all.
          expect(dist[src]).toBe(UNREACHABLE);
          expect(countShortestPaths(g, dist, src)).toBe(0);
          return;
        }
        expect(dist[src]).toBe(brute.min);
        expect(Array.from(spfToMany(g, [dst])[0]!)).toEqual(Array.from(dist));
        const ours = enumerateShortestPaths(g, dist, src)
          .map((p) => p.join(','))
          .sort();
        expect(ours).toEqual(brute.paths);
        expect(countShortestPaths(g, dist, src)).toBe(brute.paths.length);
        const chosen = hashedPath(g, dist, src, 'flow-1')!;
        expect(brute.paths).toContain(chosen.nodes.join(','));
      }),
      { numRuns: 300 },
    );
  });

  it('stay exact under any sequence of link failures and repairs (incremental = from scratch)', () => {
    fc.assert(
      fc.property(
        randomGraph,
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 12 }),
        (r, ops) => {
          const { n, links, stub } = r;
          const g = graphOf(r);
          const table = new DistanceTable(g);
          table.precompute(Array.from({ length: n }, (_, i) => i));
          for (const [li, up] of ops) {
            table.setLinkUp(li % links.length, up);
            for (let d = 0; d < n; d++)
              expect(Array.from(table.toward(d))).toEqual(Array.from(spfTo(g, d)));
            const brute = bruteForce(
              n,
              links,
              (l) => g.linkUp[g.linkIndexOf.get(l.id)!] === 1,
              0,
              n - 1,
              stub,
            );
            expect(table.toward(n - 1)[0]).toBe(
              Number.isFinite(brute.min) ? brute.min : UNREACHABLE,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stay exact when nodes go down and come back', () => {
    fc.assert(
      fc.property(
        randomGraph,
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 8 }),
        (r, ops) => {
          const { n, links, stub } = r;
          const g = graphOf(r);
          const table = new DistanceTable(g);
          table.precompute(Array.from({ length: n }, (_, i) => i));
          for (const [node, up] of ops) {
            table.setNodeUp(node % n, up);
            for (let d = 0; d < n; d++)
              expect(Array.from(table.toward(d))).toEqual(Array.from(spfTo(g, d)));
            // A down node carries nothing and ends nothing.
            const nodeUp = (l: Link) => [l.a, l.b].every((id) => g.nodeUp[Number(id.slice(1))]);
            const brute = g.nodeUp[0] ? bruteForce(n, links, nodeUp, 0, n - 1, stub).min : Infinity;
            expect(table.toward(n - 1)[0]).toBe(Number.isFinite(brute) ? brute : UNREACHABLE);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('many destinations at once', () => {
  it('bit-parallel BFS equals one SPF per destination, across batches of 32 and with links down', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 6),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.boolean(),
        (k, down, uniform) => {
          const estate = buildSingleSiteEstate('fat-tree', { k });
          // Non-uniform costs take the Dijkstra path; uniform ones the bit-parallel BFS.
          if (!uniform) estate.links[0]!.cost = 9;
          const g = buildSiteGraph(estate, 'fat-tree-site');
          for (const d of down) g.linkUp[d % g.links.length] = 0;
          const dests = Array.from({ length: g.nodes.length }, (_, i) => i).reverse();
          const many = spfToMany(g, dests);
          dests.forEach((d, i) => expect(Array.from(many[i]!)).toEqual(Array.from(spfTo(g, d))));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('fat-tree path counts (Al-Fares et al.)', () => {
  for (const k of [4, 6, 8]) {
    const routing = new UnderlayRouting(buildSingleSiteEstate('fat-tree', { k }));
    const host = (pod: number, edge: number, id: number) => `fat-tree-site.p${pod}-e${edge}-h${id}`;

    it(`k=${k}: (k/2)^2 paths across pods, k/2 across edges of one pod, 1 under one edge`, () => {
      expect(routing.hostPath(host(0, 0, 2), host(1, 0, 2), 'f')!.ecmpWidth).toBe((k / 2) ** 2);
      expect(routing.hostPath(host(0, 0, 2), host(0, 1, 2), 'f')!.ecmpWidth).toBe(k / 2);
      expect(routing.hostPath(host(0, 0, 2), host(0, 0, 3), 'f')!.ecmpWidth).toBe(1);
      expect(routing.hostPath(host(0, 0, 2), host(k - 1, 0, 2), 'f')!.hops).toBe(6);
      expect(routing.hostPath(host(0, 0, 2), host(0, 1, 2), 'f')!.hops).toBe(4);
      expect(routing.hostPath(host(0, 0, 2), host(0, 0, 3), 'f')!.hops).toBe(2);
    });
  }

  it('spreads flows over the core in link-state mode: different flows between two pods use several cores', () => {
    // Hashed ECMP is the link-state mode; a generated fat-tree defaults to two-level tables.
    const estate = buildSingleSiteEstate('fat-tree', { k: 8 });
    estate.sites[0]!.routingMode = 'link-state';
    const routing = new UnderlayRouting(estate);
    const cores = new Set<string>();
    for (let f = 0; f < 200; f++) {
      const p = routing.hostPath('fat-tree-site.p0-e0-h2', 'fat-tree-site.p5-e2-h3', `flow-${f}`)!;
      cores.add(p.devices.find((d) => d.includes('core'))!);
      expect(p.routingMode).toBe('link-state');
    }
    expect(cores.size).toBeGreaterThan(8);
  });

  it('pins every flow to one core in two-level mode (the default for a generated fat-tree)', () => {
    const routing = new UnderlayRouting(buildSingleSiteEstate('fat-tree', { k: 8 }));
    const cores = new Set<string>();
    for (let f = 0; f < 50; f++) {
      const p = routing.hostPath('fat-tree-site.p0-e0-h2', 'fat-tree-site.p5-e2-h3', `flow-${f}`)!;
      cores.add(p.devices.find((d) => d.includes('core'))!);
      expect(p.routingMode).toBe('two-level');
      expect(p.ecmpWidth).toBe(16);
    }
    expect(cores.size).toBe(1);
  });

  it('repairs paths when a link fails: the width drops and the failed link is avoided', () => {
    const routing = new UnderlayRouting(buildSingleSiteEstate('fat-tree', { k: 4 }));
    const [a, b] = ['fat-tree-site.p0-e0-h2', 'fat-tree-site.p1-e0-h2'];
    expect(routing.setLinkState('fat-tree-site.p0-edge-0~fat-tree-site.p0-agg-0', false)).toBe(
      true,
    );
    const p = routing.hostPath(a, b, 'f')!;
    expect(p.ecmpWidth).toBe(2);
    expect(p.links).not.toContain('fat-tree-site.p0-edge-0~fat-tree-site.p0-agg-0');
    routing.setLinkState('fat-tree-site.p0-edge-0~fat-tree-site.p0-agg-0', true);
    expect(routing.hostPath(a, b, 'f')!.ecmpWidth).toBe(4);
  });

  it('never serves a stale cached ECMP width after a failure and a repair', () => {
    const routing = new UnderlayRouting(buildSingleSiteEstate('fat-tree', { k: 4 }));
    const [a, b] = ['fat-tree-site.p0-e0-h2', 'fat-tree-site.p1-e0-h2'];
    const link = 'fat-tree-site.p1-edge-0~fat-tree-site.p1-agg-1';
    expect(routing.hostPath(a, b, 'f')!.ecmpWidth).toBe(4);
    routing.setLinkState(link, false);
    expect(routing.hostPath(a, b, 'f')!.ecmpWidth).toBe(2);
    routing.setLinkState(link, true);
    expect(routing.hostPath(a, b, 'f')!.ecmpWidth).toBe(4);
  });

  it('finds no path to a host whose only link is down', () => {
    const routing = new UnderlayRouting(buildSingleSiteEstate('fat-tree', { k: 4 }));
    routing.setDeviceState('fat-tree-site.p1-e0-h2', false);
    expect(
      routing.hostPath('fat-tree-site.p0-e0-h2', 'fat-tree-site.p1-e0-h2', 'f'),
    ).toBeUndefined();
  });
});

describe('BCube (Guo et al.)', () => {
  it('routes server to server in at most k+1 server hops', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 0, max: 2 }),
        fc.nat(),
        fc.nat(),
        (n, k, a, b) => {
          const estate = buildSingleSiteEstate('bcube', { n, k });
          const servers = estate.devices.filter((d) => d.role === 'host');
          const routing = new UnderlayRouting(estate, { lazy: true });
          const src = servers[a % servers.length]!.id;
          const dst = servers[b % servers.length]!.id;
          const p = routing.hostPath(src, dst, 'f')!;
          const switchesCrossed = p.devices.filter((d) => d.includes('-sw-')).length;
          expect(switchesCrossed).toBeLessThanOrEqual(k + 1);
          // Digits that differ = switches crossed: BCube's one-digit-per-hop correction.
          const digits = (id: string) => id.split('srv-')[1]!;
          const differing = [...digits(src)].filter((c, i) => c !== digits(dst)[i]).length;
          expect(switchesCrossed).toBe(differing);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('multi-site paths', () => {
  it('go host → gateway → WAN → gateway → host, with latency from the WAN', () => {
    const estate = buildMultiSiteEstate({
      id: 'e',
      name: 'e',
      wan: 'ring',
      // A diamond: a and c are equally far apart through b and through d.
      sites: ['a', 'b', 'c', 'd'].map((id, i) => ({
        id,
        name: id,
        ownership: 'private' as const,
        region: id,
        location: { lat: [0, 10, 0, -10][i]!, lon: [0, 20, 40, 20][i]! },
        topology: {
          kind: 'leaf-spine' as const,
          params: { spines: 2, leaves: 2, hostsPerLeaf: 2 },
        },
        gateway: { stack: 'dual' as const },
      })),
    });
    const routing = new UnderlayRouting(estate);
    const p = routing.hostPath('a.leaf-1-h1', 'c.leaf-2-h2', 'f')!;
    expect(p.devices[0]).toBe('a.leaf-1-h1');
    expect(p.devices.at(-1)).toBe('c.leaf-2-h2');
    expect(p.devices).toContain('a.gw-1');
    expect(p.devices).toContain('c.gw-1');
    // On a ring of four, a and c are two WAN hops apart both ways: two equal WAN paths.
    expect(p.wanLinks).toHaveLength(2);
    expect(p.ecmpWidth).toBe(2 * 2 * 2);
    expect(p.latencyMs).toBeGreaterThan(20);
    routing.setLinkState('wan.a~b', false);
    const q = routing.hostPath('a.leaf-1-h1', 'c.leaf-2-h2', 'f')!;
    expect(q.wanLinks).toEqual(['wan.d~a', 'wan.c~d']);
    expect(routing.externalPath('a.leaf-1-h1', 'f')!.devices.at(-1)).toBe('a.gw-1');
  });
});
