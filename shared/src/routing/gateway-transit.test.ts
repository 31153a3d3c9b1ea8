// A DC gateway is the site's way out, never a shortcut inside it (R3, R12):
// hand-built cases where the gateway would be cheaper, the one case where it
// must carry traffic (a fabric split in two that only the gateway joins), and
// failures of its links and of the gateway itself. Link costs are the
// fabric's OSPF rule, round(400 Gbps / speed): 25 Gbps → 16, 100 → 4, 10 → 40.
import { describe, expect, it } from 'vitest';
import { SITE, handWrittenSite, siteWithGateway, sitesWithWan } from './test-estates.ts';
import { UnderlayRouting } from './underlay.ts';

const at = (local: string) => `${SITE}.${local}`;

describe('a gateway is no shortcut inside its site', () => {
  it('BCube(4,1): servers 00 and 11 relay through a server (cost 64), not through the gateway (40)', () => {
    // Relay: srv-00 → level-0 switch → srv-01 → level-1 switch → srv-11, or the
    // other order through srv-10: 4 server links, 4 × 16 = 64, 2! = 2 paths.
    // The gateway hangs off the level-1 switches at 100 Gbps: srv-00 →
    // l1-sw-0 → gw → l1-sw-1 → srv-11 would cost 16 + 4 + 4 + 16 = 40.
    const routing = new UnderlayRouting(siteWithGateway('bcube', { n: 4, k: 1 }));
    const p = routing.hostPath(at('srv-00'), at('srv-11'), 'f')!;
    expect(p.cost).toBe(64);
    expect(p.ecmpWidth).toBe(2);
    expect([
      ['srv-00', 'l0-sw-0', 'srv-01', 'l1-sw-1', 'srv-11'].map(at),
      ['srv-00', 'l1-sw-0', 'srv-10', 'l0-sw-1', 'srv-11'].map(at),
    ]).toContainEqual(p.devices);
  });

  it('a hand-written site: a slow fabric link (cost 40) beats a gateway detour (4 + 4)', () => {
    // h1 – a – b – h2 costs 16 + 40 + 16 = 72; through the gateway, 16 + 4 + 4 + 16 = 40.
    const routing = new UnderlayRouting(
      handWrittenSite({ h1: 'host', h2: 'host', a: 'leaf', b: 'leaf', gw: 'gateway' }, [
        ['h1', 'a', 25],
        ['h2', 'b', 25],
        ['a', 'b', 10],
        ['gw', 'a', 100],
        ['gw', 'b', 100],
      ]),
    );
    const p = routing.hostPath(at('h1'), at('h2'), 'f')!;
    expect(p.devices).toEqual(['h1', 'a', 'b', 'h2'].map(at));
    expect(p.cost).toBe(72);
    expect(p.ecmpWidth).toBe(1);
  });

  it('three-tier: core to core runs through the 4 aggregation switches only, no gateway tie', () => {
    // Defaults: 2 cores, 4 aggregation switches each linked to both cores at
    // 100 Gbps: core-1 → agg-i → core-2 costs 4 + 4 = 8, 4 ways. The gateway,
    // linked to both cores at 100 Gbps, would tie at 8 as a fifth way.
    const routing = new UnderlayRouting(siteWithGateway('three-tier', {}));
    const p = routing.hostPath(at('core-1'), at('core-2'), 'f')!;
    expect(p.cost).toBe(8);
    expect(p.ecmpWidth).toBe(4);
    expect(p.devices).not.toContain(at('gw-1'));
  });

  it('fat-tree k=4: cores of different rows meet through a pod (cost 16, 8 ways), not the gateway (8)', () => {
    // Core (1,1) reaches aggregation switch 0 of each of the 4 pods and core
    // (2,1) switch 1; in a pod they meet through either of its 2 edge
    // switches: 4 links of 100 Gbps (4 × 4 = 16) and 4 × 2 = 8 paths. Through
    // the gateway: 4 + 4 = 8.
    const routing = new UnderlayRouting(siteWithGateway('fat-tree', { k: 4 }));
    const p = routing.hostPath(at('core-1-1'), at('core-2-1'), 'f')!;
    expect(p.cost).toBe(16);
    expect(p.ecmpWidth).toBe(8);
    expect(p.devices).not.toContain(at('gw-1'));
  });
});

