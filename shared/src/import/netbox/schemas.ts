/**
 * The NetBox REST objects the importer reads (NetBox 3.x and 4.x), as zod schemas.
 * Lenient where versions differ: nested objects keep only what we read, choice
 * fields are `{value, label}` (or a bare value), decimals may come as strings,
 * `device_role` (3.x) and `role` (4.x) are both accepted, prefixes and clusters
 * may name a `site` (before 4.2) or a `scope` (4.2 on).
 */
import { z } from 'zod';

const NbId = z.number().int().nonnegative();

/** A nested object as NetBox renders it: `{id, url, display, name, slug, …}`. */
export const NestedSchema = z.looseObject({
  id: NbId,
  name: z.string().nullish(),
  slug: z.string().nullish(),
  display: z.string().nullish(),
});
export type Nested = z.infer<typeof NestedSchema>;
const Ref = NestedSchema.nullish().transform((v) => v ?? null);

/** A choice field: `{value, label}` in the API, a bare value in some older or custom renderings. */
const Choice = z
  .union([z.looseObject({ value: z.string().nullable() }), z.string()])
  .nullish()
  .transform((v) => (v == null ? null : typeof v === 'string' ? v : v.value));

/** NetBox renders decimals as numbers, but a server with DRF's default coercion sends strings. */
const Decimal = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)])
  .nullish()
  .transform((v) => (v == null ? null : Number(v)));

const AddressRef = z
  .looseObject({ id: NbId, address: z.string() })
  .nullish()
  .transform((v) => v ?? null);

export const RegionSchema = z.looseObject({
  id: NbId,
  name: z.string(),
  slug: z.string(),
  parent: Ref,
});

export const SiteRecordSchema = z.looseObject({
  id: NbId,
  name: z.string(),
  slug: z.string(),
  status: Choice,
  region: Ref,
  tenant: Ref,
  latitude: Decimal,
  longitude: Decimal,
});

export const DeviceRoleRecordSchema = z.looseObject({
  id: NbId,
  name: z.string(),
  slug: z.string(),
});

export const DeviceTypeSchema = z.looseObject({ id: NbId, model: z.string(), slug: z.string() });

export const DeviceRecordSchema = z
  .looseObject({
    id: NbId,
    name: z.string().nullish(),
    display: z.string().nullish(),
    role: Ref.optional(),
    device_role: Ref.optional(),
    device_type: Ref,
    site: NestedSchema,
    tenant: Ref,
    status: Choice,
    cluster: Ref,
    primary_ip4: AddressRef,
    primary_ip6: AddressRef,
  })
  .transform(({ device_role, ...d }) => ({ ...d, role: d.role ?? device_role ?? null }));

export const InterfaceSchema = z.looseObject({
  id: NbId,
  device: NestedSchema,
  name: z.string(),
  type: Choice,
  /** Kbps. */
  speed: z.number().nullish(),
});

/** One end of a cable: `{object_type, object_id, object}` (4.x's GenericObjectSerializer). */
const TerminationSchema = z.looseObject({ object_type: z.string(), object_id: NbId });

export const CableSchema = z.looseObject({
  id: NbId,
  label: z.string().nullish(),
  status: Choice,
  a_terminations: z.array(TerminationSchema),
  b_terminations: z.array(TerminationSchema),
});

export const TenantRecordSchema = z.looseObject({ id: NbId, name: z.string(), slug: z.string() });

export const VlanSchema = z.looseObject({
  id: NbId,
  vid: z.number().int(),
  name: z.string(),
  site: Ref,
  tenant: Ref,
  status: Choice,
});

export const VrfSchema = z.looseObject({ id: NbId, name: z.string(), rd: z.string().nullish() });

export const PrefixSchema = z.looseObject({
  id: NbId,
  prefix: z.string(),
  vlan: Ref,
  vrf: Ref,
  status: Choice,
});

export const IpAddressSchema = z.looseObject({
  id: NbId,
  address: z.string(),
  assigned_object_type: z.string().nullish(),
  assigned_object_id: NbId.nullish(),
});

export const ClusterSchema = z.looseObject({ id: NbId, name: z.string(), tenant: Ref });

