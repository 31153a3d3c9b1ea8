/** Estate statistics: what `vmmi stats` prints and the UI's summary shows. */
import { SWITCH_ROLES, type Device, type DeviceRole } from '../model/device.ts';
import type { Estate } from '../model/estate.ts';

export interface EstateStats {
  sites: number;
  devices: number;
  devicesByRole: Partial<Record<DeviceRole, number>>;
  switches: number;
  hosts: number;
  gateways: number;
  links: number;
  /** Links from gateways to the fabric, counted apart so fabric counts match the papers. */
  gatewayLinks: number;
  wanLinks: number;
  tenants: number;
  networks: number;
  vms: number;
  vnes: number;
  flows: number;
}

export function estateStats(estate: Estate): EstateStats {
  const devicesByRole: Partial<Record<DeviceRole, number>> = {};
  const roleOf = new Map<string, DeviceRole>();
  for (const d of estate.devices) {
    devicesByRole[d.role] = (devicesByRole[d.role] ?? 0) + 1;
    roleOf.set(d.id, d.role);
  }
  const gatewayLinks = estate.links.filter(
    (l) => roleOf.get(l.a) === 'gateway' || roleOf.get(l.b) === 'gateway',
  ).length;
  return {
    sites: estate.sites.length,
    devices: estate.devices.length,
    devicesByRole,
    switches: SWITCH_ROLES.reduce((n, r) => n + (devicesByRole[r] ?? 0), 0),
    hosts: devicesByRole.host ?? 0,
    gateways: devicesByRole.gateway ?? 0,
    links: estate.links.length,
    gatewayLinks,
    wanLinks: estate.wanLinks.length,
    tenants: estate.tenants.length,
    networks: estate.networks.length,
    vms: estate.vms.length,
    vnes: estate.vnes.length,
    flows: estate.flows.length,
  };
}

/** VMs per host id. */
export function vmsPerHost(estate: Estate): Map<string, number> {
  const counts = new Map<string, number>();
  for (const vm of estate.vms) counts.set(vm.hostId, (counts.get(vm.hostId) ?? 0) + 1);
  return counts;
}

export interface SiteStats {
  hosts: number;
  switches: number;
  vms: number;
  /** Names of the tenants with at least one VM in the site, sorted. */
  tenants: string[];
  byRole: Partial<Record<DeviceRole, number>>;
  gateway: Device | undefined;
  vcpu: { used: number; total: number };
  memoryGiB: { used: number; total: number };
}

export function siteStats(estate: Estate, siteId: string): SiteStats {
  const devices = estate.devices.filter((d) => d.siteId === siteId);
  const hostIds = new Set(devices.filter((d) => d.role === 'host').map((d) => d.id));
  const vms = estate.vms.filter((vm) => hostIds.has(vm.hostId));
  const byRole: Partial<Record<DeviceRole, number>> = {};
  for (const d of devices) byRole[d.role] = (byRole[d.role] ?? 0) + 1;
  const tenantIds = new Set(vms.map((vm) => vm.tenantId));
  const hosts = devices.filter((d) => d.role === 'host');
  return {
    hosts: hosts.length,
    switches: devices.length - hosts.length - (byRole.gateway ?? 0),
    vms: vms.length,
    tenants: estate.tenants
      .filter((t) => tenantIds.has(t.id))
      .map((t) => t.name)
      .sort(),
    byRole,
    gateway: devices.find((d) => d.role === 'gateway'),
    vcpu: {
      used: vms.reduce((s, vm) => s + vm.vcpu, 0),
      total: hosts.reduce((s, h) => s + (h.capacity?.vcpu ?? 0), 0),
    },
    memoryGiB: {
      used: vms.reduce((s, vm) => s + vm.memoryGiB, 0),
      total: hosts.reduce((s, h) => s + (h.capacity?.memoryGiB ?? 0), 0),
    },
  };
}