describe('a fabric split in two crosses the gateway, and only then', () => {
  // h1 – a, a – s1 – gw, a – s2 – gw, gw – b – h2, and a slow a – b link.
  // In the fabric: h1 a b h2 = 16 + 40 + 16 = 72, one way. Through the
  // gateway: h1 a s1|s2 gw b h2 = 16 + 4 + 4 + 4 + 16 = 44, two ways.
  const split = () =>
    handWrittenSite(
      { h1: 'host', h2: 'host', a: 'leaf', b: 'leaf', s1: 'spine', s2: 'spine', gw: 'gateway' },
      [
        ['h1', 'a', 25],
        ['h2', 'b', 25],
        ['a', 's1', 100],
        ['a', 's2', 100],
        ['s1', 'gw', 100],
        ['s2', 'gw', 100],
        ['gw', 'b', 100],
        ['a', 'b', 10],
      ],
    );

  it('uses the fabric while a – b is up, the gateway while it is down, the fabric again when it is back', () => {
    const routing = new UnderlayRouting(split());
    const [h1, h2] = [at('h1'), at('h2')];
    expect(routing.hostPath(h1, h2, 'f')!.cost).toBe(72);
    expect(routing.setLinkState(`${at('a')}~${at('b')}`, false)).toBe(true);
    const q = routing.hostPath(h1, h2, 'f')!;
    expect(q.cost).toBe(44);
    expect(q.ecmpWidth).toBe(2);
    expect(q.hops).toBe(5);
    expect(q.devices[3]).toBe(at('gw'));
    routing.setLinkState(`${at('a')}~${at('b')}`, true);
    expect(routing.hostPath(h1, h2, 'f')!.devices).toEqual(['h1', 'a', 'b', 'h2'].map(at));
  });

  it('has no path when the gateway that joined the parts is down too', () => {
    const estate = split();
    estate.links = estate.links.filter((l) => l.id !== `${at('a')}~${at('b')}`);
    const routing = new UnderlayRouting(estate);
    expect(routing.hostPath(at('h1'), at('h2'), 'f')!.cost).toBe(44);
    routing.setDeviceState(at('gw'), false);
    expect(routing.hostPath(at('h1'), at('h2'), 'f')).toBeUndefined();
    routing.setDeviceState(at('gw'), true);
    expect(routing.hostPath(at('h1'), at('h2'), 'f')!.cost).toBe(44);
  });

  it('two gateways joining the parts at one cost are two ways, one through each', () => {
    // h1 – a – gw1|gw2 – b – h2: 16 + 4 + 4 + 16 = 40 through either gateway.
    const routing = new UnderlayRouting(
      handWrittenSite(
        { h1: 'host', h2: 'host', a: 'leaf', b: 'leaf', gw1: 'gateway', gw2: 'gateway' },
        [
          ['h1', 'a', 25],
          ['h2', 'b', 25],
          ['a', 'gw1', 100],
          ['a', 'gw2', 100],
          ['gw1', 'b', 100],
          ['gw2', 'b', 100],
        ],
      ),
    );
    const p = routing.hostPath(at('h1'), at('h2'), 'f')!;
    expect([p.cost, p.ecmpWidth, p.hops]).toEqual([40, 2, 4]);
    expect([at('gw1'), at('gw2')]).toContain(p.devices[2]);
  });
});

