/**
 * Look-up tables over an estate, built once and shared by every engine
 * function, so a preview never scans the estate's arrays on the hot path.
 */
import type { Device } from '../model/device.ts';
import type { Estate } from '../model/estate.ts';
import type { Flow } from '../model/flow.ts';
import type { Site } from '../model/site.ts';
import type { Tenant } from '../model/tenant.ts';
import type { VirtualNetwork } from '../model/virtual-network.ts';
import type { Vm } from '../model/vm.ts';
import type { Vne } from '../model/vne.ts';

export interface EstateIndex {
  estate: Estate;
  sites: Map<string, Site>;
  devices: Map<string, Device>;
  tenants: Map<string, Tenant>;
  networks: Map<string, VirtualNetwork>;
  vms: Map<string, Vm>;
  vnes: Map<string, Vne>;
  /** VMs by host id. */
  vmsByHost: Map<string, Vm[]>;
  /** VMs by network id. */
  vmsByNetwork: Map<string, Vm[]>;
  /** Flows that start or end at a VM, by VM id. */
  flowsByVm: Map<string, Flow[]>;
  /** Hosts by site id. */
  hostsBySite: Map<string, Device[]>;
  /** The DC gateway of each site. */
  gatewayBySite: Map<string, Device>;
}

/** `items` by `key`, each list in the items' order, the keys in the order first met. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export function indexEstate(estate: Estate): EstateIndex {
  const flowsByVm = new Map<string, Flow[]>();
  for (const f of estate.flows) {
    const ends = f.dst.kind === 'vm' ? [f.src, f.dst.vmId] : [f.src];
    for (const vmId of ends) {
      const list = flowsByVm.get(vmId);
      if (list) list.push(f);
      else flowsByVm.set(vmId, [f]);
    }
  }
  const gatewayBySite = new Map<string, Device>();
  for (const d of estate.devices)
    if (d.role === 'gateway' && !gatewayBySite.has(d.siteId)) gatewayBySite.set(d.siteId, d);
  return {
    estate,
    sites: new Map(estate.sites.map((s) => [s.id, s])),
    devices: new Map(estate.devices.map((d) => [d.id, d])),
    tenants: new Map(estate.tenants.map((t) => [t.id, t])),
    networks: new Map(estate.networks.map((n) => [n.id, n])),
    vms: new Map(estate.vms.map((v) => [v.id, v])),
    vnes: new Map(estate.vnes.map((v) => [v.id, v])),
    vmsByHost: groupBy(estate.vms, (v) => v.hostId),
    vmsByNetwork: groupBy(estate.vms, (v) => v.networkId),
    flowsByVm,
    hostsBySite: groupBy(
      estate.devices.filter((d) => d.role === 'host'),
      (d) => d.siteId,
    ),
    gatewayBySite,
  };
}

/** The site a VM runs in (through its host). */
export function siteOfVm(index: EstateIndex, vm: Vm): string | undefined {
  return index.devices.get(vm.hostId)?.siteId;
}
