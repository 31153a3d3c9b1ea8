/**
 * The flow parts of the impact report (report.ts): each flow's paths before
 * and after the move in both directions, its IP families, and the headline
 * over a direction. Part of the same contract: REPORT_SCHEMA_VERSION covers them.
 */
import { z } from 'zod';

export const PathSummarySchema = z.object({
  devices: z.array(z.string()),
  hops: z.number().int(),
  latencyMs: z.number(),
  ecmpWidth: z.number().int(),
  bottleneckUtilisation: z.number(),
  wanLinks: z.array(z.string()),
});
export type PathSummary = z.infer<typeof PathSummarySchema>;

export const IpFamilySchema = z.enum(['ipv4', 'ipv6']);

/** One direction of a flow, before and after the move. */
export const FlowDirectionSchema = z.object({
  before: PathSummarySchema.nullable(),
  after: PathSummarySchema.nullable(),
  /** after.latencyMs − before.latencyMs; null when either path is missing. */
  addedMs: z.number().nullable(),
  /** after.latencyMs / before.latencyMs (1 = unchanged); null when either path is missing. */
  stretch: z.number().nullable(),
  /** After the move this direction passes through the site the VM left, though neither end is there. */
  tromboneVia: z.string().nullable(),
});
export type FlowDirection = z.infer<typeof FlowDirectionSchema>;

/** A gateway on a flow's path that does not route the family the flow needs there (R1, R12). */
export const FlowFamilyIssueSchema = z.object({
  family: IpFamilySchema,
  gatewayId: z.string(),
  gatewayStack: z.enum(['ipv4', 'ipv6', 'dual']),
  direction: z.enum(['outbound', 'inbound']),
});

/** Which IP families carry the flow end to end, before and after the move, and what fixes a loss. */
export const FlowFamiliesSchema = z.object({
  /** Families both ends have that every gateway routing the flow natively also routes. */
  before: z.array(IpFamilySchema),
  after: z.array(IpFamilySchema),
  /** Gateways that block a family the flow could otherwise use after the move. */
  issues: z.array(FlowFamilyIssueSchema),
  /** What would carry the flow again, named per gateway (dual-stack, SIIT, NAT64, NAT46, 464XLAT). */
  fixes: z.array(z.string()),
});
export type FlowFamilies = z.infer<typeof FlowFamiliesSchema>;

export const FlowImpactSchema = z.object({
  flowId: z.string(),
  vmId: z.string(),
  /** The other end: a VM id or an external prefix. */
  peer: z.string(),
  rateMbps: z.number(),
  /** From the moved VM to the peer: leaves where the VM's first-hop router is. */
  outbound: FlowDirectionSchema,
  /** From the peer to the moved VM: enters where the route to the VM's address is advertised. */
  inbound: FlowDirectionSchema,
  families: FlowFamiliesSchema,
});
export type FlowImpact = z.infer<typeof FlowImpactSchema>;

/**
 * A direction's headline over the VM's flows: latency added in ms, as a
 * rate-weighted mean and at the worst flow, and one ratio for all of them,
 * Σ rate·after / Σ rate·before, rather than a mean of per-flow ratios
 * (which would let one 10 µs in-rack flow outweigh a 70 ms detour).
 */
export const TrafficDirectionSchema = z.object({
  meanAddedMs: z.number().nullable(),
  maxAddedMs: z.number().nullable(),
  latencyRatio: z.number().nullable(),
  trombonedFlows: z.number().int(),
});
export type TrafficDirection = z.infer<typeof TrafficDirectionSchema>;
