/**
 * The impact preview (DESIGN.md, "The impact preview"): for a proposed move of
 * one VM or a group, to a host or a site, with a strategy or `best`, one
 * ImpactReport. Pure and deterministic; bad requests come back as typed
 * errors, never exceptions, and nothing in the estate is changed.
 */
import { checkStackCompatibility } from '../addressing/stack.ts';
import { findAddressConflicts } from '../addressing/conflicts.ts';
import { STRATEGIES, strategyByName, strategyCost } from '../strategies/registry.ts';
import type { MobilityStrategy, StrategyOutcome, TrafficAnchor } from '../strategies/types.ts';
import { destinationNetwork } from '../strategies/renumber.ts';
import { placementChecks, type PlacementChecks } from './checks.ts';
import type { ImpactEngine } from './engine.ts';
import { routeFlow } from './flows.ts';
import { summariseMigration } from './migration-summary.ts';
import { resolveMove, type MoveContext } from './move-context.ts';
import { buildPlan } from './plan.ts';
import { previewVneMove } from './vne-move.ts';
import {
  MoveRequestSchema,
  REPORT_SCHEMA_VERSION,
  type Addressing,
  type FlowImpact,
  type ImpactReport,
  type MigrationSummary,
  type PreviewResult,
  type Reason,
  type StrategyScore,
} from './report.ts';

type Evaluation = Omit<
  ImpactReport,
  'schemaVersion' | 'estateId' | 'request' | 'placements' | 'comparison' | 'vne'
> & { score: StrategyScore };

function addressingOf(
  ctx: MoveContext,
  outcomes: StrategyOutcome[],
  blocking: Reason[],
  warnings: Reason[],
): Addressing[] {
  return ctx.moves.map((move, i) => {
    const o = outcomes[i]!;
    const { vm } = move;
    const destNet = o.kept ? move.network : (destinationNetwork(move, ctx) ?? move.network);
    const conflicts = findAddressConflicts(ctx.engine.index, vm, {
      networkId: destNet.id,
      siteId: move.toSite.id,
      ...(o.ipv4After && { ipv4: o.ipv4After }),
      ...(o.ipv6After && { ipv6: o.ipv6After }),
      mac: vm.mac,
    }).filter((c) => !ctx.placement.has(c.otherVmId));
    for (const c of conflicts)
      blocking.push({
        code: 'address-conflict',
        message: `${c.kind} ${c.address}: already used by ${c.otherVmId} in ${move.toSite.id}`,
        vmId: vm.id,
      });
    const crossesSites = move.fromSite.id !== move.toSite.id;
    const stackIssues =
      crossesSites && (o.anchor.kind !== 'direct' || !o.kept)
        ? checkStackCompatibility(ctx.engine.index, vm, move.toSite.id)
        : [];
    // Blocking when the destination gateway routes none of the VM's families; a lost second family is a warning.
    const families = [vm.ipv4, vm.ipv6].filter(Boolean).length;
    const unreachable = stackIssues.filter((s) => s.side === 'destination').length >= families;
    for (const s of stackIssues)
      (unreachable ? blocking : warnings).push({
        code: 'ip-stack',
        message: s.message,
        vmId: vm.id,
      });
    return {
      vmId: vm.id,
      kept: o.kept,
      ipv4: { before: vm.ipv4 ?? null, after: o.ipv4After },
      ipv6: { before: vm.ipv6 ?? null, after: o.ipv6After },
      mac: vm.mac,
      conflicts: conflicts.map((c) => ({
        kind: c.kind,
        address: c.address,
        otherVmId: c.otherVmId,
      })),
      stackIssues: stackIssues.map((s) => s.message),
      announcements: o.announcements,
    };
  });
}

/**
 * Per-preview memo: strategies that anchor traffic the same way route the same
 * flows, and migrations depend only on live or not, so each is computed once
 * however many strategies are compared (the preview runs on every drag frame).
 */
interface PreviewMemo {
  flows: Map<string, FlowImpact[]>;
  migrations: Map<string, MigrationSummary>;
}

function memoFlows(
  ctx: MoveContext,
  anchors: ReadonlyMap<string, TrafficAnchor>,
  memo: PreviewMemo,
): FlowImpact[] {
  const key = JSON.stringify([...anchors.values()]);
  let flows = memo.flows.get(key);
  if (!flows) memo.flows.set(key, (flows = flowsOf(ctx, anchors)));
  return flows;
}

function memoMigration(
  ctx: MoveContext,
  move: MoveContext['moves'][number],
  live: boolean,
  memo: PreviewMemo,
): MigrationSummary {
  const key = `${move.vm.id}|${live}`;
  let m = memo.migrations.get(key);
  if (!m)
    memo.migrations.set(key, (m = summariseMigration(ctx.engine, move, live, ctx.moves.length)));
  return m;
}

function flowsOf(ctx: MoveContext, anchors: ReadonlyMap<string, TrafficAnchor>): FlowImpact[] {
  const { index } = ctx.engine;
  const seen = new Set<string>();
  const out: FlowImpact[] = [];
  const origins = new Map(ctx.moves.map((m) => [m.vm.id, m.fromSite.id]));
  for (const move of ctx.moves)
    for (const flow of index.flowsByVm.get(move.vm.id) ?? []) {
      if (seen.has(flow.id)) continue;
      seen.add(flow.id);
      out.push(
        routeFlow(ctx.engine, {
          flow,
          vmId: move.vm.id,
          placement: ctx.placement,
          anchors,
          origins,
        }),
      );
    }
  return out;
}

