// LISP (RFC 9300, RFC 9301) on the three-site estate, every figure hand-added from its
// latencies: host↔gateway 0.015 ms, WAN a–b 10, b–c 20, a–c 25 ms (gateway to gateway).
// x-rn (one IPv4 EID) moves a → b; its peer y runs in c, and it talks to an external prefix.
import { describe, expect, it } from 'vitest';
import { createImpactEngine } from '../impact/engine.ts';
import { previewMove } from '../impact/preview.ts';
import type { FlowImpact, ImpactReport, StrategyName } from '../impact/report.ts';
import {
  hostIn,
  moveToB,
  threeSites,
  TO_GATEWAY_MS as G,
  WAN_MS,
} from '../impact/three-sites.test-estate.ts';
import type { LispDeployment } from '../model/lisp.ts';

/** The three sites with LISP deployed as given. */
function engineWith(lisp: LispDeployment | undefined) {
  const estate = threeSites();
  if (lisp) estate.lisp = lisp;
  return createImpactEngine(estate);
}

const flow = (r: ImpactReport, id: string): FlowImpact => r.flows.find((f) => f.flowId === id)!;
const score = (r: ImpactReport, s: StrategyName) => r.comparison.find((c) => c.strategy === s)!;

/** RFC 9301 §5.4's recommended record TTL, 24 hours, in ms. */
const DAY_MS = 1440 * 60 * 1000;

describe('LISP with xTRs in a and b, the map server in c, a proxy ITR in a', () => {
  const engine = engineWith({
    xtrSiteIds: ['a', 'b'],
    mapServerSiteId: 'c',
    proxyItrSiteIds: ['a'],
  });
  const r = moveToB(engine, 'x-rn', 'lisp');

  it('keeps the address (the EID) and encapsulates the proxy ITR → new ETR in 36 bytes over IPv4 (RFC 9300 §5)', () => {
    expect(r.feasible).toBe(true);
    expect(r.addressing[0]).toMatchObject({
      kept: true,
      ipv4: { before: '10.4.0.10', after: '10.4.0.10' },
    });
    expect(r.tunnels.created).toEqual([
      {
        kind: 'lisp',
        a: 'a.gw-1',
        b: 'b.gw-1',
        segment: 'EID 10.4.0.10',
        overheadBytes: 20 + 8 + 8,
        vmMtu: 1500 - 36,
      },
    ]);
    expect(r.warnings.find((w) => w.code === 'lisp-encapsulation')!.message).toContain(
      '1464 bytes',
    );
  });

  it('reaches the VM once the proxy ITR has re-resolved: Map-Register b→c, SMR a→a, Map-Request a→c, forward c→b, Map-Reply b→a', () => {
    const expected = WAN_MS.bc + 0 + WAN_MS.ac + WAN_MS.bc + WAN_MS.ab; // 75 ms
    expect(r.interruption!.networkSwitchMs).toBe(75);
    expect(r.interruption!.networkSwitchMs).toBe(expected);
    expect(r.interruption!.announceMs).toBe(0);
    const register = r.addressing[0]!.announcements.find((a) => a.kind === 'lisp-map-register')!;
    expect(register.atMs).toEqual([WAN_MS.bc]);
    const smr = r.addressing[0]!.announcements.find((a) => a.kind === 'lisp-smr')!;
    expect(smr.receivers).toBe(1);
    expect(smr.atMs).toEqual([expected]);
  });

  it('changes one map-cache entry on the proxy ITR and the registration at the map server', () => {
    expect(r.tables.filter((t) => t.table === 'map-cache' || t.table === 'map-server')).toEqual([
      { deviceId: 'a.gw-1', table: 'map-cache', added: 0, changed: 1, removed: 0 },
      { deviceId: 'c.gw-1', table: 'map-server', added: 0, changed: 1, removed: 0 },
    ]);
  });

  it('leaves at b straight to y, but y (no LISP in c) comes back through the proxy ITR in a: +10 ms, tromboning (R17)', () => {
    const toY = flow(r, 'f7');
    expect(toY.outbound.after!.latencyMs).toBeCloseTo(G + WAN_MS.bc + G, 3); // 20.03
    // y's host → c's gateway → a's (25) → encapsulated to b's (10) → x's host.
    expect(toY.inbound.after!.latencyMs).toBeCloseTo(G + WAN_MS.ac + WAN_MS.ab + G, 3); // 35.03
    expect(toY.inbound.addedMs).toBeCloseTo(WAN_MS.ab, 3);
    expect(toY.inbound.tromboneVia).toBe('a');
    const ext = flow(r, 'f8');
    expect(ext.inbound.after!.devices[0]).toBe('a.gw-1');
    expect(ext.inbound.after!.latencyMs).toBeCloseTo(WAN_MS.ab + G, 3); // 10.015
    const detour = r.warnings.find((w) => w.code === 'lisp-proxy-detour')!;
    expect(detour.message).toContain('y, 198.51.100.0/24');
    expect(detour.message).toContain('through a (proxy ITR)');
  });

  it('shows the map-cache TTL, 1440 min by default, as the window of possible loss', () => {
    expect(r.staleMappingWindowMs).toBe(DAY_MS);
    expect(r.warnings.find((w) => w.code === 'lisp-stale-map-cache')!.message).toContain(
      '1440 min (24 h 0 min)',
    );
  });
});

