/**
 * The plan record: a move the server has recomputed and accepted, with the
 * report it computed, tied to the estate version it was computed on. The
 * executor takes plans from `accepted` through the rest of the lifecycle.
 * Rows are parsed with these schemas when read, so a row written by an older
 * build is checked before anyone acts on it.
 */
import {
  MoveRequestSchema,
  StoredImpactReportSchema,
  MoveTargetSchema,
  StrategyNameSchema,
} from '@vmmi/shared';
import { z } from 'zod';

/**
 * Where a plan is in its life. Only `accepted` is written today; the others
 * are the executor's. Migration 0002 holds the same list in a CHECK
 * constraint: a new status needs a migration as well as an entry here.
 */
export const PLAN_STATUSES = [
  'accepted',
  'running',
  'succeeded',
  'failed',
  'rolled-back',
  'cancelled',
] as const;
export const PlanStatusSchema = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

export const PlanSchema = z.object({
  id: z.string(),
  estateId: z.string(),
  estateVersion: z.number().int().positive(),
  status: PlanStatusSchema,
  /** Who accepted it (a user, `user (token …)`, or a role name in rows from before sign-in); null when unknown. */
  createdBy: z.string().nullable(),
  /** ISO 8601. */
  createdAt: z.string(),
  /** ISO 8601. */
  updatedAt: z.string(),
  /** The request as parsed, defaults filled in (the same as report.request). */
  request: MoveRequestSchema,
  /** Reports stored by an older build are upgraded on read (shared/src/impact/report-upgrade.ts). */
  report: StoredImpactReportSchema,
});
export type Plan = z.infer<typeof PlanSchema>;

/** A row of an estate's plan list: enough to show it, without the report. */
export const PlanSummarySchema = z.object({
  id: z.string(),
  estateVersion: z.number().int().positive(),
  status: PlanStatusSchema,
  /** ISO 8601. */
  createdAt: z.string(),
  /** The VMs moved; empty for a VNE move. */
  vmIds: z.array(z.string()),
  /** The VNE moved, for a VNE move. */
  vneId: z.string().nullable(),
  target: MoveTargetSchema,
  /** The strategy the report chose. */
  strategy: StrategyNameSchema.nullable(),
  feasible: z.boolean(),
  /** The longest estimated downtime of the VMs moved, ms; null when none is known (a VNE move). */
  downtimeMs: z.number().nullable(),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;
