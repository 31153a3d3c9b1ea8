/**
 * Evacuate a host, drain a site (R16: placement near the VM's peers). The
 * expected placements and figures are worked out by hand on the three-site
 * estate (three-sites.test-estate.ts): hosts of a site share one leaf (host
 * to host 2 × 0.005 ms, to the gateway 0.015 ms), WAN a–b 10 ms, b–c 20 ms,
 * a–c 25 ms. The four VMs x-* on a.h1 each send 100 Mbit/s to y on c.h1 and
 * 300 Mbit/s to an external prefix; x-ov also 50 Mbit/s to ov-mate on c.h2.
 */
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { createImpactEngine } from '../impact/engine.ts';
import { hostIn, threeSites } from '../impact/three-sites.test-estate.ts';
import type { Estate } from '../model/estate.ts';
import { admitPlacement } from '../policy/admission.ts';
import {
  proposeEvacuation,
  tenantVmsToMove,
  vmsToMove,
  type EvacuationProposal,
  type EvacuationRequest,
} from './evacuate.ts';

const X = ['x-ag', 'x-ov', 'x-rn', 'x-vl'];

function propose(estate: Estate, request: EvacuationRequest): EvacuationProposal {
  const r = proposeEvacuation(createImpactEngine(estate), request);
  if (!r.ok) throw new Error(r.error.message);
  return r.proposal;
}

const targets = (p: EvacuationProposal) =>
  Object.fromEntries(p.moves.map((m) => [m.vmId, m.toHost]));

describe('draining a site', () => {
  it('takes each VM to its peers: all four x-* to c.h1, beside y (0 ms) rather than b (20.03 ms)', () => {
    // x-ov at c.h1: 100 × 0 + 300 × 0.015 + 50 × 0.01 = 5.0; at c.h2: 100 × 0.01 + 4.5 + 0 = 5.5;
    // at b: 100 × 20.03 + 4.5 + 50 × 20.03 = 3,009. The others have no mate: c.h1 4.5 against 5.5.
    const p = propose(threeSites(), { source: { kind: 'site', siteId: 'a' } });
    expect(targets(p)).toEqual(Object.fromEntries(X.map((id) => [id, hostIn('c', 1)])));
    expect(p.unplaced).toEqual([]);
    expect(p.admitted).toBe(true);
  });

  it('gives the WAN traffic and the mean latency of the moving VMs’ flows before and after', () => {
    const s = propose(threeSites(), { source: { kind: 'site', siteId: 'a' } }).summary;
    // Before: 4 × 100 to y and 50 to ov-mate cross a–c (25.03 ms); 4 × 300 leave by a's gateway (0.015 ms).
    expect(s.flows).toBe(9);
    expect(s.wanMbpsBefore).toBe(450);
    expect(s.wanMbpsAfter).toBe(0);
    expect(s.meanLatencyMsBefore).toBeCloseTo((450 * 25.03 + 1200 * 0.015) / 1650, 9);
    // After: y on the same host (0 ms), ov-mate one leaf away (0.01 ms), the prefix 0.015 ms.
    expect(s.meanLatencyMsAfter).toBeCloseTo((50 * 0.01 + 1200 * 0.015) / 1650, 9);
    expect(s.bySite).toEqual([{ siteId: 'c', vms: 4, vcpu: 8, memoryGiB: 16 }]);
    expect(s.memoryGiB).toBe(16);
  });

  it('spreads VMs over hosts that cost the same: the one with the most free memory, then by id', () => {
    // Without c, b's two hosts are equally far from y (20.03 ms): x-ag (first by id) to h1,
    // then h2 has 4 GiB more free, then h1 again, and so on.
    const p = propose(threeSites(), { source: { kind: 'site', siteId: 'a' }, excludeSites: ['c'] });
    expect(targets(p)).toEqual({
      'x-ag': hostIn('b', 1),
      'x-ov': hostIn('b', 2),
      'x-rn': hostIn('b', 1),
      'x-vl': hostIn('b', 2),
    });
  });

  it('says why a VM finds no place: no host outside the site has room', () => {
    const estate = threeSites();
    // c full (its two VMs leave 2 GiB), b's hosts room for two 4 GiB VMs each; a fifth VM leaves a.
    for (const d of estate.devices)
      if (d.role === 'host' && d.siteId !== 'a')
        d.capacity = { vcpu: 64, memoryGiB: d.siteId === 'c' ? 6 : 8, diskGiB: 100 };
    estate.vms.push({
      ...estate.vms[0]!,
      id: 'x-extra',
      name: 'x-extra',
      mac: '02:00:00:00:01:01',
      ipv4: '10.1.0.99',
      ipv6: undefined,
    });
    const p = propose(estate, { source: { kind: 'site', siteId: 'a' } });
    expect(p.moves).toHaveLength(4);
    expect(p.unplaced).toEqual([
      {
        vmId: 'x-vl',
        fromHost: hostIn('a', 1),
        reasons: [{ code: 'no-room', message: 'no host outside a has room for 2 vCPU and 4 GiB' }],
      },
    ]);
    expect(p.summary).toMatchObject({ vms: 5, placed: 4, unplaced: 1 });
  });

  it('tries the next host when the admission rule refuses one (anti-affinity)', () => {
    const estate = threeSites();
    // Apart already (a rule both break before the move is not the move's doing).
    estate.vms.find((v) => v.id === 'x-ov')!.hostId = hostIn('a', 2);
    estate.policies.placementRules.push({
      id: 'apart',
      kind: 'anti-affinity',
      vmIds: ['x-ag', 'x-ov'],
    });
    const p = propose(estate, { source: { kind: 'site', siteId: 'a' } });
    // x-ag first (by id) takes c.h1; x-ov may not share it, and takes c.h2 (5.5, next best).
    expect(targets(p)['x-ag']).toBe(hostIn('c', 1));
    expect(targets(p)['x-ov']).toBe(hostIn('c', 2));
    expect(p.admitted).toBe(true);
  });
});

