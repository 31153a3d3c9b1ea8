/**
 * A three-site estate whose latencies are easy to add up by hand, for tests
 * of flow paths, inbound and outbound traffic, address families and cost.
 *
 * Sites a, b, c are one-spine, one-leaf leaf-spines; the gateway hangs off
 * the spine, so host → leaf → spine → gateway is 3 links of 0.005 ms =
 * 0.015 ms. WAN links: a–b 10 ms, b–c 20 ms, a–c 25 ms (each the shortest
 * way between its ends: a–b–c is 30, b–a–c 35). The VMs to move all start
 * on host a.h1; their peer `y` runs in c on another tenant network.
 */
import type { Estate } from '../model/estate.ts';
import type { IpStack } from '../model/primitives.ts';
import type { VirtualNetwork } from '../model/virtual-network.ts';
import type { Vm } from '../model/vm.ts';
import { buildMultiSiteEstate } from '../topology/multi-site.ts';
import type { ImpactEngine } from './engine.ts';
import { previewMove } from './preview.ts';
import type { ImpactReport, StrategyName } from './report.ts';

export const HOP_MS = 0.005;
/** Host to its site's gateway, or back. */
export const TO_GATEWAY_MS = 3 * HOP_MS;
export const WAN_MS = { ab: 10, bc: 20, ac: 25 } as const;

const net = (
  id: string,
  segmentation: VirtualNetwork['segmentation'],
  siteIds: string[],
  stretched: boolean,
  cidrs: string[],
): VirtualNetwork => ({
  id,
  tenantId: 't',
  name: id,
  segmentation,
  subnets: cidrs.map((cidr) => ({ cidr })),
  siteIds,
  stretched,
});

let macs = 0;
const vm = (id: string, networkId: string, hostId: string, addr: Partial<Vm>): Vm => ({
  id,
  name: id,
  tenantId: 't',
  networkId,
  hostId,
  mac: `02:00:00:00:00:${(++macs % 256).toString(16).padStart(2, '0')}`,
  vcpu: 2,
  memoryGiB: 4,
  dirtyRateMiBps: 10,
  disk: { kind: 'shared', sizeGiB: 20 },
  ...addr,
});

/** The estate; `stacks` sets each site's gateway stack (all dual-stack by default). */
export function threeSites(stacks: Partial<Record<'a' | 'b' | 'c', IpStack>> = {}): Estate {
  const estate = buildMultiSiteEstate({
    id: 'three',
    name: 'three sites',
    wan: 'mesh',
    sites: (['a', 'b', 'c'] as const).map((id, i) => ({
      id,
      name: id,
      ownership: 'private' as const,
      region: `r-${id}`,
      location: { lat: 50 + i, lon: i },
      topology: { kind: 'leaf-spine' as const, params: { spines: 1, leaves: 1, hostsPerLeaf: 2 } },
      gateway: { stack: stacks[id] ?? 'dual' },
    })),
  });
  for (const w of estate.wanLinks) {
    const key = w.id.replace('wan.', '').replace('~', '') as keyof typeof WAN_MS;
    w.latencyMs = WAN_MS[key];
    w.cost = WAN_MS[key];
  }
  estate.tenants = [{ id: 't', name: 'T' }];
  estate.networks = [
    net('ov', { type: 'vxlan', vni: 100 }, ['a', 'b', 'c'], true, [
      '10.1.0.0/24',
      '2001:db8:1::/64',
    ]),
    net('ag', { type: 'agent', clusterId: 7 }, ['a', 'b', 'c'], true, ['10.2.0.0/24']),
    net('vl', { type: 'vlan', vlanId: 30 }, ['a', 'b'], true, ['10.3.0.0/24']),
    net('rn', { type: 'vlan', vlanId: 40 }, ['a', 'b'], false, ['10.4.0.0/24']),
    net('peer', { type: 'vlan', vlanId: 50 }, ['c'], false, ['10.5.0.0/24', '2001:db8:5::/64']),
  ];
  const host = (site: string, n: number) => `${site}.leaf-1-h${n}`;
  estate.vms = [
    vm('x-ov', 'ov', host('a', 1), { ipv4: '10.1.0.10', ipv6: '2001:db8:1::10' }),
    vm('x-ag', 'ag', host('a', 1), { ipv4: '10.2.0.10' }),
    vm('x-vl', 'vl', host('a', 1), { ipv4: '10.3.0.10' }),
    vm('x-rn', 'rn', host('a', 1), { ipv4: '10.4.0.10' }),
    vm('ov-mate', 'ov', host('c', 2), { ipv4: '10.1.0.11', ipv6: '2001:db8:1::11' }),
    vm('y', 'peer', host('c', 1), { ipv4: '10.5.0.10', ipv6: '2001:db8:5::10' }),
  ];
  let n = 0;
  for (const x of ['x-ov', 'x-ag', 'x-vl', 'x-rn']) {
    estate.flows.push({ id: `f${++n}`, src: x, dst: { kind: 'vm', vmId: 'y' }, rateMbps: 100 });
    estate.flows.push({
      id: `f${++n}`,
      src: x,
      dst: { kind: 'prefix', prefix: '198.51.100.0/24' },
      rateMbps: 300,
    });
  }
  estate.flows.push({
    id: 'f-mate',
    src: 'x-ov',
    dst: { kind: 'vm', vmId: 'ov-mate' },
    rateMbps: 50,
  });
  return estate;
}

/** Host n (1 or 2) of a site. */
export const hostIn = (site: 'a' | 'b' | 'c', n: 1 | 2) => `${site}.leaf-1-h${n}`;

/** The report of moving one VM to host b.leaf-1-h1 with a strategy. */
export function moveToB(
  engine: ImpactEngine,
  vmId: string,
  strategy: StrategyName | 'all',
): ImpactReport {
  const r = previewMove(engine, {
    vmIds: [vmId],
    target: { kind: 'host', hostId: hostIn('b', 1) },
    strategy,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
}
