// R10: duplicate IP and MAC detection in the destination L2 domain.
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import { l2DomainKey } from '../model/validate.ts';
import { nthAddress } from '../net/ip.ts';
import { findAddressConflicts } from './conflicts.ts';
import { SMALL_NETWORKS, smallEstate, smallVmSpecs } from './test-estate.ts';

const demo = indexEstate(buildDemoEstate());

describe('findAddressConflicts', () => {
  it('finds a conflict exactly when another VM of the destination domain holds the address (brute force)', () => {
    const dest = fc.record({
      net: fc.nat(SMALL_NETWORKS.length - 1),
      site: fc.constantFrom('a', 'b'),
      ip: fc.nat(5),
      mac: fc.nat(5),
      self: fc.nat(30),
    });
    fc.assert(
      fc.property(smallVmSpecs, dest, (specs, d) => {
        const estate = smallEstate(specs);
        const index = indexEstate(estate);
        const network = SMALL_NETWORKS[d.net]!;
        const ipv4 =
          network.id === 'agent' ? undefined : nthAddress(network.subnets[0]!.cidr, 10 + d.ip);
        const ipv6 = network.subnets.find((s) => s.cidr.includes(':'));
        const target = {
          networkId: network.id,
          siteId: d.site,
          ...(ipv4 && { ipv4 }),
          ...(ipv6 && { ipv6: nthAddress(ipv6.cidr, 10 + d.ip) }),
          mac: `02:00:00:00:00:0${d.mac}`,
        };
        const selfId = `vm-${d.self}`;
        const domain = l2DomainKey(network, d.site);
        const expected: string[] = [];
        for (const vm of estate.vms) {
          const site = estate.devices.find((x) => x.id === vm.hostId)!.siteId;
          if (vm.id === selfId || l2DomainKey(network, site) !== domain) continue;
          if (vm.networkId !== network.id) continue;
          if (target.ipv4 && vm.ipv4 === target.ipv4) expected.push(`ip|ipv4|${vm.id}`);
          if (target.ipv6 && vm.ipv6 === target.ipv6) expected.push(`ip|ipv6|${vm.id}`);
          if (vm.mac === target.mac) expected.push(`mac||${vm.id}`);
        }
        const got = findAddressConflicts(index, { id: selfId }, target).map(
          (c) => `${c.kind === 'duplicate-ip' ? 'ip' : 'mac'}|${c.family ?? ''}|${c.otherVmId}`,
        );
        expect(got.sort()).toEqual(expected.sort());
        for (const c of findAddressConflicts(index, { id: selfId }, target))
          expect(c.domain).toBe(domain);
      }),
    );
  });

  it('flags every acme-legacy VM moved fra1 -> ams1 keeping its IP against its ams1 twin', () => {
    const legacy = demo.vmsByNetwork.get('acme-legacy')!;
    const inFra = legacy.filter((vm) => demo.devices.get(vm.hostId)!.siteId === 'fra1');
    expect(inFra.length).toBeGreaterThan(0);
    for (const vm of inFra) {
      const twin = legacy.find(
        (o) => o.ipv4 === vm.ipv4 && demo.devices.get(o.hostId)!.siteId === 'ams1',
      )!;
      const conflicts = findAddressConflicts(demo, vm, {
        networkId: 'acme-legacy',
        siteId: 'ams1',
        ipv4: vm.ipv4!,
        mac: vm.mac,
      });
      expect(conflicts).toEqual([
        {
          kind: 'duplicate-ip',
          family: 'ipv4',
          address: vm.ipv4,
          otherVmId: twin.id,
          domain: 'acme-legacy@ams1',
        },
      ]);
    }
  });

  it('finds nothing for a move inside a stretched network: the VM does not collide with itself', () => {
    const vm = demo.vmsByNetwork.get('acme-web')![0]!;
    expect(
      findAddressConflicts(demo, vm, {
        networkId: 'acme-web',
        siteId: 'lon1',
        ipv4: vm.ipv4!,
        ipv6: vm.ipv6!,
        mac: vm.mac,
      }),
    ).toEqual([]);
  });

  it('compares IPv6 by value and MACs regardless of case', () => {
    const [a, b] = demo.vmsByNetwork.get('umbrella-ehr')!;
    const long = ipaddr.parse(b!.ipv6!).toNormalizedString();
    expect(long).not.toBe(b!.ipv6);
    const conflicts = findAddressConflicts(demo, a!, {
      networkId: 'umbrella-ehr',
      siteId: 'fra1',
      ipv6: long,
      mac: b!.mac.toUpperCase(),
    });
    expect(conflicts.map((c) => [c.kind, c.address, c.otherVmId])).toEqual([
      ['duplicate-ip', b!.ipv6, b!.id],
      ['duplicate-mac', b!.mac, b!.id],
    ]);
  });

  it('reports nothing, and throws nothing, for an unknown network or an unparsable address', () => {
    const vm = demo.vmsByNetwork.get('acme-web')![0]!;
    expect(
      findAddressConflicts(demo, vm, { networkId: 'nope', siteId: 'fra1', ipv4: 'x', mac: vm.mac }),
    ).toEqual([]);
  });
});