describe('evacuating a host', () => {
  it('keeps the VMs in their site while it has room: all to a.h2', () => {
    const p = propose(threeSites(), { source: { kind: 'host', hostId: hostIn('a', 1) } });
    expect(targets(p)).toEqual(Object.fromEntries(X.map((id) => [id, hostIn('a', 2)])));
  });

  it('goes where the traffic is shortest when let across sites', () => {
    const p = propose(threeSites(), {
      source: { kind: 'host', hostId: hostIn('a', 1) },
      acrossSites: true,
    });
    expect(targets(p)).toEqual(Object.fromEntries(X.map((id) => [id, hostIn('c', 1)])));
  });

  it('puts a pinned VM where it is pinned, and leaves excluded hosts alone', () => {
    const p = propose(threeSites(), {
      source: { kind: 'host', hostId: hostIn('a', 1) },
      pin: { 'x-rn': hostIn('b', 2) },
      excludeHosts: [hostIn('a', 2)],
    });
    expect(p.moves[0]).toEqual({
      vmId: 'x-rn',
      fromHost: hostIn('a', 1),
      toHost: hostIn('b', 2),
      toSite: 'b',
      pinned: true,
    });
    // a has no other host: the rest go by traffic, to c.h1.
    expect(p.moves.slice(1).map((m) => m.toHost)).toEqual([
      hostIn('c', 1),
      hostIn('c', 1),
      hostIn('c', 1),
    ]);
  });
});

describe('moving a set of VMs (an application, a tenant)', () => {
  it('places them in the sites asked for, spread over equal hosts', () => {
    const p = propose(threeSites(), {
      source: { kind: 'vms', vmIds: ['x-ag', 'x-ov'] },
      toSites: ['b'],
    });
    expect(targets(p)).toEqual({ 'x-ag': hostIn('b', 1), 'x-ov': hostIn('b', 2) });
  });

  it("never onto a VM's own host: y, asked into its own site c, goes to c.h2", () => {
    const p = propose(threeSites(), { source: { kind: 'vms', vmIds: ['y'] }, toSites: ['c'] });
    expect(targets(p)).toEqual({ y: hostIn('c', 2) });
  });

  it('says where it looked when nothing has room', () => {
    const estate = threeSites();
    for (const d of estate.devices)
      if (d.role === 'host' && d.siteId === 'b') d.capacity = { vcpu: 1, memoryGiB: 1, diskGiB: 1 };
    const p = propose(estate, { source: { kind: 'vms', vmIds: ['x-ag'] }, toSites: ['b'] });
    expect(p.unplaced[0]!.reasons).toEqual([
      { code: 'no-room', message: 'no host in b has room for 2 vCPU and 4 GiB' },
    ]);
  });
});

