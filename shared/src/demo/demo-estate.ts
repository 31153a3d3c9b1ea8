/**
 * The demo estate: six DCs in five regions (three-tier,
 * fat-tree k=8, leaf-spine, BCube(4,1), a public cloud), IPv4-only,
 * IPv6-only and dual-stack gateways, six tenants, VLAN, VXLAN, Geneve and
 * agent-overlay networks, 320 VMs with flows, three VNEs, LISP in three of
 * the DCs, and policies under which some moves are illegal. Deterministic: same code, same estate.
 */
import type { Device } from '../model/device.ts';
import type { Estate } from '../model/estate.ts';
import type { Flow } from '../model/flow.ts';
import type { Vm } from '../model/vm.ts';
import type { Vne } from '../model/vne.ts';
import type { Subnet, VirtualNetwork } from '../model/virtual-network.ts';
import { poolRange } from '../addressing/pool.ts';
import { bigIntToIp, cidrRange, ipToBigInt } from '../net/ip.ts';
import { buildMultiSiteEstate } from '../topology/multi-site.ts';
import { createPrng, type Prng } from '../util/prng.ts';
import { DEMO_LISP, DEMO_SITES } from './demo-sites.ts';
import { DEMO_NETWORKS, DEMO_TENANTS, type DemoNetwork } from './demo-tenants.ts';
import { applyDemoPlatforms } from './demo-platforms.ts';

export const DEMO_ESTATE_ID = 'demo';
const SEED = 20121001;

/** Memory dirtying by role, MiB/s: databases and caches dirty fast, web tiers slowly. */
const DIRTY_RATE: Record<string, [number, number]> = {
  db: [150, 400],
  'erp-db': [150, 300],
  'ehr-db': [100, 300],
  cache: [300, 900],
  kafka: [200, 600],
  risk: [1500, 2500],
  spark: [200, 800],
};
const SIZE: Record<string, { vcpu: number[]; memoryGiB: number[] }> = {
  db: { vcpu: [8, 16], memoryGiB: [64, 128] },
  'erp-db': { vcpu: [8], memoryGiB: [64] },
  'ehr-db': { vcpu: [8, 16], memoryGiB: [64, 96] },
  spark: { vcpu: [8, 16], memoryGiB: [32, 64] },
  risk: { vcpu: [16], memoryGiB: [64] },
};
const PORT: Record<string, number> = {
  db: 5432,
  'erp-db': 1521,
  'ehr-db': 5432,
  cache: 6379,
  kafka: 9092,
  zk: 2181,
};

function macOf(n: number): string {
  // 52:54:00 is the locally administered prefix QEMU/KVM uses.
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return `52:54:00:${hex((n >> 16) & 255)}:${hex((n >> 8) & 255)}:${hex(n & 255)}`;
}

/** Demo VMs start at host number 10 of each subnet (x.x.x.10): 1 to 9 stay for the gateway and infrastructure. */
const FIRST_VM_HOST = 10n;

/**
 * Hands out one L2 domain's VM addresses in a subnet, in order: from host
 * number 10 (or its pool's start), within its pool, never the gateway;
 * IPv4 last octets 1..254 only, so never a network or broadcast address of
 * the subnet or of any /24 inside it. Throws when the subnet runs out.
 */
function addressCursor(subnet: Subnet): () => string {
  const pool = poolRange(subnet)!;
  const gateway = subnet.gateway === undefined ? undefined : ipToBigInt(subnet.gateway);
  const from = cidrRange(subnet.cidr).first + FIRST_VM_HOST;
  let next = pool.first > from ? pool.first : from;
  return () => {
    for (;;) {
      const v = next++;
      if (v > pool.last) throw new Error(`demo estate: ${subnet.cidr} has no address left`);
      const lastOctet = v & 255n;
      if (pool.family === 'ipv4' && (lastOctet === 0n || lastOctet === 255n)) continue;
      if (v !== gateway) return bigIntToIp(v, pool.family);
    }
  };
}

interface Placement {
  hostsBySite: Map<string, Device[]>;
  load: Map<string, { vcpu: number; memoryGiB: number }>;
}

function pickHost(
  place: Placement,
  siteId: string,
  vcpu: number,
  memoryGiB: number,
  rng: Prng,
): Device {
  const hosts = place.hostsBySite.get(siteId) ?? [];
  const start = rng.int(0, hosts.length - 1);
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[(start + i) % hosts.length]!;
    const l = place.load.get(h.id) ?? { vcpu: 0, memoryGiB: 0 };
    if (l.vcpu + vcpu <= h.capacity!.vcpu && l.memoryGiB + memoryGiB <= h.capacity!.memoryGiB) {
      place.load.set(h.id, { vcpu: l.vcpu + vcpu, memoryGiB: l.memoryGiB + memoryGiB });
      return h;
    }
  }
  throw new Error(`demo estate: site ${siteId} is full`);
}

