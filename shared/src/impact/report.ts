/**
 * The impact report (DESIGN.md, "The impact preview"): one stable, serialisable
 * answer to "what happens if these VMs move there", holding feasibility,
 * addressing, routing, tunnels, traffic, policy, load, the migration estimate
 * and the execution plan. The server recomputes and compares it before a plan
 * runs, so its shape is a contract: bump REPORT_SCHEMA_VERSION on any change.
 */
import { z } from 'zod';

export const REPORT_SCHEMA_VERSION = 1;

export const StrategyNameSchema = z.enum([
  'same-l2',
  'l2-overlay',
  'renumber',
  'pmip',
  'agent-overlay',
]);
export type StrategyName = z.infer<typeof StrategyNameSchema>;

export const MoveTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('host'), hostId: z.string().min(1) }),
  z.object({ kind: z.literal('site'), siteId: z.string().min(1) }),
]);
export type MoveTarget = z.infer<typeof MoveTargetSchema>;

export const MoveRequestSchema = z
  .object({
    /** The VMs to move (one, or a group moved together). */
    vmIds: z.array(z.string().min(1)).max(1000).default([]),
    /** Or a virtual network element to move (R20): its table snapshot is copied to an idle VNE there. */
    vneId: z.string().min(1).optional(),
    target: MoveTargetSchema,
    /** A strategy by name, `best` (lowest documented cost), or `all` (best, plus a comparison of every applicable one). */
    strategy: z.union([StrategyNameSchema, z.literal('best'), z.literal('all')]).default('best'),
  })
  .refine((r) => r.vmIds.length > 0 !== (r.vneId !== undefined), {
    message: 'give either vmIds or vneId',
    path: ['vmIds'],
  });
export type MoveRequest = z.input<typeof MoveRequestSchema>;

