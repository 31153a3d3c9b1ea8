// R20: MAC-table and FIB occupancy after a move, against the devices' limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallEstate, smallHosts, smallVmSpecs } from '../addressing/test-estate.ts';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import type { Estate } from '../model/estate.ts';
import { l2DomainKey } from '../model/validate.ts';
import type { Placement } from './placement.ts';
import { switchTableChanges } from './switch-tables.ts';

/**
 * The model of docs/policy.md counted from scratch: sets of (domain, MAC)
 * entries per switch, host routes per switch and per site gateway.
 */
function bruteForce(
  estate: Estate,
  placement: Placement,
): Map<string, { mac: number; fib: number }> {
  const dev = new Map(estate.devices.map((d) => [d.id, d]));
  const nets = new Map(estate.networks.map((n) => [n.id, n]));
  const hostOf = (vmId: string, hostId: string) => placement.get(vmId) ?? hostId;
  const domainOf = (vm: Estate['vms'][number]) =>
    l2DomainKey(nets.get(vm.networkId)!, dev.get(hostOf(vm.id, vm.hostId))!.siteId);
  const isVlan = (vm: Estate['vms'][number]) =>
    nets.get(vm.networkId)!.segmentation.type === 'vlan';
  const ips = (vm: Estate['vms'][number]) => (vm.ipv4 ? 1 : 0) + (vm.ipv6 ? 1 : 0);
  const counts = new Map<string, { mac: number; fib: number }>();
  for (const sw of estate.devices) {
    if (sw.role === 'host') continue;
    const hosts = new Set(
      estate.links.flatMap((l) =>
        l.a === sw.id && dev.get(l.b)!.role === 'host'
          ? [l.b]
          : l.b === sw.id && dev.get(l.a)!.role === 'host'
            ? [l.a]
            : [],
      ),
    );
    const below = estate.vms.filter((vm) => hosts.has(hostOf(vm.id, vm.hostId)));
    const macs = new Set<string>();
    let fib = 0;
    for (const vm of below)
      if (!isVlan(vm)) {
        macs.add(`${domainOf(vm)}|${vm.mac}`);
        fib += ips(vm);
      }
    const vlanDomains = new Set(below.filter(isVlan).map(domainOf));
    for (const vm of estate.vms)
      if (isVlan(vm) && vlanDomains.has(domainOf(vm))) macs.add(`${domainOf(vm)}|${vm.mac}`);
    if (sw.role === 'gateway')
      for (const vm of estate.vms)
        if (!isVlan(vm) && dev.get(hostOf(vm.id, vm.hostId))!.siteId === sw.siteId) fib += ips(vm);
    counts.set(sw.id, { mac: macs.size, fib });
  }
  return counts;
}

const moves = (estate: Estate) => {
  const hosts = smallHosts(estate);
  return fc
    .array(fc.tuple(fc.nat(30), fc.nat(hosts.length - 1)), { maxLength: 5 })
    .map((ms) => new Map(ms.map(([v, h]) => [`vm-${v}`, hosts[h]!])));
};

describe('switchTableChanges', () => {
  it('matches a brute-force count on a small estate, for every switch and gateway (random moves)', () => {
    fc.assert(
      fc.property(
        smallVmSpecs.chain((specs) => {
          const estate = smallEstate(specs, true);
          return fc.tuple(fc.constant(estate), moves(estate));
        }),
        ([estate, placement]) => {
          const index = indexEstate(estate);
          const before = bruteForce(estate, new Map());
          const after = bruteForce(estate, placement);
          const expected = [...before]
            .filter(([id, b]) => b.mac !== after.get(id)!.mac || b.fib !== after.get(id)!.fib)
            .map(
              ([id, b]) =>
                `${id} mac ${b.mac}->${after.get(id)!.mac} fib ${b.fib}->${after.get(id)!.fib}`,
            )
            .sort();
          const got = switchTableChanges(index, placement).map(
            (c) =>
              `${c.deviceId} mac ${c.macTable.before}->${c.macTable.after} fib ${c.fib.before}->${c.fib.after}`,
          );
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports an overflow when a switch limit is set low', () => {
    const estate = smallEstate([
      { host: 0, net: 2, mac: 0, ip: 0, vcpu: 1 },
      { host: 2, net: 2, mac: 0, ip: 1, vcpu: 1 },
    ]);
    const hosts = smallHosts(estate);
    const leaf = estate.links.find((l) => l.a === hosts[0] || l.b === hosts[0])!;
    const leafId = leaf.a === hosts[0] ? leaf.b : leaf.a;
    estate.devices.find((d) => d.id === leafId)!.tables = { macTable: 1, fib: 100 };
    const [c] = switchTableChanges(indexEstate(estate), new Map([['vm-1', hosts[0]!]])).filter(
      (x) => x.deviceId === leafId,
    );
    expect(c).toMatchObject({
      macTable: { before: 1, after: 2, limit: 1 },
      fib: { before: 2, after: 4, limit: 100 },
      overflow: true,
    });
  });

  it('floods a VLAN move across sites: acme-legacy fra1 -> ams1 changes every switch of both domains', () => {
    const estate = buildDemoEstate();
    const index = indexEstate(estate);
    const vm = index.vmsByNetwork.get('acme-legacy')!.find((v) => v.hostId.startsWith('fra1.'))!;
    const target = estate.devices.find((d) => d.role === 'host' && d.siteId === 'ams1')!.id;
    const changes = switchTableChanges(index, new Map([[vm.id, target]]));
    const fra = changes.filter((c) => c.siteId === 'fra1');
    const ams = changes.filter((c) => c.siteId === 'ams1');
    expect(fra.length).toBeGreaterThan(1);
    for (const c of fra) expect(c.macTable.after).toBeLessThan(c.macTable.before);
    for (const c of ams) expect(c.macTable.after).toBeGreaterThan(c.macTable.before);
    expect(changes.every((c) => c.fib.before === c.fib.after && !c.overflow)).toBe(true);
  });

  it('moves an overlay VM’s host routes between site gateways', () => {
    const estate = buildDemoEstate();
    const index = indexEstate(estate);
    const vm = index.vmsByNetwork.get('acme-web')!.find((v) => v.hostId.startsWith('fra1.'))!;
    const changes = switchTableChanges(index, new Map([[vm.id, 'lon1.leaf-1-h1']]));
    const gw = (id: string) => changes.find((c) => c.deviceId === id)!;
    expect(gw('fra1.gw-1').fib.after).toBe(gw('fra1.gw-1').fib.before - 2);
    expect(gw('lon1.gw-1').fib.after).toBe(gw('lon1.gw-1').fib.before + 2);
    expect(gw('lon1.gw-1').macTable).toEqual({ before: 0, after: 0, limit: 512_000 });
  });
});