describe('requests that name nothing real', () => {
  const engine = createImpactEngine(threeSites());
  const code = (request: unknown) => {
    const r = proposeEvacuation(engine, request);
    return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
  };

  it('are typed errors, never exceptions', () => {
    expect(code({ source: { kind: 'host', hostId: 'nope' } })).toBe('unknown-host: no host "nope"');
    expect(code({ source: { kind: 'host', hostId: 'a.leaf-1' } })).toBe(
      'unknown-host: no host "a.leaf-1"',
    );
    expect(code({ source: { kind: 'site', siteId: 'z' } })).toBe('unknown-site: no site "z"');
    expect(code({ source: { kind: 'site', siteId: 'a' }, excludeSites: ['z'] })).toBe(
      'unknown-site: no site "z" to exclude',
    );
    expect(code({ source: { kind: 'site', siteId: 'a' }, pin: { y: hostIn('b', 1) } })).toBe(
      'bad-pin: VM "y" is not on a',
    );
    expect(code({ source: { kind: 'site', siteId: 'a' }, pin: { 'x-ov': hostIn('a', 2) } })).toBe(
      `bad-pin: VM "x-ov" is pinned to ${hostIn('a', 2)}, which is being emptied`,
    );
    expect(code({ source: { kind: 'vms', vmIds: ['x-ov', 'ghost'] } })).toBe(
      'unknown-vm: no VM "ghost"',
    );
    expect(code({ source: { kind: 'site', siteId: 'a' }, toSites: ['z'] })).toBe(
      'unknown-site: no site "z" to move to',
    );
    expect(code({ source: { kind: 'rack' } })).toMatch(/^invalid-request: source/);
    expect(code(null)).toMatch(/^invalid-request/);
  });
});

describe('the demo estate', () => {
  const estate = buildDemoEstate();
  const engine = createImpactEngine(estate, { lazyRouting: true });
  const hosts = estate.devices.filter((d) => d.role === 'host');

  it('every site drains and every eighth host empties: each VM placed or said why, all admitted together', () => {
    const requests: {
      source: { kind: 'host'; hostId: string } | { kind: 'site'; siteId: string };
    }[] = [
      ...estate.sites.map((s) => ({ source: { kind: 'site' as const, siteId: s.id } })),
      ...hosts
        .filter((_, i) => i % 8 === 0)
        .map((h) => ({ source: { kind: 'host' as const, hostId: h.id } })),
    ];
    for (const request of requests) {
      const r = proposeEvacuation(engine, request);
      if (!r.ok) throw new Error(r.error.message);
      const p = r.proposal;
      const src = request.source;
      const leaving = estate.vms.filter((v) =>
        src.kind === 'host'
          ? v.hostId === src.hostId
          : estate.devices.find((d) => d.id === v.hostId)?.siteId === src.siteId,
      );
      expect(new Set([...p.moves, ...p.unplaced].map((m) => m.vmId))).toEqual(
        new Set(leaving.map((v) => v.id)),
      );
      for (const u of p.unplaced) expect(u.reasons.length).toBeGreaterThan(0);
      for (const m of p.moves) {
        const target = estate.devices.find((d) => d.id === m.toHost)!;
        if (src.kind === 'host') expect(m.toHost).not.toBe(src.hostId);
        else expect(target.siteId).not.toBe(src.siteId);
        expect(target.state).toBe('up');
      }
      const placement = new Map(p.moves.map((m) => [m.vmId, m.toHost]));
      expect(admitPlacement(engine.index, placement).reasons).toEqual([]);
    }
  });
});

describe('vmsToMove and tenantVmsToMove', () => {
  // Three VMs by hand: two of tenant t on hosts in sites a and b, one of tenant u in a.
  const estate = {
    devices: [
      { id: 'a-h1', siteId: 'a' },
      { id: 'b-h1', siteId: 'b' },
    ],
    vms: [
      { id: 't1', tenantId: 't', hostId: 'a-h1' },
      { id: 't2', tenantId: 't', hostId: 'b-h1' },
      { id: 'u1', tenantId: 'u', hostId: 'a-h1' },
    ],
  } as unknown as Parameters<typeof tenantVmsToMove>[0];

  it('takes every VM of the tenant without target sites, and none of another tenant', () => {
    expect(tenantVmsToMove(estate, 't')).toEqual(['t1', 't2']);
  });

  it('leaves the tenant’s VMs already in a target site where they are', () => {
    expect(tenantVmsToMove(estate, 't', ['b'])).toEqual(['t1']);
    expect(tenantVmsToMove(estate, 't', ['a', 'b'])).toEqual([]);
  });

  it('keeps the VMs asked for that are not in a target site, in the estate’s order', () => {
    // Asked in reverse, with an id the estate lacks: t2 and u1 come back in the estate's order.
    expect(vmsToMove(estate, ['u1', 'nope', 't2'])).toEqual(['t2', 'u1']);
    // t1 and u1 are on a-h1 (site a): only t2 (site b) moves to a.
    expect(vmsToMove(estate, ['u1', 't2', 't1'], ['a'])).toEqual(['t2']);
    expect(vmsToMove(estate, ['t2'], ['b'])).toEqual([]);
    expect(vmsToMove(estate, [], ['a'])).toEqual([]);
  });
});