export const ReasonSchema = z.object({
  /** Stable machine-readable code, e.g. `address-conflict`, `host-capacity`, `policy-placement`. */
  code: z.string(),
  message: z.string(),
  vmId: z.string().optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const PathSummarySchema = z.object({
  devices: z.array(z.string()),
  hops: z.number().int(),
  latencyMs: z.number(),
  ecmpWidth: z.number().int(),
  bottleneckUtilisation: z.number(),
  wanLinks: z.array(z.string()),
});
export type PathSummary = z.infer<typeof PathSummarySchema>;

export const FlowImpactSchema = z.object({
  flowId: z.string(),
  vmId: z.string(),
  /** The other end: a VM id or an external prefix. */
  peer: z.string(),
  rateMbps: z.number(),
  before: PathSummarySchema.nullable(),
  after: PathSummarySchema.nullable(),
  /** after.latency / before.latency (1 = unchanged); null when either path is missing. */
  stretch: z.number().nullable(),
  /** Traffic hairpins through a site neither end is in (a home gateway or the old site). */
  tromboneVia: z.string().nullable(),
});
export type FlowImpact = z.infer<typeof FlowImpactSchema>;

export const TunnelSchema = z.object({
  kind: z.enum(['vxlan', 'geneve', 'agent', 'pmip']),
  /** Device ids of the two endpoints (hosts as VTEPs or agents; gateways for PMIP). */
  a: z.string(),
  b: z.string(),
  /** VNI, Cluster_id or PMIP binding. */
  segment: z.string(),
  overheadBytes: z.number().int(),
  vmMtu: z.number().int(),
});
export type Tunnel = z.infer<typeof TunnelSchema>;

export const TableChangeSchema = z.object({
  deviceId: z.string(),
  table: z.enum(['mac', 'arp-nd', 'fdb', 'evpn', 'agent', 'fib', 'binding-cache']),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
});
export type TableChange = z.infer<typeof TableChangeSchema>;

export const AnnouncementSchema = z.object({
  kind: z.enum([
    'garp',
    'unsolicited-na',
    'evpn-type2',
    'agent-update',
    'pmip-binding',
    'dns-update',
  ]),
  vmId: z.string(),
  detail: z.string(),
  /** How many devices receive it. */
  receivers: z.number().int(),
});
export type Announcement = z.infer<typeof AnnouncementSchema>;

export const AddressingSchema = z.object({
  vmId: z.string(),
  kept: z.boolean(),
  ipv4: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
  ipv6: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
  mac: z.string(),
  conflicts: z.array(z.object({ kind: z.string(), address: z.string(), otherVmId: z.string() })),
  stackIssues: z.array(z.string()),
  announcements: z.array(AnnouncementSchema),
});
export type Addressing = z.infer<typeof AddressingSchema>;

export const PlanStepSchema = z.object({
  id: z.string(),
  kind: z.enum([
    'reserve',
    'prepare-network',
    'pre-copy',
    'storage-copy',
    'stop-and-copy',
    'switch-network',
    'activate',
    'confirm',
    'decommission',
  ]),
  title: z.string(),
  /** What the step changes in the estate, one line each. */
  changes: z.array(z.string()),
  expectedMs: z.number(),
  undo: z.string(),
  /** Before switchover the source is the authority; from switchover on there is no rollback, only a move back. */
  phase: z.enum(['before-switchover', 'switchover', 'after-switchover']),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const MigrationSummarySchema = z.object({
  vmId: z.string(),
  converges: z.boolean(),
  mode: z.string(),
  rounds: z.number().int(),
  totalBytes: z.number(),
  totalSeconds: z.number().nullable(),
  downtimeMs: z.number().nullable(),
  bandwidthBytesPerSecond: z.number(),
  storageBytes: z.number(),
  wanBytes: z.number(),
  remedies: z.array(z.string()),
});
export type MigrationSummary = z.infer<typeof MigrationSummarySchema>;

export const LoadChangeSchema = z.object({
  id: z.string(),
  kind: z.enum(['host', 'site']),
  vcpu: z.object({ before: z.number(), after: z.number(), capacity: z.number() }),
  memoryGiB: z.object({ before: z.number(), after: z.number(), capacity: z.number() }),
  over: z.boolean(),
});
export type LoadChange = z.infer<typeof LoadChangeSchema>;

export const StrategyScoreSchema = z.object({
  strategy: StrategyNameSchema,
  applicable: z.boolean(),
  feasible: z.boolean(),
  /** The documented cost (docs/strategies.md); null when not applicable or infeasible. */
  cost: z.number().nullable(),
  downtimeMs: z.number().nullable(),
  meanStretch: z.number().nullable(),
  renumbered: z.boolean(),
  tunnelsAdded: z.number().int(),
  blocking: z.array(ReasonSchema),
  notApplicableBecause: z.string().nullable(),
});
export type StrategyScore = z.infer<typeof StrategyScoreSchema>;

/** A VNE move (R20): the snapshot of its tables, copied to an idle VNE on the target host. */
export const VneMoveSchema = z.object({
  vneId: z.string(),
  kind: z.enum(['router', 'firewall', 'load-balancer']),
  fromHost: z.string(),
  toHost: z.string(),
  routes: z.number().int(),
  sessions: z.number().int(),
  snapshotBytes: z.number(),
  copySeconds: z.number(),
  /** Networks of the VNE that do not exist at the target site yet (they must be extended first). */
  networksToExtend: z.array(z.string()),
});
export type VneMove = z.infer<typeof VneMoveSchema>;

export const ImpactReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  estateId: z.string(),
  request: MoveRequestSchema,
  placements: z.array(
    z.object({
      vmId: z.string(),
      fromHost: z.string(),
      toHost: z.string(),
      fromSite: z.string(),
      toSite: z.string(),
    }),
  ),
  strategy: StrategyNameSchema.nullable(),
  feasible: z.boolean(),
  blocking: z.array(ReasonSchema),
  warnings: z.array(ReasonSchema),
  addressing: z.array(AddressingSchema),
  flows: z.array(FlowImpactSchema),
  tables: z.array(TableChangeSchema),
  tunnels: z.object({
    created: z.array(TunnelSchema),
    removed: z.array(TunnelSchema),
    createdCount: z.number().int(),
    removedCount: z.number().int(),
  }),
  traffic: z.object({
    meanStretch: z.number().nullable(),
    trombonedFlows: z.number().int(),
    wanMbpsBefore: z.number(),
    wanMbpsAfter: z.number(),
    migrationWanBytes: z.number(),
  }),
  migrations: z.array(MigrationSummarySchema),
  load: z.array(LoadChangeSchema),
  plan: z.array(PlanStepSchema),
  comparison: z.array(StrategyScoreSchema),
  vne: VneMoveSchema.nullable(),
});
export type ImpactReport = z.infer<typeof ImpactReportSchema>;

/** Why a request could not be previewed at all (as opposed to a move that is infeasible). */
export const PreviewErrorCodeSchema = z.enum([
  'invalid-request',
  'unknown-vm',
  'unknown-target',
  'target-not-a-host',
  'target-host-down',
  'same-host',
  'no-host-available',
  'unknown-strategy',
  'unknown-vne',
]);
export type PreviewErrorCode = z.infer<typeof PreviewErrorCodeSchema>;
export interface PreviewError {
  code: PreviewErrorCode;
  message: string;
}
export type PreviewResult = { ok: true; report: ImpactReport } | { ok: false; error: PreviewError };
