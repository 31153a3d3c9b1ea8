/**
 * NetBox 4.x's REST rendering of the tables: full objects per endpoint, nested
 * objects as its brief serializers give them (`{id, url, display, name, slug,
 * description}`), choice fields as `{value, label}`, generic relations as
 * `{object_type, object_id, object}`. Written from NetBox's serializers
 * (netbox-community/netbox, each app's `api/serializers_/` modules).
 */
import { rows, type Fields, type Tables } from './demo-data.ts';

type Json = Record<string, unknown>;

/** A field's text: strings and numbers as they are, anything else empty. */
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? `${v}` : '');

/** API path (under /api/) → the model it lists. */
export const ENDPOINT_MODELS: Record<string, string> = {
  'dcim/regions': 'dcim.region',
  'dcim/sites': 'dcim.site',
  'dcim/device-roles': 'dcim.devicerole',
  'dcim/device-types': 'dcim.devicetype',
  'dcim/devices': 'dcim.device',
  'dcim/interfaces': 'dcim.interface',
  'dcim/cables': 'dcim.cable',
  'tenancy/tenants': 'tenancy.tenant',
  'ipam/vlans': 'ipam.vlan',
  'ipam/vrfs': 'ipam.vrf',
  'ipam/prefixes': 'ipam.prefix',
  'ipam/ip-addresses': 'ipam.ipaddress',
  'virtualization/clusters': 'virtualization.cluster',
  'virtualization/virtual-machines': 'virtualization.virtualmachine',
  'virtualization/interfaces': 'virtualization.vminterface',
  'vpn/l2vpns': 'vpn.l2vpn',
  'vpn/l2vpn-terminations': 'vpn.l2vpntermination',
};
const PATH_OF_MODEL = new Map(Object.entries(ENDPOINT_MODELS).map(([p, m]) => [m, p]));

const label = (value: string) =>
  value
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
/** A choice field: `{value, label}`, or null when the field is empty. */
const choice = (value: unknown) =>
  typeof value === 'string' && value !== '' ? { value, label: label(value) } : null;

/** `["dcim", "interface"]` (a dump's natural key) → `dcim.interface`. */
export const contentType = (ct: unknown): string | null =>
  Array.isArray(ct) ? ct.join('.') : typeof ct === 'string' ? ct : null;