function buildVms(spec: DemoNetwork, place: Placement, rng: Prng, macCounter: { n: number }): Vm[] {
  const net = spec.network;
  const vms: Vm[] = [];
  const cursors = new Map<string, (() => string)[]>();
  for (let i = 0; i < spec.vms; i++) {
    const role = spec.roles[i % spec.roles.length]!;
    const siteId = net.siteIds[i % net.siteIds.length]!;
    // A non-stretched network numbers each site's domain from the same base, as cloned DR sites do.
    const domain = net.stretched ? net.id : `${net.id}@${siteId}`;
    let domainCursors = cursors.get(domain);
    if (!domainCursors) cursors.set(domain, (domainCursors = net.subnets.map(addressCursor)));
    const size = SIZE[role] ?? { vcpu: [2, 4], memoryGiB: [4, 8, 16] };
    const vcpu = rng.pick(size.vcpu);
    const memoryGiB = rng.pick(size.memoryGiB);
    const host = pickHost(place, siteId, vcpu, memoryGiB, rng);
    const [lo, hi] = DIRTY_RATE[role] ?? [10, 80];
    const addr: Pick<Vm, 'ipv4' | 'ipv6'> = {};
    net.subnets.forEach((sn, s) => (addr[poolRange(sn)!.family] = domainCursors[s]!()));
    const ordinal = String(i + 1).padStart(2, '0');
    const local = role.endsWith('db') && rng.next() < 0.5;
    vms.push({
      id: `${net.id}-${role}-${ordinal}`,
      name: `${net.id}-${role}-${ordinal}`,
      tenantId: net.tenantId,
      networkId: net.id,
      hostId: host.id,
      mac: macOf(++macCounter.n),
      ...addr,
      vcpu,
      memoryGiB,
      dirtyRateMiBps: rng.int(lo, hi),
      disk: {
        kind: local ? 'local' : 'shared',
        sizeGiB: local ? rng.pick([200, 500]) : rng.pick([40, 80]),
      },
      cluster: `${net.id}-${role}`,
    });
  }
  return vms;
}

function buildFlows(vms: readonly Vm[], rng: Prng): Flow[] {
  const flows: Flow[] = [];
  const byTenant = new Map<string, Vm[]>();
  for (const vm of vms) byTenant.set(vm.tenantId, [...(byTenant.get(vm.tenantId) ?? []), vm]);
  for (const vm of vms) {
    const peers = (byTenant.get(vm.tenantId) ?? []).filter((p) => p.id !== vm.id);
    const count = rng.int(1, 3);
    for (let f = 0; f < count && peers.length; f++) {
      const peer = rng.pick(peers);
      const role = peer.cluster?.split('-').pop() ?? '';
      flows.push({
        id: `flow-${flows.length + 1}`,
        src: vm.id,
        dst: { kind: 'vm', vmId: peer.id },
        rateMbps: rng.int(5, 800),
        ...(PORT[role] !== undefined && { port: PORT[role] }),
      });
    }
    if (/-(web|api|gateway|origin|cdn-edge)-/.test(vm.id)) {
      flows.push({
        id: `flow-${flows.length + 1}`,
        src: vm.id,
        dst: { kind: 'prefix', prefix: vm.ipv4 ? '198.51.100.0/24' : '2001:db8:ffee::/48' },
        rateMbps: rng.int(50, 2000),
        port: 443,
      });
    }
  }
  return flows;
}

function hostIn(estate: Estate, siteId: string, nth: number): string {
  return estate.devices.filter((d) => d.siteId === siteId && d.role === 'host')[nth]!.id;
}

function buildVnes(estate: Estate): Vne[] {
  return [
    {
      id: 'globex-fw-1',
      name: 'Globex perimeter firewall',
      tenantId: 'globex',
      kind: 'firewall',
      hostId: hostIn(estate, 'fra1', 0),
      networkIds: ['globex-core', 'globex-trading'],
      tables: { routes: 120, routeLimit: 4096, sessions: 180_000, sessionLimit: 250_000 },
    },
    {
      id: 'acme-lb-1',
      name: 'Acme storefront load balancer',
      tenantId: 'acme',
      kind: 'load-balancer',
      hostId: hostIn(estate, 'ams1', 1),
      networkIds: ['acme-web'],
      tables: { routes: 16, routeLimit: 1024, sessions: 90_000, sessionLimit: 100_000 },
    },
    {
      id: 'wayne-vr-1',
      name: 'Wayne edge router',
      tenantId: 'wayne',
      kind: 'router',
      hostId: hostIn(estate, 'iad1', 2),
      networkIds: ['wayne-ops'],
      tables: { routes: 3_800, routeLimit: 4_096, sessions: 0, sessionLimit: 1 },
    },
  ];
}

