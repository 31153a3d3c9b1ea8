/** NetBox devices → our devices: role by the role mapping, ports = interfaces, state from status. */
import type { Device } from '../../model/device.ts';
import type { IpStack } from '../../model/primitives.ts';
import { idAllocator, refOf, type ImportContext } from './context.ts';
import type { MappedSites } from './map-sites.ts';
import type { MappedRole, RoleMappingEntry } from './report.ts';
import { resolveRole } from './role-mapping.ts';

export interface MappedDevices {
  devices: Device[];
  /** NetBox device id → our device. */
  byNetboxId: Map<number, Device>;
  roleMapping: RoleMappingEntry[];
  /** Our device id → its NetBox cluster id. */
  deviceClusters: Record<string, number>;
}

/** NetBox statuses that mean the device does not forward traffic now. */
const DOWN_STATUSES = new Set(['offline', 'failed']);

const addressOf = (cidr: string) =>
  cidr.slice(0, cidr.indexOf('/') < 0 ? undefined : cidr.indexOf('/'));

export function mapDevices(
  ctx: ImportContext,
  sites: MappedSites,
  givenRoles: Readonly<Record<string, MappedRole>>,
): MappedDevices {
  const roles = new Map(ctx.records.deviceRoles.map((r) => [r.id, r]));
  const types = new Map(ctx.records.deviceTypes.map((t) => [t.id, t]));
  const ports = new Map<number, number>();
  for (const i of ctx.records.interfaces) ports.set(i.device.id, (ports.get(i.device.id) ?? 0) + 1);

  const mapping = new Map<string, RoleMappingEntry>();
  for (const r of [...roles.values()].sort((a, b) => a.id - b.id))
    mapping.set(r.slug, {
      slug: r.slug,
      name: r.name,
      ...resolveRole(r.slug, givenRoles),
      devices: 0,
    });

  const allocate = idAllocator();
  const devices: Device[] = [];
  const byNetboxId = new Map<number, Device>();
  const deviceClusters: Record<string, number> = {};
  for (const nb of [...ctx.records.devices].sort((a, b) => a.id - b.id)) {
    const ref = refOf('dcim.device', nb);
    const role = nb.role ? roles.get(nb.role.id) : undefined;
    const entry = role && mapping.get(role.slug);
    if (entry) entry.devices += 1;
    if (!entry) {
      ctx.skip(
        ref,
        nb.role ? `device role #${nb.role.id} is not among the roles read` : 'no device role',
      );
      continue;
    }
    if (entry.role === 'skip') {
      ctx.skip(ref, `role "${entry.slug}" is not part of the fabric (role map: skip)`);
      continue;
    }
    const site = sites.byNetboxId.get(nb.site.id);
    if (!site) {
      ctx.skip(ref, `its site #${nb.site.id} was not imported`);
      continue;
    }
    const type = nb.device_type ? types.get(nb.device_type.id) : undefined;
    // An unnamed device (NetBox allows it) is named after its type, as NetBox displays it.
    const name = nb.name ?? `${type?.slug ?? 'device'}-${nb.id}`;
    const count = ports.get(nb.id) ?? 0;
    if (count === 0) ctx.assume(ref, 'no interfaces: 1 port');
    const ipv4 = nb.primary_ip4 && addressOf(nb.primary_ip4.address);
    const ipv6 = nb.primary_ip6 && addressOf(nb.primary_ip6.address);
    const status = nb.status ?? 'active';
    const device: Device = {
      id: allocate(name, nb.id),
      siteId: site.id,
      name: nb.name ?? nb.display ?? name,
      role: entry.role,
      ports: Math.max(1, count),
      state: DOWN_STATUSES.has(status) ? 'down' : 'up',
      ...(ipv4 && { ipv4 }),
      ...(ipv6 && { ipv6 }),
    };
    if (device.state === 'down') ctx.assume(ref, `status "${status}": state down`);
    if (entry.role === 'gateway') {
      const stack: IpStack = ipv4 && ipv6 ? 'dual' : ipv6 ? 'ipv6' : 'ipv4';
      if (!ipv4 && !ipv6) ctx.assume(ref, 'gateway without a primary IP: IPv4 stack');
      device.stack = stack;
    }
    devices.push(device);
    byNetboxId.set(nb.id, device);
    if (nb.cluster) deviceClusters[device.id] = nb.cluster.id;
  }
  return { devices, byNetboxId, roleMapping: [...mapping.values()], deviceClusters };
}