export const VirtualMachineSchema = z.looseObject({
  id: NbId,
  name: z.string(),
  status: Choice,
  site: Ref,
  cluster: Ref,
  device: Ref,
  tenant: Ref,
  vcpus: Decimal,
  /** MB. */
  memory: z.number().nullish(),
  /** MB since NetBox 4.1, GB before. */
  disk: z.number().nullish(),
  primary_ip4: AddressRef,
  primary_ip6: AddressRef,
});

export const VmInterfaceSchema = z.looseObject({
  id: NbId,
  virtual_machine: NestedSchema,
  name: z.string(),
  /** A string before 4.2; from 4.2 read-only, the primary MAC object's address. */
  mac_address: z.string().nullish(),
  primary_mac_address: z
    .looseObject({ mac_address: z.string() })
    .nullish()
    .transform((v) => v ?? null),
  untagged_vlan: Ref,
});

export const L2vpnSchema = z.looseObject({
  id: NbId,
  name: z.string(),
  slug: z.string(),
  type: Choice,
  identifier: z.number().int().nullish(),
  tenant: Ref,
});

export const L2vpnTerminationSchema = z.looseObject({
  id: NbId,
  l2vpn: NestedSchema,
  assigned_object_type: z.string(),
  assigned_object_id: NbId,
});

/**
 * The NetBox endpoints the importer reads, by key: the key, the API path and
 * the schema of one record. The client fetches them in this order.
 */
export const NETBOX_ENDPOINTS = {
  regions: { path: 'dcim/regions', model: 'dcim.region', schema: RegionSchema },
  sites: { path: 'dcim/sites', model: 'dcim.site', schema: SiteRecordSchema },
  deviceRoles: {
    path: 'dcim/device-roles',
    model: 'dcim.devicerole',
    schema: DeviceRoleRecordSchema,
  },
  deviceTypes: { path: 'dcim/device-types', model: 'dcim.devicetype', schema: DeviceTypeSchema },
  devices: { path: 'dcim/devices', model: 'dcim.device', schema: DeviceRecordSchema },
  interfaces: { path: 'dcim/interfaces', model: 'dcim.interface', schema: InterfaceSchema },
  cables: { path: 'dcim/cables', model: 'dcim.cable', schema: CableSchema },
  tenants: { path: 'tenancy/tenants', model: 'tenancy.tenant', schema: TenantRecordSchema },
  vlans: { path: 'ipam/vlans', model: 'ipam.vlan', schema: VlanSchema },
  vrfs: { path: 'ipam/vrfs', model: 'ipam.vrf', schema: VrfSchema },
  prefixes: { path: 'ipam/prefixes', model: 'ipam.prefix', schema: PrefixSchema },
  ipAddresses: { path: 'ipam/ip-addresses', model: 'ipam.ipaddress', schema: IpAddressSchema },
  clusters: {
    path: 'virtualization/clusters',
    model: 'virtualization.cluster',
    schema: ClusterSchema,
  },
  virtualMachines: {
    path: 'virtualization/virtual-machines',
    model: 'virtualization.virtualmachine',
    schema: VirtualMachineSchema,
  },
  vmInterfaces: {
    path: 'virtualization/interfaces',
    model: 'virtualization.vminterface',
    schema: VmInterfaceSchema,
  },
  l2vpns: { path: 'vpn/l2vpns', model: 'vpn.l2vpn', schema: L2vpnSchema },
  l2vpnTerminations: {
    path: 'vpn/l2vpn-terminations',
    model: 'vpn.l2vpntermination',
    schema: L2vpnTerminationSchema,
  },
} as const;

export type NetboxEndpoint = keyof typeof NETBOX_ENDPOINTS;
export const NETBOX_ENDPOINT_KEYS = Object.keys(NETBOX_ENDPOINTS) as NetboxEndpoint[];

/** A record of an endpoint, as parsed. */
export type NetboxRecord<E extends NetboxEndpoint> = z.infer<
  (typeof NETBOX_ENDPOINTS)[E]['schema']
>;

/** What the client fetched: every endpoint's records as NetBox sent them (parsed by the mapping). */
export const NetboxSnapshotSchema = z.object({
  /** `netbox-version` of /api/status/, when known: it decides the unit of a VM's disk. */
  netboxVersion: z.string().optional(),
  records: z.partialRecord(
    z.enum(NETBOX_ENDPOINT_KEYS as [NetboxEndpoint, ...NetboxEndpoint[]]),
    z.array(z.unknown()),
  ),
});
export type NetboxSnapshot = z.infer<typeof NetboxSnapshotSchema>;
