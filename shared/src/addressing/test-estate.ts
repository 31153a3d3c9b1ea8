/**
 * A small two-site estate for property tests of addressing and policy: few
 * hosts, few addresses, so that random VMs collide often and a brute-force
 * scan is the obvious truth to compare with. Site "a" is a private leaf-spine
 * (one leaf per two hosts), site "b" a public BCube(2,1) (every host on two
 * switches); one network of each kind of segmentation and stretch.
 */
import fc from 'fast-check';
import type { Estate } from '../model/estate.ts';
import type { VirtualNetwork } from '../model/virtual-network.ts';
import type { Vm } from '../model/vm.ts';
import { cidrFamily, nthAddress } from '../net/ip.ts';
import { buildMultiSiteEstate } from '../topology/multi-site.ts';

export interface SmallVmSpec {
  /** Index into the estate's hosts, modulo their number. */
  host: number;
  /** Index into SMALL_NETWORKS. */
  net: number;
  /** Small numbers so that MACs and addresses repeat. */
  mac: number;
  ip: number;
  vcpu: number;
}

export const SMALL_NETWORKS: VirtualNetwork[] = [
  net('vlan-local', 't1', { type: 'vlan', vlanId: 10 }, false, ['10.1.0.0/24']),
  net('vlan-stretched', 't1', { type: 'vlan', vlanId: 20 }, true, [
    '10.2.0.0/24',
    '2001:db8:2::/64',
  ]),
  net('vxlan', 't2', { type: 'vxlan', vni: 5000 }, true, ['10.3.0.0/24', '2001:db8:3::/64']),
  net('agent', 't2', { type: 'agent', clusterId: 7 }, false, ['2001:db8:4::/64']),
];

function net(
  id: string,
  tenantId: string,
  segmentation: VirtualNetwork['segmentation'],
  stretched: boolean,
  cidrs: string[],
): VirtualNetwork {
  const subnets = cidrs.map((cidr) => ({ cidr, gateway: nthAddress(cidr, 1) }));
  return { id, tenantId, name: id, segmentation, subnets, siteIds: ['a', 'b'], stretched };
}

export const smallVmSpec: fc.Arbitrary<SmallVmSpec> = fc.record({
  host: fc.nat(7),
  net: fc.nat(SMALL_NETWORKS.length - 1),
  mac: fc.nat(5),
  ip: fc.nat(5),
  vcpu: fc.integer({ min: 1, max: 40 }),
});

export const smallVmSpecs = fc.array(smallVmSpec, { maxLength: 24 });

function macOf(n: number): string {
  return `02:00:00:00:00:${n.toString(16).padStart(2, '0')}`;
}

/** The base estate with no VMs: two sites, gateways dual-stack (a) and IPv4-only (b). */
export function smallFabric(): Estate {
  const estate = buildMultiSiteEstate({
    id: 'small',
    name: 'small',
    sites: [
      {
        id: 'a',
        name: 'A',
        ownership: 'private',
        region: 'r-a',
        location: { lat: 50, lon: 8 },
        topology: { kind: 'leaf-spine', params: { spines: 1, leaves: 2, hostsPerLeaf: 2 } },
        gateway: { stack: 'dual' },
      },
      {
        id: 'b',
        name: 'B',
        ownership: 'public',
        region: 'r-b',
        location: { lat: 52, lon: 4 },
        topology: { kind: 'bcube', params: { n: 2, k: 1 } },
        gateway: { stack: 'ipv4' },
      },
    ],
    wan: 'mesh',
  });
  estate.tenants = [
    { id: 't1', name: 'T1' },
    { id: 't2', name: 'T2' },
  ];
  estate.networks = SMALL_NETWORKS.map((n) => JSON.parse(JSON.stringify(n)) as VirtualNetwork);
  return estate;
}

/**
 * The small estate with one VM per spec. `uniqueMacs` numbers MACs by VM so
 * that they are unique, as a valid estate's are.
 */
export function smallEstate(specs: readonly SmallVmSpec[], uniqueMacs = false): Estate {
  const estate = smallFabric();
  const hosts = estate.devices.filter((d) => d.role === 'host');
  estate.vms = specs.map((s, i): Vm => {
    const network = SMALL_NETWORKS[s.net % SMALL_NETWORKS.length]!;
    const addr: Pick<Vm, 'ipv4' | 'ipv6'> = {};
    for (const sn of network.subnets) addr[cidrFamily(sn.cidr)] = nthAddress(sn.cidr, 10 + s.ip);
    return {
      id: `vm-${i}`,
      name: `vm-${i}`,
      tenantId: network.tenantId,
      networkId: network.id,
      hostId: hosts[s.host % hosts.length]!.id,
      mac: macOf(uniqueMacs ? i : s.mac),
      ...addr,
      vcpu: s.vcpu,
      memoryGiB: 4 * s.vcpu,
      dirtyRateMiBps: 10,
      disk: { kind: s.ip % 2 === 0 ? 'local' : 'shared', sizeGiB: 100 },
    };
  });
  return estate;
}

/** The ids of the small estate's hosts, in order. */
export function smallHosts(estate: Estate): string[] {
  return estate.devices.filter((d) => d.role === 'host').map((d) => d.id);
}