function evaluate(
  ctx: MoveContext,
  strategy: MobilityStrategy,
  common: PlacementChecks,
  memo: PreviewMemo,
): Evaluation {
  const blocking: Reason[] = [...common.blocking];
  const warnings: Reason[] = [...common.warnings];
  const notApplicable =
    ctx.moves.map((m) => strategy.notApplicable(m, ctx)).find((r) => r !== null) ?? null;
  const outcomes = notApplicable ? [] : ctx.moves.map((m) => strategy.apply(m, ctx));
  for (const o of outcomes) {
    blocking.push(...o.blocking);
    warnings.push(...o.warnings);
  }
  const addressing = notApplicable ? [] : addressingOf(ctx, outcomes, blocking, warnings);
  const anchors = new Map(
    ctx.moves.map((m, i) => [m.vm.id, outcomes[i]?.anchor ?? ({ kind: 'direct' } as const)]),
  );
  const flows = notApplicable ? [] : memoFlows(ctx, anchors, memo);
  const migrations = ctx.moves.map((m, i) =>
    memoMigration(ctx, m, outcomes[i]?.live ?? true, memo),
  );
  for (const m of migrations)
    if (!m.converges)
      blocking.push({
        code: 'migration-non-convergent',
        message: `${m.vmId}: the migration does not converge (${m.remedies.join('; ')})`,
        vmId: m.vmId,
      });
  const plan = notApplicable
    ? []
    : ctx.moves.flatMap((m, i) => buildPlan(m, outcomes[i]!, migrations[i]!));

  const stretches = flows.map((f) => f.stretch).filter((s): s is number => s !== null);
  const meanStretch = stretches.length
    ? Math.round((stretches.reduce((a, b) => a + b, 0) / stretches.length) * 1000) / 1000
    : null;
  const added = flows
    .filter((f) => f.before && f.after)
    .map((f) => f.after!.latencyMs - f.before!.latencyMs);
  const meanAddedLatencyMs = added.length ? added.reduce((a, b) => a + b, 0) / added.length : 0;
  const wan = (side: 'before' | 'after') =>
    flows.reduce((t, f) => t + ((f[side]?.wanLinks.length ?? 0) > 0 ? f.rateMbps : 0), 0);
  const tunnelsAdded = outcomes.reduce((n, o) => n + o.tunnelsCreatedCount, 0);
  const renumbered = outcomes.some((o) => !o.kept);
  const downtimeMs =
    migrations.reduce((m, x) => Math.max(m, x.downtimeMs ?? 0), 0) +
    outcomes.reduce((m, o) => Math.max(m, o.reconvergenceMs), 0);
  const trombonedFlows = flows.filter((f) => f.tromboneVia !== null).length;
  const feasible = !notApplicable && blocking.length === 0;
  const score: StrategyScore = {
    strategy: strategy.name,
    applicable: !notApplicable,
    feasible,
    cost: notApplicable
      ? null
      : strategyCost({
          downtimeMs,
          renumbered,
          meanAddedLatencyMs,
          trombonedFlows,
          tunnelsAdded,
          warnings: warnings.length,
        }),
    downtimeMs: notApplicable ? null : downtimeMs,
    meanStretch,
    renumbered,
    tunnelsAdded,
    blocking: notApplicable ? [] : blocking,
    notApplicableBecause: notApplicable,
  };
  return {
    strategy: strategy.name,
    feasible,
    blocking: notApplicable
      ? [{ code: 'strategy-not-applicable', message: notApplicable }, ...blocking]
      : blocking,
    warnings,
    addressing,
    flows,
    tables: [...common.tables, ...outcomes.flatMap((o) => o.tables)],
    tunnels: {
      created: outcomes.flatMap((o) => o.tunnelsCreated),
      removed: outcomes.flatMap((o) => o.tunnelsRemoved),
      createdCount: tunnelsAdded,
      removedCount: outcomes.reduce((n, o) => n + o.tunnelsRemovedCount, 0),
    },
    traffic: {
      meanStretch,
      trombonedFlows,
      wanMbpsBefore: wan('before'),
      wanMbpsAfter: wan('after'),
      migrationWanBytes: migrations.reduce((t, m) => t + m.wanBytes, 0),
    },
    migrations,
    load: common.load,
    plan,
    score,
  };
}

/** Feasible before infeasible, then by cost, then registry order. */
function pickBest(evals: Evaluation[]): Evaluation | undefined {
  const applicable = evals.filter((e) => e.score.applicable);
  return [...applicable].sort(
    (a, b) =>
      Number(b.feasible) - Number(a.feasible) ||
      (a.score.cost ?? Infinity) - (b.score.cost ?? Infinity),
  )[0];
}

export function previewMove(engine: ImpactEngine, request: unknown): PreviewResult {
  const parsed = MoveRequestSchema.safeParse(request);
  if (!parsed.success)
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        message: parsed.error.issues
          .map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`)
          .join('; '),
      },
    };
  const req = parsed.data;
  if (req.vneId !== undefined) return previewVneMove(engine, req);
  const resolved = resolveMove(engine, req.vmIds, req.target);
  if (!resolved.ok) return resolved;
  const ctx = resolved.context;
  const common = placementChecks(ctx);
  const memo: PreviewMemo = { flows: new Map(), migrations: new Map() };
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
    comparison: req.strategy === 'all' || req.strategy === 'best' ? evals.map((e) => e.score) : [],
    vne: null,
  };
  return { ok: true, report };
}
