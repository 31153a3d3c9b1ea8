/** Switches, hosts and DC gateways: the nodes of a site's physical topology (R2, R20). */
import { z } from 'zod';
import { HostPlatformSchema } from './platform.ts';
import { IdSchema, IpStackSchema, Ipv4Schema, Ipv6Schema, LinkStateSchema } from './primitives.ts';

/**
 * Roles by topology kind: three-tier core/aggregation/access; leaf-spine
 * leaf/spine; fat-tree core/aggregation/edge; BCube bcube-switch; plus host and
 * gateway everywhere.
 */
export const DeviceRoleSchema = z.enum([
  'core',
  'aggregation',
  'access',
  'leaf',
  'spine',
  'edge',
  'bcube-switch',
  'host',
  'gateway',
]);
export type DeviceRole = z.infer<typeof DeviceRoleSchema>;

export const SWITCH_ROLES: readonly DeviceRole[] = [
  'core',
  'aggregation',
  'access',
  'leaf',
  'spine',
  'edge',
  'bcube-switch',
];

export const HostCapacitySchema = z.object({
  vcpu: z.number().int().positive(),
  memoryGiB: z.number().positive(),
  diskGiB: z.number().nonnegative(),
});
export type HostCapacity = z.infer<typeof HostCapacitySchema>;

/** Forwarding-table limits of a switch (R20): exceeding them drops or floods traffic. */
export const TableLimitsSchema = z.object({
  macTable: z.number().int().positive(),
  fib: z.number().int().positive(),
});

export const DeviceSchema = z.object({
  id: IdSchema,
  siteId: IdSchema,
  name: z.string().min(1),
  role: DeviceRoleSchema,
  /** Layout hints: fat-tree pod, BCube level, three-tier block. Absent where meaningless. */
  pod: z.number().int().nonnegative().optional(),
  level: z.number().int().nonnegative().optional(),
  /** Number of physical ports; generators fill it in and tests hold them to it. */
  ports: z.number().int().positive(),
  ipv4: Ipv4Schema.optional(),
  ipv6: Ipv6Schema.optional(),
  state: LinkStateSchema.default('up'),
  tables: TableLimitsSchema.optional(),
  capacity: HostCapacitySchema.optional(),
  /** Hosts only: hypervisor and CPU model (R15); absent, moves to and from the host are not checked for them. */
  platform: HostPlatformSchema.optional(),
  /** Gateways only: which IP families it routes between sites (R12). */
  stack: IpStackSchema.optional(),
});
export type Device = z.infer<typeof DeviceSchema>;
