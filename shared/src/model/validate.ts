/**
 * Cross-reference validation of an estate: what zod's shape checks cannot see
 * (unknown ids, duplicate MAC or IP in one L2 domain, addresses outside their
 * subnet, hosts over capacity). Every issue names the path of the bad field.
 */
import { cidrContains, cidrFamily, canonicalIp, ipToBigInt } from '../net/ip.ts';
import { canonicalMac } from '../net/mac.ts';
import type { Device } from './device.ts';
import type { Estate } from './estate.ts';
import type { VirtualNetwork } from './virtual-network.ts';

export interface EstateIssue {
  /** Dotted path with indices, e.g. `vms[12].ipv4`. */
  path: string;
  message: string;
}

type Collection =
  | 'sites'
  | 'devices'
  | 'links'
  | 'wanLinks'
  | 'tenants'
  | 'networks'
  | 'vms'
  | 'vnes'
  | 'flows'
  | 'cpuModels';

/**
 * The L2 domain a VM's network puts it in: one for a stretched network, one
 * per site otherwise. Duplicate MACs and IPs are errors within one domain only.
 */
export function l2DomainKey(network: VirtualNetwork, siteId: string): string {
  return network.stretched ? network.id : `${network.id}@${siteId}`;
}

export function validateEstateReferences(estate: Estate): EstateIssue[] {
  const issues: EstateIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  const index = <T extends { id: string }>(
    name: Collection,
    items: readonly T[],
  ): Map<string, T> => {
    const map = new Map<string, T>();
    items.forEach((item, i) => {
      if (map.has(item.id)) add(`${name}[${i}].id`, `duplicate id "${item.id}"`);
      else map.set(item.id, item);
    });
    return map;
  };
  const sites = index('sites', estate.sites);
  const devices = index('devices', estate.devices);
  index('links', estate.links);
  index('wanLinks', estate.wanLinks);
  const tenants = index('tenants', estate.tenants);
  const networks = index('networks', estate.networks);
  const vms = index('vms', estate.vms);
  index('vnes', estate.vnes);
  index('flows', estate.flows);
  const cpuModels = index('cpuModels', estate.cpuModels ?? []);
  const zones = new Map(estate.policies.zones.map((z) => [z.id, z]));

  const ref = (path: string, map: Map<string, unknown>, id: string, what: string) => {
    if (!map.has(id)) add(path, `unknown ${what} "${id}"`);
  };
  const deviceOfRole = (path: string, id: string, want: (d: Device) => boolean, what: string) => {
    const d = devices.get(id);
    if (!d) add(path, `unknown device "${id}"`);
    else if (!want(d)) add(path, `device "${id}" is a ${d.role}, not a ${what}`);
    return d;
  };

  estate.devices.forEach((d, i) => {
    ref(`devices[${i}].siteId`, sites, d.siteId, 'site');
    if (d.role === 'host' && !d.capacity)
      add(`devices[${i}].capacity`, `host "${d.id}" has no capacity`);
    if (d.role === 'gateway' && !d.stack)
      add(`devices[${i}].stack`, `gateway "${d.id}" has no IP stack`);
    if (d.platform) {
      if (d.role !== 'host')
        add(`devices[${i}].platform`, `only hosts run VMs: "${d.id}" is a ${d.role}`);
      ref(`devices[${i}].platform.cpuModel`, cpuModels, d.platform.cpuModel, 'CPU model');
    }
  });

  estate.links.forEach((l, i) => {
    const a = devices.get(l.a);
    const b = devices.get(l.b);
    if (!a) add(`links[${i}].a`, `unknown device "${l.a}"`);
    if (!b) add(`links[${i}].b`, `unknown device "${l.b}"`);
    if (l.a === l.b) add(`links[${i}].b`, 'a link cannot join a device to itself');
    if (a && b && a.siteId !== b.siteId)
      add(`links[${i}]`, `link joins sites "${a.siteId}" and "${b.siteId}": use a WAN link`);
  });

  estate.wanLinks.forEach((l, i) => {
    const isGw = (d: Device) => d.role === 'gateway';
    const a = deviceOfRole(`wanLinks[${i}].a`, l.a, isGw, 'gateway');
    const b = deviceOfRole(`wanLinks[${i}].b`, l.b, isGw, 'gateway');
    if (a && b && a.siteId === b.siteId)
      add(`wanLinks[${i}]`, 'a WAN link must join gateways of two different sites');
  });

  estate.networks.forEach((n, i) => {
    ref(`networks[${i}].tenantId`, tenants, n.tenantId, 'tenant');
    n.siteIds.forEach((s, j) => ref(`networks[${i}].siteIds[${j}]`, sites, s, 'site'));
    n.subnets.forEach((sn, j) => {
      const p = `networks[${i}].subnets[${j}]`;
      if (sn.gateway && !cidrContains(sn.cidr, sn.gateway))
        add(`${p}.gateway`, `${sn.gateway} is outside ${sn.cidr}`);
      if (sn.pool) {
        if (!cidrContains(sn.cidr, sn.pool.start))
          add(`${p}.pool.start`, `${sn.pool.start} is outside ${sn.cidr}`);
        if (!cidrContains(sn.cidr, sn.pool.end))
          add(`${p}.pool.end`, `${sn.pool.end} is outside ${sn.cidr}`);
        else if (
          cidrContains(sn.cidr, sn.pool.start) &&
          ipToBigInt(sn.pool.start) > ipToBigInt(sn.pool.end)
        )
          add(`${p}.pool`, 'pool starts after it ends');
      }
    });
  });
  checkSegmentIds(estate, add);

  const hostLoad = new Map<string, { vcpu: number; memoryGiB: number; diskGiB: number }>();
  const seenMac = new Map<string, string>();
  const seenIp = new Map<string, string>();
  estate.vms.forEach((vm, i) => {
    const p = `vms[${i}]`;
    ref(`${p}.tenantId`, tenants, vm.tenantId, 'tenant');
    if (vm.cpuModel !== undefined) ref(`${p}.cpuModel`, cpuModels, vm.cpuModel, 'CPU model');
    const host = deviceOfRole(`${p}.hostId`, vm.hostId, (d) => d.role === 'host', 'host');
    const net = networks.get(vm.networkId);
    if (!net) {
      add(`${p}.networkId`, `unknown network "${vm.networkId}"`);
      return;
    }
    if (net.tenantId !== vm.tenantId)
      add(
        `${p}.networkId`,
        `network "${net.id}" belongs to tenant "${net.tenantId}", not "${vm.tenantId}"`,
      );
    if (host && !net.siteIds.includes(host.siteId))
      add(
        `${p}.hostId`,
        `host "${host.id}" is in site "${host.siteId}", where network "${net.id}" does not exist`,
      );
    if (!vm.ipv4 && !vm.ipv6) add(p, `VM "${vm.id}" has no address`);
    for (const family of ['ipv4', 'ipv6'] as const) {
      const ip = vm[family];
      if (!ip) continue;
      const subnets = net.subnets.filter((s) => cidrFamily(s.cidr) === family);
      if (!subnets.some((s) => cidrContains(s.cidr, ip)))
        add(`${p}.${family}`, `${ip} is outside every ${family} subnet of network "${net.id}"`);
    }
    if (host) {
      const domain = l2DomainKey(net, host.siteId);
      // Parsed estates hold canonical text already; one built in code may not.
      const macKey = `${domain}|${canonicalMac(vm.mac) ?? vm.mac.toLowerCase()}`;
      const macOwner = seenMac.get(macKey);
      if (macOwner)
        add(`${p}.mac`, `MAC ${vm.mac} is already used by VM "${macOwner}" in the same L2 domain`);
      else seenMac.set(macKey, vm.id);
      for (const family of ['ipv4', 'ipv6'] as const) {
        const ip = vm[family];
        if (!ip) continue;
        const ipKey = `${domain}|${canonicalIp(ip)}`;
        const ipOwner = seenIp.get(ipKey);
        if (ipOwner)
          add(`${p}.${family}`, `${ip} is already used by VM "${ipOwner}" in the same L2 domain`);
        else seenIp.set(ipKey, vm.id);
      }
      const load = hostLoad.get(host.id) ?? { vcpu: 0, memoryGiB: 0, diskGiB: 0 };
      load.vcpu += vm.vcpu;
      load.memoryGiB += vm.memoryGiB;
      if (vm.disk.kind === 'local') load.diskGiB += vm.disk.sizeGiB;
      hostLoad.set(host.id, load);
    }
  });

  estate.devices.forEach((d, i) => {
    const load = hostLoad.get(d.id);
    if (!load || !d.capacity) return;
    for (const key of ['vcpu', 'memoryGiB', 'diskGiB'] as const) {
      if (load[key] > d.capacity[key])
        add(
          `devices[${i}].capacity.${key}`,
          `host "${d.id}" is over capacity: ${key} ${load[key]} > ${d.capacity[key]}`,
        );
    }
  });

  estate.vnes.forEach((v, i) => {
    ref(`vnes[${i}].tenantId`, tenants, v.tenantId, 'tenant');
    deviceOfRole(`vnes[${i}].hostId`, v.hostId, (d) => d.role === 'host', 'host');
    v.networkIds.forEach((n, j) => ref(`vnes[${i}].networkIds[${j}]`, networks, n, 'network'));
    if (v.tables.routes > v.tables.routeLimit)
      add(`vnes[${i}].tables.routes`, 'more routes than the table holds');
    if (v.tables.sessions > v.tables.sessionLimit)
      add(`vnes[${i}].tables.sessions`, 'more sessions than the table holds');
  });

  estate.flows.forEach((f, i) => {
    ref(`flows[${i}].src`, vms, f.src, 'VM');
    if (f.dst.kind === 'vm') {
      ref(`flows[${i}].dst.vmId`, vms, f.dst.vmId, 'VM');
      if (f.dst.vmId === f.src) add(`flows[${i}].dst.vmId`, 'a flow cannot go from a VM to itself');
    }
  });

  const pol = estate.policies;
  pol.zones.forEach((z, i) =>
    z.siteIds.forEach((s, j) => ref(`policies.zones[${i}].siteIds[${j}]`, sites, s, 'site')),
  );
  pol.firewallRules.forEach((r, i) => {
    for (const side of ['from', 'to'] as const) {
      const sel = r[side];
      const p = `policies.firewallRules[${i}].${side}`;
      if (sel.kind === 'tenant') ref(`${p}.tenantId`, tenants, sel.tenantId, 'tenant');
      if (sel.kind === 'zone') ref(`${p}.zoneId`, zones, sel.zoneId, 'zone');
      if (sel.kind === 'network') ref(`${p}.networkId`, networks, sel.networkId, 'network');
    }
  });
  pol.placementRules.forEach((r, i) =>
    r.vmIds.forEach((v, j) => ref(`policies.placementRules[${i}].vmIds[${j}]`, vms, v, 'VM')),
  );

  const lisp = estate.lisp;
  if (lisp) {
    lisp.xtrSiteIds.forEach((s, i) => ref(`lisp.xtrSiteIds[${i}]`, sites, s, 'site'));
    ref('lisp.mapServerSiteId', sites, lisp.mapServerSiteId, 'site');
    lisp.proxyItrSiteIds.forEach((s, i) => ref(`lisp.proxyItrSiteIds[${i}]`, sites, s, 'site'));
  }

  return issues;
}

/** VNIs and Cluster_ids are global; a VLAN id may be reused only in sites the other network is not in. */
function checkSegmentIds(estate: Estate, add: (path: string, message: string) => void) {
  const seen = new Map<string, { index: number; sites: Set<string> }>();
  estate.networks.forEach((n, i) => {
    const s = n.segmentation;
    const key =
      s.type === 'vlan'
        ? `vlan:${s.vlanId}`
        : s.type === 'agent'
          ? `agent:${s.clusterId}`
          : `vni:${s.vni}`;
    const prev = seen.get(key);
    if (prev) {
      const clash = s.type !== 'vlan' || n.siteIds.some((site) => prev.sites.has(site));
      if (clash) {
        add(`networks[${i}].segmentation`, `${key} is already used by networks[${prev.index}]`);
        return;
      }
      n.siteIds.forEach((site) => prev.sites.add(site));
    } else seen.set(key, { index: i, sites: new Set(n.siteIds) });
  });
}
