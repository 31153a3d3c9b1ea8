// Fat-tree two-level tables against Al-Fares et al. (SIGCOMM 2008), sections 3.3–3.4 (R2, R3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Estate } from '../model/estate.ts';
import type { Site } from '../model/site.ts';
import { buildSingleSiteEstate } from '../topology/multi-site.ts';
import { ipToBigInt } from '../net/ip.ts';
import {
  buildTwoLevelTables,
  ipv4ToInt,
  TwoLevelTableError,
  tryBuildTwoLevelTables,
  twoLevelNextHop,
  twoLevelPath,
  type TwoLevelTables,
} from './two-level.ts';
import { UnderlayRouting } from './underlay.ts';

const SITE = 'fat-tree-site';

function fatTree(k: number, mode: Site['routingMode'] = 'two-level'): Estate {
  const estate = buildSingleSiteEstate('fat-tree', { k });
  estate.sites[0]!.routingMode = mode;
  return estate;
}

const cache = new Map<number, { estate: Estate; tables: TwoLevelTables; spf: UnderlayRouting }>();
/** The tables of a k-ary fat-tree, and a link-state router over the same estate to compare with. */
function setup(k: number) {
  let s = cache.get(k);
  if (!s) {
    const estate = fatTree(k, 'link-state');
    s = { estate, tables: buildTwoLevelTables(estate, SITE), spf: new UnderlayRouting(estate) };
    cache.set(k, s);
  }
  return s;
}

const host = (pod: number, edge: number, id: number) => `${SITE}.p${pod}-e${edge}-h${id}`;
const hostsOf = (k: number) =>
  Array.from({ length: k }, (_, pod) =>
    Array.from({ length: k / 2 }, (_, e) =>
      Array.from({ length: k / 2 }, (_, i) => host(pod, e, i + 2)),
    ),
  ).flat(2);