describe('LISP in all three sites, the map server in a, no proxy ITR', () => {
  const engine = engineWith({
    xtrSiteIds: ['a', 'b', 'c'],
    mapServerSiteId: 'a',
    proxyItrSiteIds: [],
  });
  const r = moveToB(engine, 'x-rn', 'lisp');

  it('waits for the slowest ITR: c, y’s, at Map-Register b→a + SMR a→c + Map-Request c→a + forward a→b + Map-Reply b→c', () => {
    const viaC = WAN_MS.ab + WAN_MS.ac + WAN_MS.ac + WAN_MS.ab + WAN_MS.bc; // 90
    // The external prefix still enters at a (its home prefix), whose xTR re-resolves too: 10 + 0 + 0 + 10 + 10.
    const viaA = WAN_MS.ab + 0 + 0 + WAN_MS.ab + WAN_MS.ab; // 30
    expect(r.addressing[0]!.announcements.find((a) => a.kind === 'lisp-smr')!.atMs).toEqual([
      viaC,
      viaA,
    ]);
    expect(r.interruption!.networkSwitchMs).toBe(90);
  });

  it('y’s ITR in c encapsulates straight to b: no detour; outside traffic enters at a, the home prefix', () => {
    expect(flow(r, 'f7').inbound.after!.latencyMs).toBeCloseTo(G + WAN_MS.bc + G, 3);
    expect(flow(r, 'f7').inbound.tromboneVia).toBeNull();
    expect(flow(r, 'f8').inbound.after!.latencyMs).toBeCloseTo(WAN_MS.ab + G, 3);
    const detour = r.warnings.find((w) => w.code === 'lisp-proxy-detour')!;
    expect(detour.message).toContain('from 198.51.100.0/24');
    expect(detour.message).toContain('through a (home prefix)');
  });

  it('a dual-stack VM has two EIDs: two entries per map-cache, IPv4 RLOCs (36 bytes)', () => {
    const dual = moveToB(engine, 'x-ov', 'lisp');
    const cache = dual.tables.filter((t) => t.table === 'map-cache');
    expect(cache.length).toBeGreaterThan(0);
    expect(cache.every((t) => t.changed === 2)).toBe(true);
    expect(dual.tunnels.created.every((t) => t.overheadBytes === 36)).toBe(true);
  });
});

describe('LISP outer headers and TTL', () => {
  it('encapsulates in 56 bytes when the RLOCs share only IPv6 (40 + 8 + 8)', () => {
    const estate = threeSites({ a: 'ipv6', b: 'ipv6' });
    estate.lisp = { xtrSiteIds: ['a', 'b'], mapServerSiteId: 'a', proxyItrSiteIds: ['a'] };
    const r = moveToB(createImpactEngine(estate), 'x-rn', 'lisp');
    expect(r.tunnels.created.map((t) => [t.overheadBytes, t.vmMtu])).toEqual([[56, 1444]]);
  });

  it('takes the estate’s own map-cache TTL', () => {
    const engine = engineWith({
      xtrSiteIds: ['a', 'b'],
      mapServerSiteId: 'a',
      proxyItrSiteIds: [],
      mapCacheTtlMinutes: 10,
    });
    expect(moveToB(engine, 'x-rn', 'lisp').staleMappingWindowMs).toBe(10 * 60 * 1000);
  });
});

describe('when LISP does not apply', () => {
  const notApplicable = (engine: ReturnType<typeof engineWith>, hostId: string) => {
    const r = previewMove(engine, {
      vmIds: ['x-rn'],
      target: { kind: 'host', hostId },
      strategy: 'all',
    });
    if (!r.ok) throw new Error(r.error.message);
    return score(r.report, 'lisp').notApplicableBecause;
  };

  it('says why: no LISP, the same site, a source or target without an xTR', () => {
    expect(notApplicable(engineWith(undefined), hostIn('b', 1))).toBe('the estate runs no LISP');
    const ab = engineWith({ xtrSiteIds: ['a', 'b'], mapServerSiteId: 'a', proxyItrSiteIds: [] });
    expect(notApplicable(ab, hostIn('a', 2))).toMatch(/stays in its site/);
    expect(notApplicable(ab, hostIn('c', 1))).toBe('c is not a LISP site (no xTR)');
    const bc = engineWith({ xtrSiteIds: ['b', 'c'], mapServerSiteId: 'b', proxyItrSiteIds: [] });
    expect(notApplicable(bc, hostIn('b', 1))).toBe('a is not a LISP site (no xTR)');
  });
});

describe('LISP in the comparison', () => {
  const engine = engineWith({
    xtrSiteIds: ['a', 'b'],
    mapServerSiteId: 'c',
    proxyItrSiteIds: ['a'],
  });
  const all = moveToB(engine, 'x-rn', 'all');

  it('is scored with the same parts and units as every other strategy', () => {
    const lisp = score(all, 'lisp');
    const renumber = score(all, 'renumber');
    expect(lisp.applicable).toBe(true);
    expect(lisp.costParts.map((p) => [p.part, p.unit])).toEqual(
      renumber.costParts.map((p) => [p.part, p.unit]),
    );
    expect(lisp.interruption!.networkSwitchMs).toBe(75);
    expect(lisp.addedLatencyMs!.inbound).toBeGreaterThan(0);
    expect(lisp.staleMappingWindowMs).toBe(DAY_MS);
    expect(renumber.staleMappingWindowMs).toBeNull();
    expect(lisp.tunnelsAdded).toBe(1);
  });

  it('best still picks the cheapest feasible strategy', () => {
    const feasible = all.comparison.filter((c) => c.feasible);
    const cheapest = Math.min(...feasible.map((c) => c.cost!));
    expect(all.strategy).toBe(feasible.find((c) => c.cost === cheapest)!.strategy);
  });
});
