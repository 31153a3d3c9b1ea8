// Paths inside one site stay in its fabric, whatever the topology (R2, R3): no
// DC gateway in the path, no host relaying except BCube's servers, and cost
// and ECMP width equal to an independent Dijkstra over the fabric with the
// gateway left out.
import { describe, expect, it } from 'vitest';
import type { Estate } from '../model/estate.ts';
import type { GeneratedTopologyKind } from '../model/site.ts';
import { createPrng } from '../util/prng.ts';
import { SITE, siteWithGateway } from './test-estates.ts';
import { UnderlayRouting, type UnderlayPath } from './underlay.ts';

/**
 * Dijkstra from `src` over the site's devices and links with every gateway
 * left out, counting shortest paths as it goes (a node's count is the sum of
 * its shortest predecessors' counts). Hosts are ends only, except in BCube,
 * whose servers relay (Guo et al., SIGCOMM 2009). A plain O(V²) scan: small
 * fabrics, and nothing shared with the code under test.
 */
function fabricDijkstra(estate: Estate, src: string) {
  const devices = new Map(
    estate.devices.filter((d) => d.siteId === SITE && d.role !== 'gateway').map((d) => [d.id, d]),
  );
  const serverCentric = estate.sites[0]!.topology.kind === 'bcube';
  const adj = new Map<string, { to: string; cost: number }[]>();
  for (const id of devices.keys()) adj.set(id, []);
  for (const l of estate.links) {
    if (!devices.has(l.a) || !devices.has(l.b)) continue;
    adj.get(l.a)!.push({ to: l.b, cost: l.cost });
    adj.get(l.b)!.push({ to: l.a, cost: l.cost });
  }
  const dist = new Map<string, number>([[src, 0]]);
  const count = new Map<string, number>([[src, 1]]);
  const done = new Set<string>();
  for (;;) {
    let u: string | undefined;
    for (const [id, d] of dist) if (!done.has(id) && (u === undefined || d < dist.get(u)!)) u = id;
    if (u === undefined) break;
    done.add(u);
    if (u !== src && devices.get(u)!.role === 'host' && !serverCentric) continue;
    for (const { to, cost } of adj.get(u)!) {
      const nd = dist.get(u)! + cost;
      const old = dist.get(to);
      if (old === undefined || nd < old) {
        dist.set(to, nd);
        count.set(to, count.get(u)!);
      } else if (nd === old) count.set(to, count.get(to)! + count.get(u)!);
    }
  }
  return { dist, count };
}

/** The path is a walk over its links, its cost their sum, and only BCube servers relay. */
function expectFabricWalk(estate: Estate, p: UnderlayPath) {
  const links = new Map(estate.links.map((l) => [l.id, l]));
  const roles = new Map(estate.devices.map((d) => [d.id, d.role]));
  expect(p.links).toHaveLength(p.devices.length - 1);
  expect(p.hops).toBe(p.links.length);
  let cost = 0;
  p.links.forEach((id, i) => {
    const l = links.get(id)!;
    expect([l.a, l.b].sort()).toEqual([p.devices[i], p.devices[i + 1]].sort());
    cost += l.cost;
  });
  expect(p.cost).toBe(cost);
  expect(p.devices.filter((d) => roles.get(d) === 'gateway')).toEqual([]);
  if (estate.sites[0]!.topology.kind !== 'bcube')
    expect(p.devices.slice(1, -1).filter((d) => roles.get(d) === 'host')).toEqual([]);
}

/** Every pair when there are few, else a seeded sample of them. */
function pairsOf(ids: string[], seed: number, max = 600): [string, string][] {
  const all: [string, string][] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) all.push([ids[i]!, ids[j]!]);
  if (all.length <= max) return all;
  const rng = createPrng(seed);
  return Array.from({ length: max }, () => rng.pick(all));
}

const CASES: { kind: GeneratedTopologyKind; params: Record<string, number> }[] = [
  {
    kind: 'three-tier',
    params: { cores: 1, aggregations: 2, accessPerAggregation: 1, hostsPerAccess: 3 },
  },
  {
    kind: 'three-tier',
    params: { cores: 2, aggregations: 4, accessPerAggregation: 2, hostsPerAccess: 2 },
  },
  {
    kind: 'three-tier',
    params: { cores: 3, aggregations: 6, accessPerAggregation: 1, hostsPerAccess: 2 },
  },
  { kind: 'fat-tree', params: { k: 2 } },
  { kind: 'fat-tree', params: { k: 4 } },
  { kind: 'fat-tree', params: { k: 6 } },
  { kind: 'leaf-spine', params: { spines: 1, leaves: 4, hostsPerLeaf: 2 } },
  { kind: 'leaf-spine', params: { spines: 2, leaves: 3, hostsPerLeaf: 2 } },
  { kind: 'leaf-spine', params: { spines: 4, leaves: 6, hostsPerLeaf: 3 } },
  { kind: 'bcube', params: { n: 2, k: 1 } },
  { kind: 'bcube', params: { n: 4, k: 1 } },
  { kind: 'bcube', params: { n: 3, k: 2 } },
  { kind: 'bcube', params: { n: 2, k: 3 } },
  { kind: 'bcube', params: { n: 4, k: 2 } },
];

describe('paths inside one site stay in the fabric (every generator, gateway attached)', () => {
  CASES.forEach(({ kind, params }, c) => {
    it(`${kind} ${JSON.stringify(params)}: hosts and border devices, against Dijkstra without the gateway`, () => {
      const estate = siteWithGateway(kind, params);
      const routing = new UnderlayRouting(estate);
      const gateway = estate.devices.find((d) => d.role === 'gateway')!.id;
      const hosts = estate.devices.filter((d) => d.role === 'host').map((d) => d.id);
      const border = estate.links.filter((l) => l.a === gateway).map((l) => l.b);
      for (const [a, b] of [...pairsOf(hosts, c), ...pairsOf(border, c)]) {
        const want = fabricDijkstra(estate, a);
        const p = routing.hostPath(a, b, `${a}>${b}`)!;
        expect(p.devices[0]).toBe(a);
        expect(p.devices.at(-1)).toBe(b);
        expectFabricWalk(estate, p);
        expect(p.cost).toBe(want.dist.get(b));
        expect(p.ecmpWidth).toBe(want.count.get(b));
      }
    });
  });
});