describe('two-level tables (Al-Fares et al. §3.3–3.4)', () => {
  it("reproduce the paper's Figure 3 example: the table of switch 10.2.2.1 for k=4", () => {
    const { tables } = setup(4);
    const sw = tables.switches.get(`${SITE}.p2-agg-0`)!;
    expect(sw.ip).toBe('10.2.2.1');
    expect(sw.prefixes.map((p) => [p.prefix, p.port])).toEqual([
      ['10.2.0.0/24', 0],
      ['10.2.1.0/24', 1],
      ['0.0.0.0/0', 'suffix'],
    ]);
    expect(sw.suffixes.map((s) => [s.suffix, s.port])).toEqual([
      ['0.0.0.2/8', 2],
      ['0.0.0.3/8', 3],
    ]);
    // The caption's two lookups: 10.2.1.2 leaves on port 1, 10.3.0.3 on port 3.
    expect(twoLevelNextHop(tables, sw.switchId, '10.2.1.2')).toMatchObject({ port: 1 });
    expect(twoLevelNextHop(tables, sw.switchId, '10.3.0.3')).toMatchObject({
      port: 3,
      matched: '0.0.0.3/8',
      deviceId: `${SITE}.core-1-2`,
    });
  });

  for (const k of [2, 4, 6, 8, 12]) {
    it(`k=${k}: have the sizes the algorithms give (k/2 prefixes + default + k/2 suffixes per pod switch, k /16s per core)`, () => {
      const { tables } = setup(k);
      const half = k / 2;
      const byRole = { edge: 0, aggregation: 0, core: 0 };
      for (const sw of tables.switches.values()) {
        byRole[sw.role]++;
        // Every switch of the fat-tree has exactly k ports, each one in use.
        expect(sw.ports).toHaveLength(k);
        if (sw.role === 'core') {
          expect(sw.prefixes).toHaveLength(k);
          expect(sw.prefixes.every((p) => p.length === 16)).toBe(true);
          expect(sw.suffixes).toHaveLength(0);
        } else {
          const terminating = sw.prefixes.filter((p) => p.port !== 'suffix');
          expect(terminating).toHaveLength(half);
          expect(terminating.every((p) => p.length === (sw.role === 'edge' ? 32 : 24))).toBe(true);
          expect(sw.prefixes.at(-1)).toMatchObject({ prefix: '0.0.0.0/0', port: 'suffix' });
          expect(sw.suffixes).toHaveLength(half);
        }
      }
      expect(byRole).toEqual({ edge: k * half, aggregation: k * half, core: half * half });
      expect(tables.hosts.size).toBe(k ** 3 / 4);
    });
  }

  it('spread host IDs over the uplinks by (X − 2 + z) mod (k/2) + k/2: one host ID per uplink', () => {
    for (const k of [4, 6, 8, 12]) {
      const half = k / 2;
      for (const sw of setup(k).tables.switches.values()) {
        if (sw.role === 'core') continue;
        const z = sw.position!;
        for (const s of sw.suffixes) expect(s.port).toBe(((s.hostId - 2 + z) % half) + half);
        const uplinks = sw.suffixes.map((s) => s.port).sort((a, b) => a - b);
        expect(uplinks).toEqual(Array.from({ length: half }, (_, i) => half + i));
        // Uplink ports really lead up: aggregation switches from an edge, cores from an aggregation.
        const upRole = sw.role === 'edge' ? '-agg-' : '.core-';
        for (const p of uplinks) expect(sw.ports[p]!.deviceId).toContain(upRole);
      }
    }
  });

  it('send inter-pod traffic to one host ID through a fixed core, spread over all (k/2)^2 cores', () => {
    for (const k of [4, 6, 8]) {
      const { tables } = setup(k);
      const half = k / 2;
      const coreOf = (src: string, dst: string) =>
        twoLevelPath(tables, src, dst)!.devices.find((d) => d.includes('.core-'))!;
      for (let e = 0; e < half; e++) {
        const coresFromEdge = new Set<string>();
        for (let id = 2; id <= half + 1; id++) {
          // From any pod, any host under edge position e, to host ID `id` in any other pod: one core.
          const cores = new Set<string>();
          for (let srcPod = 0; srcPod < k; srcPod++)
            for (let dstPod = 0; dstPod < k; dstPod++) {
              if (srcPod === dstPod) continue;
              for (let srcId = 2; srcId <= half + 1; srcId++)
                cores.add(coreOf(host(srcPod, e, srcId), host(dstPod, (srcPod + 1) % half, id)));
            }
          expect(cores.size).toBe(1);
          // The formula twice: edge e picks aggregation m, which picks core column (id−2+m) mod k/2.
          const m = (id - 2 + e) % half;
          expect([...cores][0]).toBe(`${SITE}.core-${m + 1}-${((id - 2 + m) % half) + 1}`);
          coresFromEdge.add([...cores][0]!);
        }
        expect(coresFromEdge.size).toBe(half);
      }
      // (edge position, host ID) → core is one-to-one: every core carries one class of traffic.
      const all = new Set<string>();
      for (let e = 0; e < half; e++)
        for (let id = 2; id <= half + 1; id++) all.add(coreOf(host(0, e, 2), host(1, 0, id)));
      expect(all.size).toBe(half * half);
    }
  });

  it('give only shortest paths: the same hop count and cost as SPF, for every host pair (k=4, 6)', () => {
    for (const k of [4, 6]) {
      const { tables, spf, estate } = setup(k);
      const linkById = new Map(estate.links.map((l) => [l.id, l]));
      const hosts = hostsOf(k);
      for (const a of hosts)
        for (const b of hosts) {
          const p = twoLevelPath(tables, a, b)!;
          const s = spf.hostPath(a, b, 'f')!;
          expect(p.links.length).toBe(s.hops);
          expect(p.links.reduce((c, id) => c + linkById.get(id)!.cost, 0)).toBe(s.cost);
          p.links.forEach((id, i) => {
            const l = linkById.get(id)!;
            expect([l.a, l.b].sort()).toEqual([p.devices[i], p.devices[i + 1]].sort());
          });
        }
    }
  });

  it('give only shortest paths on larger fat-trees (random pairs, k up to 16)', () => {
    fc.assert(
      fc.property(fc.constantFrom(8, 10, 16), fc.nat(), fc.nat(), (k, x, y) => {
        const { tables, spf } = setup(k);
        const hosts = hostsOf(k);
        const a = hosts[x % hosts.length]!;
        const b = hosts[y % hosts.length]!;
        expect(twoLevelPath(tables, a, b)!.links.length).toBe(spf.hostPath(a, b, 'f')!.hops);
      }),
      { numRuns: 300 },
    );
  });

  it('find nothing for addresses outside the plan or unknown switches and hosts', () => {
    const { tables } = setup(4);
    expect(twoLevelNextHop(tables, `${SITE}.p0-edge-0`, '192.168.0.7')).toBeUndefined();
    expect(twoLevelNextHop(tables, 'nope', '10.0.0.2')).toBeUndefined();
    expect(twoLevelPath(tables, host(0, 0, 2), 'nope')).toBeUndefined();
    expect(twoLevelPath(tables, host(0, 0, 2), host(0, 0, 2))!.devices).toEqual([host(0, 0, 2)]);
    expect(() => twoLevelNextHop(tables, `${SITE}.p0-edge-0`, '10.0.0')).toThrow(
      TwoLevelTableError,
    );
  });

  it('parse dotted quads as the IP library does, and refuse anything else', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(ipv4ToInt(ip)).toBe(Number(ipToBigInt(ip)));
      }),
    );
    for (const bad of ['10.0.0', '10.0.0.256', '10..0.1', '1.2.3.4.5', 'a.b.c.d', '1234.0.0.1', ''])
      expect(() => ipv4ToInt(bad)).toThrow(TwoLevelTableError);
  });

  it('refuse sites that are not the paper fat-tree, with a typed error', () => {
    expect(() => buildTwoLevelTables(buildSingleSiteEstate('bcube'), 'bcube-site')).toThrow(
      TwoLevelTableError,
    );
    expect(() => buildTwoLevelTables(fatTree(4), 'elsewhere')).toThrow(/unknown site/);
    const cut = fatTree(4);
    cut.links = cut.links.filter((l) => l.id !== `${SITE}.p1-agg-1~${SITE}.core-2-1`);
    expect(tryBuildTwoLevelTables(cut, SITE)).toEqual({
      error: `no link between ${SITE}.p1-agg-1 and ${SITE}.core-2-1`,
    });
  });
});

