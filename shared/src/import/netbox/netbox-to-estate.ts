/**
 * A NetBox snapshot → an estate (R21: plan on the equipment the operator already
 * documents). Pure: the server's client fetches the snapshot. Whatever cannot be
 * mapped is in the report with why; the estate must pass the estate's own
 * validation, or it is refused (null) with the report and the issues.
 */
import {
  ESTATE_FORMAT,
  ESTATE_FORMAT_VERSION,
  EstateSchema,
  type Estate,
} from '../../model/estate.ts';
import type { HostCapacity } from '../../model/device.ts';
import { zodIssues } from '../../model/estate-file.ts';
import { validateEstateReferences } from '../../model/validate.ts';
import { createContext } from './context.ts';
import { mapCables } from './map-cables.ts';
import { mapDevices } from './map-devices.ts';
import { mapNetworks } from './map-networks.ts';
import { mapSites } from './map-sites.ts';
import { mapVms } from './map-vms.ts';
import type { MappedRole, NetboxIds, NetboxImportReport, RoleMappingEntry } from './report.ts';
import { NETBOX_ENDPOINT_KEYS, type NetboxSnapshot } from './schemas.ts';

export interface NetboxImportOptions {
  /** The estate's id and name (default `netbox`, "Imported from NetBox"). */
  estateId?: string;
  estateName?: string;
  /** Role slug → our role or `skip`, over the defaults (role-mapping.ts). */
  roleMap?: Readonly<Record<string, MappedRole>>;
  /**
   * NetBox holds no host capacity: each host gets this, raised to what its VMs
   * use where they use more (default 64 vCPU, 512 GiB, 4 TiB; reported).
   */
  hostCapacity?: HostCapacity;
  /** NetBox holds no dirty rate; assumed for every VM (default 10 MiB/s). */
  dirtyRateMiBps?: number;
}

export const NETBOX_IMPORT_DEFAULTS = {
  estateId: 'netbox',
  estateName: 'Imported from NetBox',
  hostCapacity: { vcpu: 64, memoryGiB: 512, diskGiB: 4096 },
  dirtyRateMiBps: 10,
} as const;

export interface NetboxImportResult {
  /** null when the mapped estate failed validation: `report.issues` says why. */
  estate: Estate | null;
  report: NetboxImportReport;
  roleMapping: RoleMappingEntry[];
  netboxIds: NetboxIds;
}

/** NetBox before 4.1 gives a VM's disk in GB; 4.1 and later in MB. */
export function diskInGb(version: string | undefined): boolean {
  const m = version && /^(\d+)\.(\d+)/.exec(version);
  return !!m && (Number(m[1]) < 4 || (Number(m[1]) === 4 && Number(m[2]) < 1));
}

export function netboxToEstate(
  snapshot: NetboxSnapshot,
  options: NetboxImportOptions = {},
): NetboxImportResult {
  const ctx = createContext(snapshot);
  const sites = mapSites(ctx);
  const devices = mapDevices(ctx, sites, options.roleMap ?? {});
  const sitesById = new Map(sites.sites.map((s) => [s.id, s]));
  const cables = mapCables(ctx, devices, sitesById);
  const nets = mapNetworks(ctx, sites);
  const vms = mapVms(ctx, devices, nets, {
    dirtyRateMiBps: options.dirtyRateMiBps ?? NETBOX_IMPORT_DEFAULTS.dirtyRateMiBps,
    diskInGb: diskInGb(snapshot.netboxVersion),
  });

  const capacity = options.hostCapacity ?? NETBOX_IMPORT_DEFAULTS.hostCapacity;
  const hostNetbox = new Map([...devices.byNetboxId].map(([nbId, d]) => [d, nbId]));
  for (const host of devices.devices.filter((d) => d.role === 'host')) {
    const mine = vms.vms.filter((v) => v.hostId === host.id);
    const load = {
      vcpu: mine.reduce((s, v) => s + v.vcpu, 0),
      memoryGiB: mine.reduce((s, v) => s + v.memoryGiB, 0),
      diskGiB: mine.reduce((s, v) => s + (v.disk.kind === 'local' ? v.disk.sizeGiB : 0), 0),
    };
    host.capacity = {
      vcpu: Math.max(capacity.vcpu, load.vcpu),
      memoryGiB: Math.max(capacity.memoryGiB, Math.ceil(load.memoryGiB)),
      diskGiB: Math.max(capacity.diskGiB, Math.ceil(load.diskGiB)),
    };
    const c = host.capacity;
    ctx.assume(
      { model: 'dcim.device', id: hostNetbox.get(host)!, name: host.name },
      `no capacity in NetBox: ${c.vcpu} vCPU, ${c.memoryGiB} GiB memory, ${c.diskGiB} GiB disk`,
    );
  }

  const doc = {
    format: ESTATE_FORMAT,
    formatVersion: ESTATE_FORMAT_VERSION,
    id: options.estateId ?? NETBOX_IMPORT_DEFAULTS.estateId,
    name: options.estateName ?? NETBOX_IMPORT_DEFAULTS.estateName,
    description: `Imported from NetBox${snapshot.netboxVersion ? ` ${snapshot.netboxVersion}` : ''}`,
    sites: sites.sites,
    devices: devices.devices,
    links: cables.links,
    wanLinks: cables.wanLinks,
    tenants: nets.tenants,
    networks: nets.networks,
    vms: vms.vms,
    policies: { zones: nets.zones, firewallRules: [], defaultAction: 'allow', placementRules: [] },
  };
  const shaped = EstateSchema.safeParse(doc);
  const issues = shaped.success ? validateEstateReferences(shaped.data) : zodIssues(shaped.error);
  const estate = shaped.success && !issues.length ? shaped.data : null;

  const read: Record<string, number> = {};
  for (const key of NETBOX_ENDPOINT_KEYS) read[key] = snapshot.records[key]?.length ?? 0;
  const made = {
    sites: doc.sites.length,
    devices: doc.devices.length,
    links: doc.links.length,
    wanLinks: doc.wanLinks.length,
    tenants: doc.tenants.length,
    networks: doc.networks.length,
    vms: doc.vms.length,
    zones: nets.zones.length,
  };
  const assumed = [...ctx.assumptions.values()].map((a) => ({
    object: a.object,
    reason: a.reasons.join('; '),
  }));
  return {
    estate,
    report: { read, made, unmapped: ctx.unmapped, assumed, issues },
    roleMapping: devices.roleMapping,
    netboxIds: {
      sites: Object.fromEntries([...sites.byNetboxId].map(([nb, s]) => [s.id, nb])),
      devices: Object.fromEntries([...devices.byNetboxId].map(([nb, d]) => [d.id, nb])),
      vms: vms.vmIds,
      clusters: vms.clusterIds,
      deviceClusters: devices.deviceClusters,
    },
  };
}
