/**
 * The estate: everything the engine reasons about, in one versioned document
 * (the estate file format, JSON or YAML; its JSON Schema is docs/estate.schema.json).
 */
import { z } from 'zod';
import { DeviceSchema } from './device.ts';
import { FlowSchema } from './flow.ts';
import { LinkSchema } from './link.ts';
import { LispDeploymentSchema } from './lisp.ts';
import { CpuModelSchema } from './platform.ts';
import { PoliciesSchema } from './policy.ts';
import { IdSchema } from './primitives.ts';
import { SiteSchema } from './site.ts';
import { TenantSchema } from './tenant.ts';
import { VirtualNetworkSchema } from './virtual-network.ts';
import { VmSchema } from './vm.ts';
import { VneSchema } from './vne.ts';
import { WanLinkSchema } from './wan-link.ts';

export const ESTATE_FORMAT = 'vmmi-estate';
/** Bump on any incompatible change; add a migration in estate-file.ts. */
export const ESTATE_FORMAT_VERSION = 1;

export const EstateSchema = z.object({
  format: z.literal(ESTATE_FORMAT),
  formatVersion: z.literal(ESTATE_FORMAT_VERSION),
  id: IdSchema,
  name: z.string().min(1),
  description: z.string().default(''),
  sites: z.array(SiteSchema).default([]),
  devices: z.array(DeviceSchema).default([]),
  links: z.array(LinkSchema).default([]),
  wanLinks: z.array(WanLinkSchema).default([]),
  tenants: z.array(TenantSchema).default([]),
  networks: z.array(VirtualNetworkSchema).default([]),
  vms: z.array(VmSchema).default([]),
  vnes: z.array(VneSchema).default([]),
  flows: z.array(FlowSchema).default([]),
  /** CPU models that hosts and VMs name (R15, model/platform.ts). */
  cpuModels: z.array(CpuModelSchema).optional(),
  /** Where LISP runs (model/lisp.ts), for the `lisp` strategy; absent: nowhere. */
  lisp: LispDeploymentSchema.optional(),
  policies: PoliciesSchema.default({
    zones: [],
    firewallRules: [],
    defaultAction: 'allow',
    placementRules: [],
  }),
});
export type Estate = z.infer<typeof EstateSchema>;
/** What a file may omit (defaults filled in by parsing). */
export type EstateInput = z.input<typeof EstateSchema>;

/** An estate with no sites, devices or anything else yet, for builders and importers to fill. */
export function emptyEstate(id: string, name: string, description = ''): Estate {
  return {
    format: ESTATE_FORMAT,
    formatVersion: ESTATE_FORMAT_VERSION,
    id,
    name,
    description,
    sites: [],
    devices: [],
    links: [],
    wanLinks: [],
    tenants: [],
    networks: [],
    vms: [],
    vnes: [],
    flows: [],
    policies: { zones: [], firewallRules: [], defaultAction: 'allow', placementRules: [] },
  };
}
