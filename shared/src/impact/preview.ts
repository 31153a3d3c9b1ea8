/**
 * The impact preview (DESIGN.md, "The impact preview"): for a proposed move of
 * one VM or a group, to a host or a site, with a strategy or `best`, one
 * ImpactReport. Pure and deterministic; bad requests come back as typed
 * errors, never exceptions, and nothing in the estate is changed.
 */
import type { MigrationLimits } from '../execution/safety.ts';
import type { ColdMigrationConfig } from '../migration/cold.ts';
import { coldOfferReason, coldOptionOf } from './cold-option.ts';
import { STRATEGIES, strategyByName } from '../strategies/registry.ts';
import { placementChecks } from './checks.ts';
import { bestOrder, explainChoice } from './choice.ts';
import type { ImpactEngine } from './engine.ts';
import { evaluate, newPreviewMemo, type Evaluation } from './evaluate.ts';
import { resolveMove } from './move-context.ts';
import { previewVneMove } from './vne-move.ts';
import {
  MoveRequestSchema,
  REPORT_SCHEMA_VERSION,
  type ImpactReport,
  type PreviewResult,
} from './report.ts';
import { invalidRequest } from '../util/request-issues.ts';

/** Feasible before infeasible, then by cost, then registry order (bestOrder). */
const pickBest = (evals: Evaluation[]): Evaluation | undefined => bestOrder(evals)[0];

/** What a preview is given besides the estate and the request. */
export interface PreviewOptions {
  /** The executor's concurrency limits a group is admitted under (default SAFETY_DEFAULTS). */
  migrationLimits?: MigrationLimits;
  /** A cold move's shutdown and boot times (default COLD_MIGRATION_DEFAULTS, R15). */
  cold?: ColdMigrationConfig;
}

/** The impact report of a move request, or a typed error; `options` are the server's execution settings. */
export function previewMove(
  engine: ImpactEngine,
  request: unknown,
  options: PreviewOptions = {},
): PreviewResult {
  const parsed = MoveRequestSchema.safeParse(request);
  if (!parsed.success) return invalidRequest(parsed.error);
  const req = parsed.data;
  if (req.vneId !== undefined) return previewVneMove(engine, req);
  const resolved = resolveMove(engine, req.vmIds, req.target, req.mode);
  if (!resolved.ok) return resolved;
  const ctx = resolved.context;
  const common = placementChecks(ctx);
  const memo = newPreviewMemo(options.migrationLimits, options.cold);
  const named =
    req.strategy !== 'best' && req.strategy !== 'all'
      ? strategyByName.get(req.strategy)
      : undefined;
  const evals = named
    ? [evaluate(ctx, named, common, memo)]
    : STRATEGIES.map((s) => evaluate(ctx, s, common, memo));
  const chosen = named ? evals[0] : pickBest(evals);
  const { score: _score, ...body } = chosen ?? {
    ...evals[0]!,
    strategy: null,
    feasible: false,
    interruption: null,
    staleMappingWindowMs: null,
    blocking: [
      { code: 'no-strategy', message: 'no mobility strategy applies to this move' },
      ...common.blocking,
    ],
  };
  const report: ImpactReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    estateId: engine.index.estate.id,
    request: req,
    placements: ctx.moves.map((m) => ({
      vmId: m.vm.id,
      fromHost: m.fromHost.id,
      toHost: m.toHost.id,
      fromSite: m.fromSite.id,
      toSite: m.toSite.id,
    })),
    ...body,
    choice: explainChoice(
      evals.map((e) => e.score),
      chosen?.strategy ?? null,
      named !== undefined,
    ),
    comparison: req.strategy === 'all' || req.strategy === 'best' ? evals.map((e) => e.score) : [],
    vne: null,
    coldOption: null,
  };
  const because = coldOfferReason(ctx, report);
  if (because) {
    const cold = previewMove(engine, { ...req, mode: 'cold' }, options);
    report.coldOption = cold.ok ? coldOptionOf(cold.report, because) : null;
  }
  return { ok: true, report };
}