function buildPolicies(estate: Estate): Estate['policies'] {
  const vmIds = (pred: (vm: Vm) => boolean) => estate.vms.filter(pred).map((vm) => vm.id);
  return {
    zones: [
      {
        id: 'private',
        name: 'Private DCs',
        siteIds: estate.sites.filter((s) => s.ownership === 'private').map((s) => s.id),
      },
      {
        id: 'public',
        name: 'Public cloud',
        siteIds: estate.sites.filter((s) => s.ownership === 'public').map((s) => s.id),
      },
    ],
    firewallRules: [
      {
        id: 'fw-public-to-health',
        description: 'Public cloud may not reach health records',
        priority: 10,
        from: { kind: 'zone', zoneId: 'public' },
        to: { kind: 'tenant', tenantId: 'umbrella' },
        action: 'deny',
      },
      {
        id: 'fw-media-to-bank',
        description: 'Media may not reach the bank',
        priority: 20,
        from: { kind: 'tenant', tenantId: 'stark' },
        to: { kind: 'tenant', tenantId: 'globex' },
        action: 'deny',
      },
      {
        id: 'fw-public-to-ledger-db',
        description: 'Public cloud may not reach the ledger database',
        priority: 30,
        from: { kind: 'zone', zoneId: 'public' },
        to: { kind: 'network', networkId: 'globex-core' },
        port: 5432,
        action: 'deny',
      },
      {
        id: 'fw-default',
        description: 'Everything else is allowed',
        priority: 1000,
        from: { kind: 'any' },
        to: { kind: 'any' },
        action: 'allow',
      },
    ],
    defaultAction: 'deny',
    placementRules: [
      {
        id: 'pl-health-private',
        description: 'Health records stay in private DCs',
        kind: 'private-only',
        vmIds: vmIds((vm) => vm.tenantId === 'umbrella'),
      },
      {
        id: 'pl-bank-eu',
        description: 'Bank data stays in Frankfurt and London',
        kind: 'region',
        vmIds: vmIds((vm) => vm.tenantId === 'globex'),
        regions: ['eu-central-1', 'eu-west-2'],
      },
      {
        id: 'pl-ledger-db-apart',
        description: 'Ledger databases on separate hosts',
        kind: 'anti-affinity',
        vmIds: vmIds((vm) => /^globex-core-db-/.test(vm.id)).slice(0, 2),
      },
      {
        id: 'pl-erp-together',
        description: 'ERP app and its database in one site',
        kind: 'affinity',
        vmIds: ['acme-legacy-erp-01', 'acme-legacy-erp-db-02'],
      },
    ],
  };
}

export function buildDemoEstate(): Estate {
  const estate = buildMultiSiteEstate({
    id: DEMO_ESTATE_ID,
    name: 'VMMI demo estate',
    description:
      'Six DCs across Europe, the US and Asia; six tenants; generated by buildDemoEstate().',
    sites: DEMO_SITES,
    wan: 'mesh',
  });
  const rng = createPrng(SEED);
  const hostsBySite = new Map<string, Device[]>();
  for (const d of estate.devices)
    if (d.role === 'host') hostsBySite.set(d.siteId, [...(hostsBySite.get(d.siteId) ?? []), d]);
  const place: Placement = { hostsBySite, load: new Map() };
  const macCounter = { n: 0 };
  estate.tenants = DEMO_TENANTS.map((t) => ({ ...t }));
  estate.networks = DEMO_NETWORKS.map(
    (d) => JSON.parse(JSON.stringify(d.network)) as VirtualNetwork,
  );
  estate.vms = DEMO_NETWORKS.flatMap((d) => buildVms(d, place, rng, macCounter));
  estate.flows = buildFlows(estate.vms, rng);
  estate.vnes = buildVnes(estate);
  estate.policies = buildPolicies(estate);
  applyDemoPlatforms(estate);
  estate.lisp = {
    ...DEMO_LISP,
    xtrSiteIds: [...DEMO_LISP.xtrSiteIds],
    proxyItrSiteIds: [...DEMO_LISP.proxyItrSiteIds],
  };
  // WAN links carry some background load so that utilisation colours mean something.
  for (const w of estate.wanLinks) w.utilisation = Math.round(rng.next() * 70) / 100;
  return estate;
}
