/**
 * The table-occupancy model of switches and gateways (R20), before any move,
 * built lazily per switch and cached with the index (docs/policy.md):
 *
 * - a switch a host is cabled to (ToR, edge, access, leaf; in BCube every
 *   switch of the server) learns one MAC entry per VM below it on a routed
 *   overlay (VXLAN, Geneve, agent), and, for every VLAN L2 domain with a VM
 *   below it, every MAC of that domain (VLANs flood, so it learns them all);
 * - its FIB holds one host route per address of the overlay VMs below it
 *   (it is their first-hop router and VTEP);
 * - a site's DC gateway holds in its FIB one host route per address of every
 *   overlay VM in the site, so that other sites reach a VM of a stretched
 *   network where it is now. Gateway MAC tables are not modelled.
 *
 * One entry per VM: MACs are unique within a domain (validate.ts), and a
 * duplicate is reported by findAddressConflicts, not here.
 */
import { domainTable } from '../addressing/domain-table.ts';
import { perIndex } from '../addressing/per-index.ts';
import type { EstateIndex } from '../engine/estate-index.ts';
import { SWITCH_ROLES } from '../model/device.ts';
import { l2DomainKey } from '../model/validate.ts';
import type { Vm } from '../model/vm.ts';

/** What is below one switch, from which its table counts follow. */
export interface SwitchBelow {
  /** VMs on overlay networks below the switch: one MAC entry each. */
  overlayVms: number;
  /** Addresses of those VMs: one host route each. */
  overlayIps: number;
  /** VMs below the switch by VLAN L2 domain key. */
  vlanDomains: Map<string, number>;
  /** MAC entries before any move (see macEntries). */
  mac: number;
}

/** How one VM enters the tables: through a VLAN domain, or as an overlay VM with `ips` host routes. */
export type VmTableEntry = { vlanDomain: string } | { vlanDomain?: undefined; ips: number };

interface Cabling {
  /** The switches each host is cabled to. */
  switchesOfHost: Map<string, string[]>;
  hostsOfSwitch: Map<string, string[]>;
}

function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Host-to-switch cabling, from one pass over the links. */
export const cabling = perIndex((index): Cabling => {
  const switchesOfHost = new Map<string, string[]>();
  const hostsOfSwitch = new Map<string, string[]>();
  const switchRoles = new Set(SWITCH_ROLES);
  for (const link of index.estate.links)
    for (const [h, s] of [
      [link.a, link.b],
      [link.b, link.a],
    ] as const) {
      if (index.devices.get(h)?.role !== 'host') continue;
      const role = index.devices.get(s)?.role;
      if (!role || !switchRoles.has(role)) continue;
      append(switchesOfHost, h, s);
      append(hostsOfSwitch, s, h);
    }
  return { switchesOfHost, hostsOfSwitch };
});

const domainSizes = perIndex(() => new Map<string, number>());

/** How a VM in `siteId` enters the tables; undefined if its network is unknown. */
export function vmTableEntry(index: EstateIndex, vm: Vm, siteId: string): VmTableEntry | undefined {
  const net = index.networks.get(vm.networkId);
  if (!net) return undefined;
  if (net.segmentation.type === 'vlan') {
    const key = l2DomainKey(net, siteId);
    const sizes = domainSizes(index);
    // Remember the domain's size the first time its key is handed out, so that domainSize() is a look-up.
    if (!sizes.has(key)) sizes.set(key, domainTable(index, net.id, siteId).members.length);
    return { vlanDomain: key };
  }
  return { ips: (vm.ipv4 !== undefined ? 1 : 0) + (vm.ipv6 !== undefined ? 1 : 0) };
}

/** VMs in a VLAN domain whose key came from `vmTableEntry`. */
export function domainSize(index: EstateIndex, key: string): number {
  return domainSizes(index).get(key) ?? 0;
}

const belowCache = perIndex(() => new Map<string, SwitchBelow>());

export function switchBelow(index: EstateIndex, switchId: string): SwitchBelow {
  const cache = belowCache(index);
  let below = cache.get(switchId);
  if (below) return below;
  below = { overlayVms: 0, overlayIps: 0, vlanDomains: new Map(), mac: 0 };
  for (const hostId of cabling(index).hostsOfSwitch.get(switchId) ?? []) {
    const siteId = index.devices.get(hostId)!.siteId;
    for (const vm of index.vmsByHost.get(hostId) ?? []) {
      const entry = vmTableEntry(index, vm, siteId);
      if (!entry) continue;
      if (entry.vlanDomain === undefined) {
        below.overlayVms++;
        below.overlayIps += entry.ips;
      } else
        below.vlanDomains.set(entry.vlanDomain, (below.vlanDomains.get(entry.vlanDomain) ?? 0) + 1);
    }
  }
  below.mac = macEntries(below.overlayVms, below.vlanDomains, (key) => domainSize(index, key));
  cache.set(switchId, below);
  return below;
}

/** MAC entries of a switch: its overlay VMs plus every MAC of each VLAN domain present below it. */
export function macEntries(
  overlayVms: number,
  vlanDomains: ReadonlyMap<string, number>,
  size: (key: string) => number,
): number {
  let n = overlayVms;
  for (const [key, count] of vlanDomains) if (count > 0) n += size(key);
  return n;
}

const domainSwitchCache = perIndex(() => new Map<string, string[]>());

/** The switches with at least one VM of the VLAN domain of `networkId` in `siteId` below them. */
export function switchesOfDomain(index: EstateIndex, networkId: string, siteId: string): string[] {
  const table = domainTable(index, networkId, siteId);
  const cache = domainSwitchCache(index);
  let switches = cache.get(table.key);
  if (!switches) {
    const set = new Set<string>();
    const { switchesOfHost } = cabling(index);
    for (const vm of table.members) for (const s of switchesOfHost.get(vm.hostId) ?? []) set.add(s);
    cache.set(table.key, (switches = [...set]));
  }
  return switches;
}

const gatewayCache = perIndex(() => new Map<string, number>());

/** Host routes in a site gateway's FIB: one per address of every overlay VM in the site. */
export function gatewayRoutes(index: EstateIndex, siteId: string): number {
  const cache = gatewayCache(index);
  let n = cache.get(siteId);
  if (n === undefined) {
    n = 0;
    for (const host of index.hostsBySite.get(siteId) ?? [])
      for (const vm of index.vmsByHost.get(host.id) ?? []) {
        const entry = vmTableEntry(index, vm, siteId);
        if (entry && entry.vlanDomain === undefined) n += entry.ips;
      }
    cache.set(siteId, n);
  }
  return n;
}
