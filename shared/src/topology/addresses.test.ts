// Generated addresses are assignable host addresses (R10): inside their plan's
// prefix, never its network or broadcast address, IPv4 last octets 1..254 so
// that any /24 carved out of the plan holds them as host addresses too.
import { describe, expect, it } from 'vitest';
import type { GeneratedTopologyKind } from '../model/site.ts';
import {
  HOST_PLAN_CAPACITY,
  indexedHostIpv4,
  indexedSwitchIpv4,
  SWITCH_PLANE_CAPACITY,
  TopologyParamError,
} from './fabric.ts';
import { buildMultiSiteEstate, buildSingleSiteEstate } from './multi-site.ts';
import { deviceAddressProblems, tinySite } from './test-helpers.ts';

const SIZES: { kind: GeneratedTopologyKind; params: Record<string, number> }[] = [
  { kind: 'three-tier', params: {} },
  // 2 pairs × 128 access switches: the loopbacks pass 10.254.0.254; 256 hosts pass 10.0.1.254.
  { kind: 'three-tier', params: { aggregations: 4, accessPerAggregation: 64, hostsPerAccess: 1 } },
  {
    kind: 'three-tier',
    params: { cores: 64, aggregations: 256, accessPerAggregation: 1, hostsPerAccess: 2 },
  },
  { kind: 'fat-tree', params: { k: 2 } },
  { kind: 'fat-tree', params: { k: 8 } },
  { kind: 'fat-tree', params: { k: 16 } },
  { kind: 'leaf-spine', params: {} },
  // 256 spines pass 10.255.0.254; 300 leaves pass 10.254.0.254.
  { kind: 'leaf-spine', params: { spines: 256, leaves: 2, hostsPerLeaf: 200 } },
  { kind: 'leaf-spine', params: { spines: 1, leaves: 300, hostsPerLeaf: 3 } },
  { kind: 'bcube', params: { n: 4, k: 1 } },
  { kind: 'bcube', params: { n: 16, k: 1 } },
  { kind: 'bcube', params: { n: 4, k: 4 } },
  { kind: 'bcube', params: { n: 8, k: 3 } },
];

describe('generated device addresses are assignable', () => {
  for (const { kind, params } of SIZES) {
    it(`${kind} ${JSON.stringify(params)}: every device address inside 10/8, ending 1..254, once`, () => {
      const estate = buildSingleSiteEstate(kind, params);
      expect(estate.devices.some((d) => d.ipv4)).toBe(true);
      expect(deviceAddressProblems(estate)).toEqual([]);
    });
  }

  it('300 gateways: IPv4 in 100.64/10 past 100.64.0.254, IPv6 in 2001:db8:ffff::/64, never ::0', () => {
    const estate = buildMultiSiteEstate({
      id: 'e',
      name: 'e',
      wan: 'none',
      sites: Array.from({ length: 300 }, (_, i) => tinySite(`s${i}`, 'dual')),
    });
    expect(deviceAddressProblems(estate)).toEqual([]);
    // Gateway i takes the i-th address ending 1..254: 0 → .0.1, 253 → .0.254, 254 → .1.1.
    const gw = (i: number) => estate.devices.find((d) => d.id === `s${i}.gw-1`)!;
    expect([gw(0).ipv4, gw(253).ipv4, gw(254).ipv4]).toEqual([
      '100.64.0.1',
      '100.64.0.254',
      '100.64.1.1',
    ]);
    expect(gw(0).ipv6).toBe('2001:db8:ffff::1');
  });
});

describe('the address plans, by hand', () => {
  it('hosts: 10.0.1.1 upwards, skipping .255 and .0, up to 10.253.255.254', () => {
    expect(indexedHostIpv4(0)).toBe('10.0.1.1');
    expect(indexedHostIpv4(253)).toBe('10.0.1.254');
    expect(indexedHostIpv4(254)).toBe('10.0.2.1');
    // 65,023 /24s (10.0.1 to 10.253.255) of 254 hosts each.
    expect(HOST_PLAN_CAPACITY).toBe(16_515_842);
    expect(indexedHostIpv4(16_515_841)).toBe('10.253.255.254');
    expect(() => indexedHostIpv4(16_515_842)).toThrow(TopologyParamError);
  });

  it('switch loopbacks: 10.254 or 10.255, from .0.1 up to .255.254', () => {
    expect(indexedSwitchIpv4(254, 0)).toBe('10.254.0.1');
    expect(indexedSwitchIpv4(255, 255)).toBe('10.255.1.2');
    expect(SWITCH_PLANE_CAPACITY).toBe(65_024);
    expect(indexedSwitchIpv4(254, 65_023)).toBe('10.254.255.254');
    expect(() => indexedSwitchIpv4(254, 65_024)).toThrow(TopologyParamError);
  });

  it('the first BCube server and the first leaf are no network address any more', () => {
    // They were 10.0.0.0 (the network address of the site's 10.0.0.0/8) and 10.254.0.0.
    const bcube = buildSingleSiteEstate('bcube', { n: 4, k: 1 });
    expect(bcube.devices.find((d) => d.id === 'bcube-site.srv-00')?.ipv4).toBe('10.0.1.1');
    expect(bcube.devices.find((d) => d.id === 'bcube-site.srv-33')?.ipv4).toBe('10.0.1.16');
    const leafSpine = buildSingleSiteEstate('leaf-spine', {});
    expect(leafSpine.devices.find((d) => d.id === 'leaf-spine-site.leaf-1')?.ipv4).toBe(
      '10.254.0.1',
    );
  });
});
