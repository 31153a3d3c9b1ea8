/**
 * The impact report (DESIGN.md, "The impact preview"): one stable, serialisable
 * answer to "what happens if these VMs move there", holding feasibility,
 * addressing, routing, tunnels, traffic, policy, load, the migration estimate
 * and the execution plan. The server recomputes and compares it before a plan
 * runs, so its shape is a contract: bump REPORT_SCHEMA_VERSION on any change.
 */
import { z } from 'zod';
import { ColdStepsSchema, MoveModeSchema } from './cold-schema.ts';
import { VneMoveSchema } from './report-parts.ts';
import { FlowImpactSchema, IpFamilySchema, TrafficDirectionSchema } from './report-flow.ts';

export {
  FlowDirectionSchema,
  FlowFamiliesSchema,
  FlowFamilyIssueSchema,
  FlowImpactSchema,
  PathSummarySchema,
  TrafficDirectionSchema,
  type FlowDirection,
  type FlowFamilies,
  type FlowImpact,
  type PathSummary,
  type TrafficDirection,
} from './report-flow.ts';

export * from './report-parts.ts';
export * from './cold-schema.ts';

export const REPORT_SCHEMA_VERSION = 4;

export const StrategyNameSchema = z.enum([
  'same-l2',
  'l2-overlay',
  'renumber',
  'pmip',
  'agent-overlay',
  'lisp',
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
    /** `live` (default) or `cold` (R15): a cold move skips live-only compatibility, all downtime. */
    mode: MoveModeSchema.default('live'),
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
  /** The flow and the rule a firewall warning is about, by id (its message names them). */
  flowId: z.string().optional(),
  ruleId: z.string().optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const TunnelSchema = z.object({
  kind: z.enum(['vxlan', 'geneve', 'agent', 'pmip', 'lisp']),
  /** Device ids of the two endpoints (hosts as VTEPs or agents; gateways for PMIP and LISP: ITR, then ETR). */
  a: z.string(),
  b: z.string(),
  /** VNI, Cluster_id, PMIP binding or LISP EID. */
  segment: z.string(),
  overheadBytes: z.number().int(),
  vmMtu: z.number().int(),
});
export type Tunnel = z.infer<typeof TunnelSchema>;

export const TableChangeSchema = z.object({
  deviceId: z.string(),
  /** `map-cache`: an ITR's EID-to-RLOC mappings; `map-server`: the EID registrations (LISP). */
  table: z.enum([
    'mac',
    'arp-nd',
    'fdb',
    'evpn',
    'agent',
    'fib',
    'binding-cache',
    'map-cache',
    'map-server',
  ]),
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
    'evpn-type5',
    'agent-update',
    'pmip-binding',
    'dns-update',
    'lisp-map-register',
    'lisp-smr',
  ]),
  vmId: z.string(),
  /** The address it announces; null for a MAC-only EVPN route. */
  address: z.string().nullable(),
  family: IpFamilySchema.nullable(),
  detail: z.string(),
  /** How many devices receive it. */
  receivers: z.number().int(),
  /** When it leaves (or, for pushed and routed updates, when it is expected to arrive), ms after the switchover. */
  atMs: z.array(z.number()),
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
    'shutdown',
    'boot',
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
  /** Migrations of the group copying at once that cross a link of its path, itself included; absent without a path. */
  sharers: z.number().int().positive().optional(),
  /** Its admission round under the executor's concurrency limits, from 1; absent without a path. */
  wave: z.number().int().positive().optional(),
  storageBytes: z.number(),
  wanBytes: z.number(),
  remedies: z.array(z.string()),
  /** A cold move's steps (R15): its downtimeMs is their sum, its bytes the disk. */
  cold: ColdStepsSchema.optional(),
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

/** The parts of a strategy's cost, in the order docs/strategies.md lists them. */
export const CostPartNameSchema = z.enum([
  'interruption',
  'added-latency-out',
  'added-latency-in',
  'renumbered',
  'tunnels',
  'table-entries',
]);
export type CostPartName = z.infer<typeof CostPartNameSchema>;

/** One part of a strategy's cost: a measured value, its unit, the weight per unit and the points it adds. */
export const CostPartSchema = z.object({
  part: CostPartNameSchema,
  value: z.number(),
  unit: z.string(),
  /** Points per unit (STRATEGY_COST_WEIGHTS). */
  weight: z.number(),
  /** value × weight, rounded to 0.01; the cost is the sum of the points. */
  points: z.number(),
});
export type CostPart = z.infer<typeof CostPartSchema>;

/**
 * The interruption users see at the switchover, in its parts (docs/strategies.md,
 * "Downtime"; R14): the VM paused for the stop-and-copy (the migration estimate's
 * downtime), then the time until the network forwards to its new place, split into
 * the wait for its first announcement to be received (GARP / unsolicited NA) and the
 * network switch after it (EVPN routes, agent tables, a PMIP binding). The worst VM
 * of the move; totalMs is the sum of the parts.
 */
export const InterruptionSchema = z.object({
  vmId: z.string(),
  stopAndCopyMs: z.number(),
  announceMs: z.number(),
  networkSwitchMs: z.number(),
  totalMs: z.number(),
});
export type Interruption = z.infer<typeof InterruptionSchema>;

/**
 * A cold migration offered beside a live preview (R15, cold-option.ts): the cold preview's
 * strategy and interruption (its stop-and-copy part is the whole outage), the worst VM's steps.
 */
export const ColdOptionSchema = z.object({
  strategy: StrategyNameSchema,
  interruption: InterruptionSchema,
  steps: ColdStepsSchema,
  because: z.string(),
});
export type ColdOption = z.infer<typeof ColdOptionSchema>;

export const StrategyScoreSchema = z.object({
  strategy: StrategyNameSchema,
  applicable: z.boolean(),
  feasible: z.boolean(),
  /** The documented cost (docs/strategies.md): the sum of costParts' points; null when not applicable. */
  cost: z.number().nullable(),
  /** What the cost is made of; empty when not applicable. */
  costParts: z.array(CostPartSchema),
  /** interruption.totalMs; null when not applicable. */
  downtimeMs: z.number().nullable(),
  /** The interruption in its parts; null when not applicable, or not computed (reports stored before it). */
  interruption: InterruptionSchema.nullable(),
  /** Bytes the move's migrations send over the WAN (memory, and the disk when it is local); null as above. */
  wanBytes: z.number().nullable(),
  /** staleMappingWindowMs of the strategy's outcome (see the report's); null as for `interruption`. */
  staleMappingWindowMs: z.number().nullable(),
  /** Rate-weighted mean latency added to the VM's flows, ms, each way; null when not applicable. */
  addedLatencyMs: z.object({ outbound: z.number(), inbound: z.number() }).nullable(),
  renumbered: z.boolean(),
  tunnelsAdded: z.number().int(),
  blocking: z.array(ReasonSchema),
  notApplicableBecause: z.string().nullable(),
});
export type StrategyScore = z.infer<typeof StrategyScoreSchema>;

/**
 * Why the report's strategy was chosen, in the cost's parts (docs/strategies.md,
 * "How best is explained"): asked for by name, the only feasible one, the cheapest
 * feasible one (and the part that separates it most from the runner-up), or none
 * feasible. `text` says it in words, for every caller alike.
 */
export const ChoiceReasonSchema = z.object({
  rule: z.enum(['named', 'only-feasible', 'lowest-cost', 'tie', 'none-feasible']),
  /** The next strategy in the order best follows; null when there is none. */
  runnerUp: StrategyNameSchema.nullable(),
  /** The part whose points differ most between the runner-up and the choice; null when costs were not compared. */
  decidingPart: CostPartNameSchema.nullable(),
  /** The runner-up's cost minus the choice's, points; null as above. */
  marginPoints: z.number().nullable(),
  text: z.string(),
});
export type ChoiceReason = z.infer<typeof ChoiceReasonSchema>;

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
  /** Why this strategy; null when none applies, or not computed (reports stored before it). */
  choice: ChoiceReasonSchema.nullable(),
  feasible: z.boolean(),
  /** The chosen strategy's interruption in its parts; null as for `choice`. */
  interruption: InterruptionSchema.nullable(),
  /**
   * The longest a device that missed the update may keep sending to the VM's
   * old place (LISP: an ITR that misses the SMR keeps its map-cache entry until
   * the record TTL runs out), ms: a window of possible loss, not an expected
   * one, so it is shown but not in the cost. Null when no cache outlives the
   * switch in the model, or not computed (reports stored before version 4).
   */
  staleMappingWindowMs: z.number().nullable(),
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
    outbound: TrafficDirectionSchema,
    inbound: TrafficDirectionSchema,
    wanMbpsBefore: z.number(),
    wanMbpsAfter: z.number(),
    migrationWanBytes: z.number(),
  }),
  migrations: z.array(MigrationSummarySchema),
  load: z.array(LoadChangeSchema),
  plan: z.array(PlanStepSchema),
  comparison: z.array(StrategyScoreSchema),
  vne: VneMoveSchema.nullable(),
  /** The cold migration offered instead (R15); null when none is, or for a cold request. */
  coldOption: ColdOptionSchema.nullable(),
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