describe('failures keep external and inter-site paths right', () => {
  // Leaf-spine sites a and b: 4 spines, the gateway on every spine. Host to
  // gateway: host – leaf – spine – gw = 16 + 4 + 4 = 24, one way per spine.
  const params = { spines: 4, leaves: 2, hostsPerLeaf: 2 };

  it('a border link down narrows the way out from 4 spines to 3; back up, 4 again', () => {
    const routing = new UnderlayRouting(sitesWithWan(['a', 'b'], 'leaf-spine', params));
    const out = () => routing.externalPath('a.leaf-1-h1', 'f')!;
    expect([out().cost, out().ecmpWidth, out().devices.at(-1)]).toEqual([24, 4, 'a.gw-1']);
    expect(routing.setLinkState('a.gw-1~a.spine-1', false)).toBe(true);
    expect([out().cost, out().ecmpWidth]).toEqual([24, 3]);
    expect(out().links).not.toContain('a.gw-1~a.spine-1');
    // Inter-site: 4 × 4 ways out and in becomes 3 × 4.
    expect(routing.hostPath('a.leaf-1-h1', 'b.leaf-2-h2', 'f')!.ecmpWidth).toBe(12);
    routing.setLinkState('a.gw-1~a.spine-1', true);
    expect(out().ecmpWidth).toBe(4);
  });

  it('the gateway down cuts the way out and across the WAN, but not paths inside the site', () => {
    const routing = new UnderlayRouting(sitesWithWan(['a', 'b'], 'leaf-spine', params));
    // Inside: host – leaf-1 – spine – leaf-2 – host = 16 + 4 + 4 + 16 = 40, one way per spine.
    const inside = () => routing.hostPath('a.leaf-1-h1', 'a.leaf-2-h1', 'f')!;
    expect(routing.setDeviceState('a.gw-1', false)).toBe(true);
    expect(routing.externalPath('a.leaf-1-h1', 'f')).toBeUndefined();
    expect(routing.hostPath('a.leaf-1-h1', 'b.leaf-1-h1', 'f')).toBeUndefined();
    expect(routing.hostPath('a.leaf-1-h1', 'a.gw-1', 'f')).toBeUndefined();
    expect([inside().cost, inside().ecmpWidth]).toEqual([40, 4]);
    routing.setDeviceState('a.gw-1', true);
    expect([routing.externalPath('a.leaf-1-h1', 'f')!.ecmpWidth, inside().cost]).toEqual([4, 40]);
  });

  it('host to its own gateway, and gateway to gateway over the WAN alone (the PMIP tunnel ends)', () => {
    const routing = new UnderlayRouting(sitesWithWan(['a', 'b'], 'leaf-spine', params));
    const toGw = routing.hostPath('a.leaf-1-h1', 'a.gw-1', 'f')!;
    expect([toGw.cost, toGw.ecmpWidth, toGw.devices.at(-1)]).toEqual([24, 4, 'a.gw-1']);
    const wan = routing.hostPath('a.gw-1', 'b.gw-1', 'f')!;
    expect(wan.devices).toEqual(['a.gw-1', 'b.gw-1']);
    expect(wan.links).toEqual(['wan.a~b']);
  });

  it('BCube(4,1): a server whose top-level link is down leaves through a relay server', () => {
    // srv-00 – l1-sw-0 – gw costs 16 + 4 = 20, one way. Without that link:
    // srv-00 – l0-sw-0 – srv-0x – l1-sw-x – gw for x = 1..3: 16 + 16 + 16 + 4 = 52, three ways.
    const routing = new UnderlayRouting(siteWithGateway('bcube', { n: 4, k: 1 }));
    const out = () => routing.externalPath(at('srv-00'), 'f')!;
    expect([out().cost, out().ecmpWidth]).toEqual([20, 1]);
    routing.setLinkState(`${at('srv-00')}~${at('l1-sw-0')}`, false);
    expect([out().cost, out().ecmpWidth, out().hops]).toEqual([52, 3, 4]);
    expect(out().devices[2]).toMatch(/srv-0[123]$/);
  });
});
