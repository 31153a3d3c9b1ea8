// R5, R10: allocation of a new address from the destination pool.
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import type { Estate } from '../model/estate.ts';
import type { Subnet } from '../model/virtual-network.ts';
import { cidrContains, ipToBigInt, nthAddress } from '../net/ip.ts';
import { allocateAddress } from './allocate.ts';
import { smallFabric, smallHosts } from './test-estate.ts';

/** The small fabric plus network "pool" (one L2 domain per site) and VMs holding `used` in site a. */
function poolEstate(
  subnet: Subnet,
  used: readonly string[],
  usedInB: readonly string[] = [],
): Estate {
  const estate = smallFabric();
  const family = subnet.cidr.includes(':') ? 'ipv6' : 'ipv4';
  estate.networks.push({
    id: 'pool',
    tenantId: 't1',
    name: 'pool',
    segmentation: { type: 'vlan', vlanId: 99 },
    subnets: [subnet],
    siteIds: ['a', 'b'],
    stretched: false,
  });
  const [hostA, , , , hostB] = smallHosts(estate);
  const vm = (ip: string, i: number, hostId: string) => ({
    id: `p-${hostId}-${i}`,
    name: `p-${i}`,
    tenantId: 't1',
    networkId: 'pool',
    hostId,
    mac: `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
    [family]: ip,
    vcpu: 1,
    memoryGiB: 1,
    dirtyRateMiBps: 1,
    disk: { kind: 'shared' as const, sizeGiB: 10 },
  });
  estate.vms = [
    ...used.map((ip, i) => vm(ip, i, hostA!)),
    ...usedInB.map((ip, i) => vm(ip, i, hostB!)),
  ];
  return estate;
}

describe('allocateAddress', () => {
  it('returns the lowest free pool address: never used, never excluded, never outside the pool (brute force)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 16 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 4 }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }))),
        (used, excluded, pool) => {
          const cidr = '10.9.0.0/28';
          const subnet: Subnet = {
            cidr,
            gateway: '10.9.0.1',
            ...(pool && {
              pool: { start: nthAddress(cidr, pool[0]), end: nthAddress(cidr, pool[1]) },
            }),
          };
          const usedIps = used.map((n) => nthAddress(cidr, n));
          // Site b reuses the addresses that site a leaves free: another domain, so it must not matter.
          const inB = [...Array(16).keys()]
            .filter((n) => !used.includes(n))
            .map((n) => nthAddress(cidr, n));
          const index = indexEstate(poolEstate(subnet, usedIps, inB));
          const exclude = new Set(excluded.map((n) => nthAddress(cidr, n)));
          const got = allocateAddress(index, 'pool', 'a', 'ipv4', { exclude });
          const [lo, hi] = pool ? [Math.max(1, pool[0]), Math.min(14, pool[1])] : [1, 14];
          let want: number | undefined;
          for (let n = lo; n <= hi && want === undefined; n++)
            if (n !== 1 && !used.includes(n) && !excluded.includes(n)) want = n;
          if (want === undefined)
            expect(got).toMatchObject({ ok: false, reason: 'pool-exhausted' });
          else expect(got).toEqual({ ok: true, address: nthAddress(cidr, want), subnet: cidr });
          expect(allocateAddress(index, 'pool', 'a', 'ipv4', { exclude })).toEqual(got);
        },
      ),
    );
  });

  it('reports pool-exhausted for a full small pool, and no-subnet for a missing family or network', () => {
    const subnet = { cidr: '10.9.0.0/29', gateway: '10.9.0.1' };
    const full = ['10.9.0.2', '10.9.0.3', '10.9.0.4', '10.9.0.5', '10.9.0.6'];
    const index = indexEstate(poolEstate(subnet, full));
    expect(allocateAddress(index, 'pool', 'a', 'ipv4')).toMatchObject({
      ok: false,
      reason: 'pool-exhausted',
    });
    expect(allocateAddress(index, 'pool', 'b', 'ipv4')).toEqual({
      ok: true,
      address: '10.9.0.2',
      subnet: subnet.cidr,
    });
    expect(allocateAddress(index, 'pool', 'a', 'ipv6')).toMatchObject({
      ok: false,
      reason: 'no-subnet',
    });
    expect(allocateAddress(index, 'nope', 'a', 'ipv4')).toMatchObject({
      ok: false,
      reason: 'no-subnet',
    });
  });

  it('works on an IPv6 /64 without enumerating it: skips a long run of used addresses at once', () => {
    const cidr = '2001:db8:77::/64';
    // 20,000 consecutive used addresses after the gateway, written in long form to test canonicalisation.
    const used = Array.from({ length: 20_000 }, (_, i) =>
      ipaddr.parse(nthAddress(cidr, i + 2)).toNormalizedString(),
    );
    const index = indexEstate(poolEstate({ cidr, gateway: '2001:db8:77::1' }, used));
    const got = allocateAddress(index, 'pool', 'a', 'ipv6');
    expect(got).toEqual({ ok: true, address: nthAddress(cidr, 20_002), subnet: cidr });
    expect(
      allocateAddress(index, 'pool', 'a', 'ipv6', { exclude: new Set([nthAddress(cidr, 20_002)]) }),
    ).toEqual({
      ok: true,
      address: nthAddress(cidr, 20_003),
      subnet: cidr,
    });
  });

  it('hands out the last address of a /64 pool, then reports it exhausted', () => {
    const cidr = '2001:db8:78::/64';
    const pool = {
      start: '2001:db8:78:0:ffff:ffff:ffff:fffd',
      end: '2001:db8:78:0:ffff:ffff:ffff:ffff',
    };
    const few = indexEstate(
      poolEstate({ cidr, pool }, [pool.start, '2001:db8:78:0:ffff:ffff:ffff:fffe']),
    );
    expect(allocateAddress(few, 'pool', 'a', 'ipv6')).toEqual({
      ok: true,
      address: pool.end,
      subnet: cidr,
    });
    const all = indexEstate(
      poolEstate({ cidr, pool }, [pool.start, '2001:db8:78:0:ffff:ffff:ffff:fffe', pool.end]),
    );
    expect(allocateAddress(all, 'pool', 'a', 'ipv6')).toMatchObject({
      ok: false,
      reason: 'pool-exhausted',
    });
  });

  it('hands out addresses in RFC 5952 text, whatever the spelling of the pool', () => {
    // 2001:db8:0:0:1:0:0:1 is RFC 5952's own example (4.2.3): the first of two equal zero runs shortens.
    const spelled = {
      cidr: '2001:db8::/64',
      pool: { start: '2001:0DB8:0:0:1:0:0:1', end: '2001:DB8:0:0:1:0:0:FF' },
    };
    expect(allocateAddress(indexEstate(poolEstate(spelled, [])), 'pool', 'a', 'ipv6')).toEqual({
      ok: true,
      address: '2001:db8::1:0:0:1',
      subnet: spelled.cidr,
    });
    // An IPv4-mapped subnet: the network address and the gateway are skipped, and the
    // address is written with its dotted tail (RFC 5952 section 5), not as ::ffff:a00:2.
    const mapped = { cidr: '::ffff:10.0.0.0/120', gateway: '::ffff:10.0.0.1' };
    expect(allocateAddress(indexEstate(poolEstate(mapped, [])), 'pool', 'a', 'ipv6')).toEqual({
      ok: true,
      address: '::ffff:10.0.0.2',
      subnet: mapped.cidr,
    });
  });

  it('allocates in the demo: acme-legacy in ams1 from its pool, after the VMs already there', () => {
    const index = indexEstate(buildDemoEstate());
    const got = allocateAddress(index, 'acme-legacy', 'ams1', 'ipv4');
    expect(got.ok && got.address).toBe('10.120.0.20');
    const umbrella = allocateAddress(index, 'umbrella-ehr', 'dub-cloud', 'ipv6');
    expect(umbrella.ok).toBe(true);
    if (umbrella.ok) {
      expect(cidrContains('2001:db8:40::/64', umbrella.address)).toBe(true);
      const taken = new Set(
        index.vmsByNetwork.get('umbrella-ehr')!.map((vm) => ipToBigInt(vm.ipv6!)),
      );
      expect(taken.has(ipToBigInt(umbrella.address))).toBe(false);
    }
  });
});
