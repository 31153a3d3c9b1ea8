/**
 * The large benchmark estate: four fat-tree k=32 sites (32,768
 * hosts), 200 tenant networks of every kind, 100,000 VMs and 300,000 flows.
 * Deterministic; built directly (valid by construction, checked by a test-free
 * spot check in the bench).
 */
import type { Estate } from '../src/model/estate.ts';
import type { Flow } from '../src/model/flow.ts';
import type { VirtualNetwork } from '../src/model/virtual-network.ts';
import type { Vm } from '../src/model/vm.ts';
import { nthAddress } from '../src/net/ip.ts';
import { buildMultiSiteEstate } from '../src/topology/multi-site.ts';
import { createPrng } from '../src/util/prng.ts';

export function buildLargeEstate(
  opts: { k?: number; vms?: number; flowsPerVm?: number } = {},
): Estate {
  const k = opts.k ?? 32;
  const vmCount = opts.vms ?? 100_000;
  const flowsPerVm = opts.flowsPerVm ?? 3;
  const sites = ['north', 'south', 'east', 'west'];
  const estate = buildMultiSiteEstate({
    id: 'large',
    name: 'Benchmark estate',
    wan: 'mesh',
    sites: sites.map((id, i) => ({
      id,
      name: id,
      ownership: 'private' as const,
      region: `region-${i}`,
      location: { lat: 40 + i * 3, lon: -10 + i * 10 },
      topology: { kind: 'fat-tree' as const, params: { k } },
      gateway: { stack: 'dual' as const },
    })),
  });
  const rng = createPrng(7);
  const networks: VirtualNetwork[] = [];
  const tenants = 50;
  for (let n = 0; n < 200; n++) {
    const kind = n % 4;
    networks.push({
      id: `net-${n}`,
      tenantId: `tenant-${n % tenants}`,
      name: `network ${n}`,
      segmentation:
        kind === 0
          ? { type: 'vlan', vlanId: 100 + n }
          : kind === 3
            ? { type: 'agent', clusterId: 1000 + n }
            : { type: kind === 1 ? 'vxlan' : 'geneve', vni: 5000 + n },
      subnets: [{ cidr: `10.${n}.0.0/16` }, { cidr: `2001:db8:${n.toString(16)}::/64` }],
      siteIds: kind === 0 ? [sites[n % 4]!] : sites,
      stretched: kind !== 0,
    });
  }
  estate.tenants = Array.from({ length: tenants }, (_, t) => ({
    id: `tenant-${t}`,
    name: `Tenant ${t}`,
  }));
  estate.networks = networks;
  const hostsBySite = new Map(
    sites.map((s) => [s, estate.devices.filter((d) => d.siteId === s && d.role === 'host')]),
  );
  const vms: Vm[] = [];
  const perNet = new Map<string, number>();
  for (let i = 0; i < vmCount; i++) {
    const net = networks[i % networks.length]!;
    const site = net.siteIds[rng.int(0, net.siteIds.length - 1)]!;
    const hosts = hostsBySite.get(site)!;
    const idx = perNet.get(net.id) ?? 0;
    perNet.set(net.id, idx + 1);
    vms.push({
      id: `vm-${i}`,
      name: `vm-${i}`,
      tenantId: net.tenantId,
      networkId: net.id,
      hostId: hosts[i % hosts.length]!.id,
      mac: `52:54:${((i >> 24) & 255).toString(16).padStart(2, '0')}:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
      ipv4: nthAddress(net.subnets[0]!.cidr, 10 + idx),
      ...(i % 3 === 0 && { ipv6: nthAddress(net.subnets[1]!.cidr, 10 + idx) }),
      vcpu: 2,
      memoryGiB: 8,
      dirtyRateMiBps: rng.int(10, 300),
      disk: { kind: 'shared', sizeGiB: 40 },
    });
  }
  estate.vms = vms;
  const byNet = new Map<string, Vm[]>();
  for (const vm of vms) byNet.set(vm.networkId, [...(byNet.get(vm.networkId) ?? []), vm]);
  const flows: Flow[] = [];
  for (const vm of vms) {
    const peers = byNet.get(vm.networkId)!;
    for (let f = 0; f < flowsPerVm; f++) {
      const peer = peers[rng.int(0, peers.length - 1)]!;
      if (peer.id === vm.id)
        flows.push({
          id: `f-${flows.length}`,
          src: vm.id,
          dst: { kind: 'prefix', prefix: '198.51.100.0/24' },
          rateMbps: 10,
        });
      else
        flows.push({
          id: `f-${flows.length}`,
          src: vm.id,
          dst: { kind: 'vm', vmId: peer.id },
          rateMbps: rng.int(1, 500),
        });
    }
  }
  estate.flows = flows;
  return estate;
}