export function createRenderer(tables: Tables, base: string) {
  const url = (model: string, id: number) =>
    `${base}/api/${PATH_OF_MODEL.get(model) ?? model.replace('.', '/')}/${id}/`;
  const f = (model: string, id: unknown): Fields | undefined =>
    typeof id === 'number' ? rows(tables, model).get(id) : undefined;

  /** A nested object with a name and a slug (site, region, tenant, role, manufacturer). */
  const named = (model: string, id: unknown, extra: (x: Fields) => Json = () => ({})) => {
    const x = f(model, id);
    if (!x || typeof id !== 'number') return null;
    return {
      id,
      url: url(model, id),
      display: x.name,
      name: x.name,
      ...(x.slug !== undefined && { slug: x.slug }),
      description: x.description ?? '',
      ...extra(x),
    };
  };
  const deviceDisplay = (id: number, x: Fields) => {
    if (x.name) return text(x.name);
    const type = f('dcim.devicetype', x.device_type);
    const maker = f('dcim.manufacturer', type?.manufacturer);
    return `${text(maker?.name ?? '')} ${text(type?.model ?? '')} (${id})`.trim();
  };
  const device = (id: unknown) => {
    const x = f('dcim.device', id);
    if (!x || typeof id !== 'number') return null;
    const display = deviceDisplay(id, x);
    return { id, url: url('dcim.device', id), display, name: x.name ?? null, description: '' };
  };
  const deviceType = (id: unknown) => {
    const x = f('dcim.devicetype', id);
    if (!x || typeof id !== 'number') return null;
    return {
      id,
      url: url('dcim.devicetype', id),
      display: x.model,
      manufacturer: named('dcim.manufacturer', x.manufacturer),
      model: x.model,
      slug: x.slug,
      description: x.description ?? '',
    };
  };
  const address = (id: unknown) => {
    const x = f('ipam.ipaddress', id);
    if (!x || typeof id !== 'number') return null;
    const a = text(x.address);
    const family = a.includes(':') ? { value: 6, label: 'IPv6' } : { value: 4, label: 'IPv4' };
    return { id, url: url('ipam.ipaddress', id), display: a, family, address: a, description: '' };
  };
  const vlan = (id: unknown) => {
    const x = f('ipam.vlan', id);
    if (!x || typeof id !== 'number') return null;
    const display = `${text(x.name)} (${text(x.vid)})`;
    return { id, url: url('ipam.vlan', id), display, vid: x.vid, name: x.name, description: '' };
  };
  const vrf = (id: unknown) => named('ipam.vrf', id, (x) => ({ rd: x.rd ?? null }));
  const vm = (id: unknown) => named('virtualization.virtualmachine', id);
  const interfaceBrief = (model: string, id: number) => {
    const x = f(model, id);
    if (!x) return null;
    const parent =
      model === 'dcim.interface'
        ? { device: device(x.device) }
        : { virtual_machine: vm(x.virtual_machine) };
    return { id, url: url(model, id), display: x.name, ...parent, name: x.name, description: '' };
  };
  /** The object a generic relation points at, in its brief form. */
  const generic = (type: string, id: number): Json | null => {
    if (type === 'dcim.interface' || type === 'virtualization.vminterface')
      return interfaceBrief(type, id);
    if (type === 'ipam.vlan') return vlan(id);
    const x = f(type, id);
    return x ? { id, url: url(type, id), display: text(x.name ?? `#${id}`) } : null;
  };
  const common = (model: string, id: number, x: Fields) => ({
    id,
    url: url(model, id),
    display: text(x.name ?? id),
    created: x.created ?? null,
    last_updated: x.last_updated ?? null,
    custom_fields: x.custom_field_data ?? {},
    tags: [],
  });

  const render: Record<string, (id: number, x: Fields) => Json> = {
    'dcim.region': (id, x) => ({
      ...common('dcim.region', id, x),
      name: x.name,
      slug: x.slug,
      parent: named('dcim.region', x.parent, (p) => ({ _depth: p.level ?? 0 })),
      description: x.description ?? '',
      _depth: x.level ?? 0,
    }),
    'dcim.site': (id, x) => ({
      ...common('dcim.site', id, x),
      name: x.name,
      slug: x.slug,
      status: choice(x.status),
      region: named('dcim.region', x.region, (p) => ({ _depth: p.level ?? 0 })),
      group: named('dcim.sitegroup', x.group),
      tenant: named('tenancy.tenant', x.tenant),
      facility: x.facility ?? '',
      time_zone: x.time_zone ?? null,
      description: x.description ?? '',
      physical_address: x.physical_address ?? '',
      latitude: x.latitude ?? null,
      longitude: x.longitude ?? null,
    }),
    'dcim.devicerole': (id, x) => ({
      ...common('dcim.devicerole', id, x),
      name: x.name,
      slug: x.slug,
      color: x.color,
      vm_role: x.vm_role,
      description: x.description ?? '',
    }),
    'dcim.devicetype': (id, x) => ({
      ...common('dcim.devicetype', id, x),
      display: x.model,
      manufacturer: named('dcim.manufacturer', x.manufacturer),
      model: x.model,
      slug: x.slug,
      u_height: Number(x.u_height),
      description: x.description ?? '',
    }),
    'dcim.device': (id, x) => ({
      ...common('dcim.device', id, x),
      display: deviceDisplay(id, x),
      name: x.name ?? null,
      device_type: deviceType(x.device_type),
      role: named('dcim.devicerole', x.role),
      tenant: named('tenancy.tenant', x.tenant),
      platform: named('dcim.platform', x.platform),
      site: named('dcim.site', x.site),
      location: named('dcim.location', x.location),
      rack: named('dcim.rack', x.rack),
      status: choice(x.status),
      primary_ip4: address(x.primary_ip4),
      primary_ip6: address(x.primary_ip6),
      cluster: named('virtualization.cluster', x.cluster),
      virtual_chassis: named('dcim.virtualchassis', x.virtual_chassis),
      description: x.description ?? '',
    }),
    'dcim.interface': (id, x) => ({
      ...common('dcim.interface', id, x),
      device: device(x.device),
      name: x.name,
      type: choice(x.type),
      enabled: x.enabled,
      mtu: x.mtu ?? null,
      mac_address: x.mac_address ?? null,
      speed: x.speed ?? null,
      mgmt_only: x.mgmt_only ?? false,
      description: x.description ?? '',
      cable:
        typeof x.cable === 'number'
          ? { id: x.cable, url: url('dcim.cable', x.cable), display: `#${x.cable}` }
          : null,
      cable_end: x.cable_end ?? '',
      _occupied: typeof x.cable === 'number',
    }),
    'dcim.cable': (id, x) => {
      const ends = { A: [] as Json[], B: [] as Json[] };
      for (const t of rows(tables, 'dcim.cabletermination').values()) {
        if (t.cable !== id) continue;
        const type = contentType(t.termination_type)!;
        const objectId = t.termination_id as number;
        ends[t.cable_end as 'A' | 'B'].push({
          object_type: type,
          object_id: objectId,
          object: generic(type, objectId),
        });
      }
      return {
        ...common('dcim.cable', id, x),
        display: x.label ? text(x.label) : `#${id}`,
        type: x.type ?? '',
        a_terminations: ends.A,
        b_terminations: ends.B,
        status: choice(x.status),
        tenant: named('tenancy.tenant', x.tenant),
        label: x.label ?? '',
        color: x.color ?? '',
        length: x.length ?? null,
        length_unit: choice(x.length_unit),
        description: x.description ?? '',
      };
    },
    'tenancy.tenant': (id, x) => ({
      ...common('tenancy.tenant', id, x),
      name: x.name,
      slug: x.slug,
      group: named('tenancy.tenantgroup', x.group),
      description: x.description ?? '',
    }),
    'ipam.vlan': (id, x) => ({
      ...common('ipam.vlan', id, x),
      display: vlan(id)!.display,
      site: named('dcim.site', x.site),
      group: named('ipam.vlangroup', x.group),
      vid: x.vid,
      name: x.name,
      tenant: named('tenancy.tenant', x.tenant),
      status: choice(x.status),
      role: named('ipam.role', x.role),
      description: x.description ?? '',
    }),
    'ipam.vrf': (id, x) => ({
      ...common('ipam.vrf', id, x),
      name: x.name,
      rd: x.rd ?? null,
      tenant: named('tenancy.tenant', x.tenant),
      enforce_unique: x.enforce_unique ?? false,
      description: x.description ?? '',
    }),
    'ipam.prefix': (id, x) => ({
      ...common('ipam.prefix', id, x),
      display: x.prefix,
      family: text(x.prefix).includes(':')
        ? { value: 6, label: 'IPv6' }
        : { value: 4, label: 'IPv4' },
      prefix: x.prefix,
      // NetBox 4.2 replaced `site` with a scope; a 4.x server renders the scope.
      scope_type: typeof x.site === 'number' ? 'dcim.site' : null,
      scope_id: x.site ?? null,
      scope: named('dcim.site', x.site),
      vrf: vrf(x.vrf),
      tenant: named('tenancy.tenant', x.tenant),
      vlan: vlan(x.vlan),
      status: choice(x.status),
      role: named('ipam.role', x.role),
      is_pool: x.is_pool ?? false,
      mark_utilized: x.mark_utilized ?? false,
      description: x.description ?? '',
      _depth: x._depth ?? 0,
    }),
    'ipam.ipaddress': (id, x) => {
      const type = contentType(x.assigned_object_type);
      const objectId = typeof x.assigned_object_id === 'number' ? x.assigned_object_id : null;
      return {
        ...common('ipam.ipaddress', id, x),
        display: x.address,
        family: address(id)!.family,
        address: x.address,
        vrf: vrf(x.vrf),
        tenant: named('tenancy.tenant', x.tenant),
        status: choice(x.status),
        role: choice(x.role),
        assigned_object_type: type,
        assigned_object_id: objectId,
        assigned_object: type && objectId !== null ? generic(type, objectId) : null,
        dns_name: x.dns_name ?? '',
        description: x.description ?? '',
      };
    },
    'virtualization.cluster': (id, x) => ({
      ...common('virtualization.cluster', id, x),
      name: x.name,
      type: named('virtualization.clustertype', x.type),
      group: named('virtualization.clustergroup', x.group),
      status: choice(x.status),
      tenant: named('tenancy.tenant', x.tenant),
      scope_type: typeof x.site === 'number' ? 'dcim.site' : null,
      scope_id: x.site ?? null,
      scope: named('dcim.site', x.site),
      description: x.description ?? '',
    }),
    'virtualization.virtualmachine': (id, x) => ({
      ...common('virtualization.virtualmachine', id, x),
      name: x.name,
      status: choice(x.status),
      site: named('dcim.site', x.site),
      cluster: named('virtualization.cluster', x.cluster),
      device: device(x.device),
      role: named('dcim.devicerole', x.role),
      tenant: named('tenancy.tenant', x.tenant),
      platform: named('dcim.platform', x.platform),
      primary_ip: address(x.primary_ip6 ?? x.primary_ip4),
      primary_ip4: address(x.primary_ip4),
      primary_ip6: address(x.primary_ip6),
      vcpus: x.vcpus ?? null,
      memory: x.memory ?? null,
      disk: x.disk ?? null,
      description: x.description ?? '',
    }),
    'virtualization.vminterface': (id, x) => ({
      ...common('virtualization.vminterface', id, x),
      virtual_machine: vm(x.virtual_machine),
      name: x.name,
      enabled: x.enabled,
      mtu: x.mtu ?? null,
      mac_address: x.mac_address ?? null,
      mode: choice(x.mode),
      untagged_vlan: vlan(x.untagged_vlan),
      tagged_vlans: ((x.tagged_vlans as number[] | undefined) ?? []).map(vlan),
      vrf: vrf(x.vrf),
      description: x.description ?? '',
    }),
    'vpn.l2vpn': (id, x) => ({
      ...common('vpn.l2vpn', id, x),
      identifier: x.identifier ?? null,
      name: x.name,
      slug: x.slug,
      type: choice(x.type),
      tenant: named('tenancy.tenant', x.tenant),
      description: x.description ?? '',
    }),
    'vpn.l2vpntermination': (id, x) => {
      const type = contentType(x.assigned_object_type)!;
      const objectId = x.assigned_object_id as number;
      const l2 = f('vpn.l2vpn', x.l2vpn);
      return {
        ...common('vpn.l2vpntermination', id, x),
        display: `${text(l2?.name)} <> ${text(generic(type, objectId)?.display)}`,
        l2vpn: named('vpn.l2vpn', x.l2vpn, (l) => ({
          identifier: l.identifier ?? null,
          type: choice(l.type),
        })),
        assigned_object_type: type,
        assigned_object_id: objectId,
        assigned_object: generic(type, objectId),
      };
    },
  };

  return {
    /** One object of a model in its full rendering. */
    one: (model: string, id: number): Json | undefined => {
      const x = rows(tables, model).get(id);
      return x && render[model]!(id, x);
    },
  };
}