describe('UnderlayRouting in two-level mode', () => {
  it('follows the tables while the ECMP width still counts every equal-cost path', () => {
    const estate = fatTree(6);
    const routing = new UnderlayRouting(estate);
    expect(routing.routingModeOf(SITE)).toBe('two-level');
    const tables = buildTwoLevelTables(estate, SITE);
    const [a, b] = [host(0, 1, 3), host(4, 2, 2)];
    const p = routing.hostPath(a, b, 'any flow')!;
    expect(p.routingMode).toBe('two-level');
    expect(p.devices).toEqual(twoLevelPath(tables, a, b)!.devices);
    expect(p.ecmpWidth).toBe(9);
    expect(routing.hostPath(a, host(0, 2, 2), 'f')!.ecmpWidth).toBe(3);
  });

  it('falls back to the repaired link-state paths when a link on the table path fails, and back again', () => {
    const routing = new UnderlayRouting(fatTree(4));
    const [a, b] = [host(0, 0, 2), host(1, 0, 3)];
    const before = routing.hostPath(a, b, 'f')!;
    const agg = before.devices[2]!;
    const uplink = before.links.find((l) => l.startsWith(agg) && l.includes('.core-'))!;
    routing.setLinkState(uplink, false);
    const during = routing.hostPath(a, b, 'f')!;
    expect(during.routingMode).toBe('link-state');
    expect(during.links).not.toContain(uplink);
    expect(during.hops).toBe(6);
    expect(during.ecmpWidth).toBe(3);
    routing.setLinkState(uplink, true);
    expect(routing.hostPath(a, b, 'f')).toEqual(before);
  });

  it('routes link-state, and says why, when a two-level site cannot carry the tables', () => {
    const estate = buildSingleSiteEstate('leaf-spine');
    estate.sites[0]!.routingMode = 'two-level';
    const routing = new UnderlayRouting(estate);
    expect(routing.routingModeOf('leaf-spine-site')).toBe('link-state');
    expect(routing.twoLevelFallbacks.get('leaf-spine-site')).toMatch(/not a fat-tree/);
    const p = routing.hostPath('leaf-spine-site.leaf-1-h1', 'leaf-spine-site.leaf-2-h1', 'f')!;
    expect(p.routingMode).toBe('link-state');
  });
});
