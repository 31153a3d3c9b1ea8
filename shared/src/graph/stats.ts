/** Estate statistics: what `vmmi stats` prints and the UI's summary shows. */
import { SWITCH_ROLES, type DeviceRole } from '../model/device.ts';
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
