/**
 * What a NetBox import tells the operator: what became what, what could not be
 * mapped and why, what was assumed, and the NetBox ids a later write-back needs.
 */
import { z } from 'zod';
import { DeviceRoleSchema } from '../../model/device.ts';
import { IdSchema } from '../../model/primitives.ts';
import type { EstateIssue } from '../../model/validate.ts';

/** A NetBox object as the report names it: its model (`dcim.device`), id and name. */
export const NetboxObjectRefSchema = z.object({
  model: z.string(),
  id: z.number().int(),
  name: z.string(),
});
export type NetboxObjectRef = z.infer<typeof NetboxObjectRefSchema>;

export const ReportEntrySchema = z.object({ object: NetboxObjectRefSchema, reason: z.string() });
export type ReportEntry = z.infer<typeof ReportEntrySchema>;

/** What a NetBox device role becomes: one of our roles, or `skip` (not part of the fabric). */
export const MappedRoleSchema = z.union([DeviceRoleSchema, z.literal('skip')]);
export type MappedRole = z.infer<typeof MappedRoleSchema>;

export const RoleMappingEntrySchema = z.object({
  slug: z.string(),
  name: z.string(),
  role: MappedRoleSchema,
  /** `given`: the caller's role map said so; `default`: the default rule did. */
  source: z.enum(['default', 'given']),
  devices: z.number().int().nonnegative(),
});
export type RoleMappingEntry = z.infer<typeof RoleMappingEntrySchema>;

const Counts = z.record(z.string(), z.number().int().nonnegative());

export const NetboxImportReportSchema = z.object({
  /** Records read per endpoint. */
  read: Counts,
  /** Records made per estate collection (sites, devices, links, wanLinks, tenants, networks, vms, zones). */
  made: Counts,
  /** Objects that became nothing, each with why. */
  unmapped: z.array(ReportEntrySchema),
  /** Objects that were mapped with a value NetBox does not hold (a position, a capacity, a MAC…). */
  assumed: z.array(ReportEntrySchema),
  /** Why the estate was refused (validateEstate's issues); empty when it was made. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type NetboxImportReport = z.infer<typeof NetboxImportReportSchema> & {
  issues: EstateIssue[];
};

/**
 * Our ids → NetBox's numeric ids, for writing a moved VM's `device` and
 * `cluster` back to NetBox: sites, devices, VMs, clusters (our id: the
 * cluster's name as a slug), and each host device's cluster.
 */
export const NetboxIdsSchema = z.object({
  sites: z.record(IdSchema, z.number().int()),
  devices: z.record(IdSchema, z.number().int()),
  vms: z.record(IdSchema, z.number().int()),
  clusters: z.record(IdSchema, z.number().int()),
  deviceClusters: z.record(IdSchema, z.number().int()),
});
export type NetboxIds = z.infer<typeof NetboxIdsSchema>;
