/** Parts of the impact report (report.ts) that depend on nothing else of it. */
import { z } from 'zod';

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
