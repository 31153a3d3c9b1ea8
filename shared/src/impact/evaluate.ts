/**
 * One strategy applied to one resolved move: what it does to addresses,
 * flows (each way), tunnels, tables, the migrations and the plan, whether it
 * is feasible, and its cost part by part. The preview evaluates every
 * strategy it compares with one shared memo, since strategies that anchor
 * traffic alike route the same flows (the preview runs on every drag frame).
 */
import { checkStackCompatibility } from '../addressing/stack.ts';
import { findAddressConflicts } from '../addressing/conflicts.ts';
import type { MigrationLimits } from '../execution/safety.ts';
import { costOfParts, strategyCostParts } from '../strategies/cost.ts';
import type { MobilityStrategy, StrategyOutcome, TrafficAnchor } from '../strategies/types.ts';
import { destinationNetwork } from '../strategies/renumber.ts';
import type { PlacementChecks } from './checks.ts';
import { routeFlow, type AddressesAfter, type FlowPaths } from './flows.ts';
import type { ColdMigrationConfig } from '../migration/cold.ts';
import { summariseColdMigration, summariseMigration } from './migration-summary.ts';
import { migrationWaves, type MigrationCopy } from './migration-waves.ts';
import type { MoveContext } from './move-context.ts';
import { moveInterruption } from './interruption.ts';
import { buildPlan } from './plan.ts';
import type {
  Addressing,
  FlowImpact,
  ImpactReport,
  MigrationSummary,
  Reason,
  StrategyScore,
} from './report.ts';
import { trafficDirection } from './traffic-summary.ts';
import { stateRefusal } from './vm-state.ts';

export type Evaluation = Omit<
  ImpactReport,
  | 'schemaVersion'
  | 'estateId'
  | 'request'
  | 'placements'
  | 'comparison'
  | 'vne'
  | 'choice'
  | 'coldOption'
> & { score: StrategyScore };

/** What one preview computes once and every strategy it compares reuses. */
export interface PreviewMemo {
  flows: Map<string, FlowImpact[]>;
  migrations: Map<string, MigrationSummary>;
  /** Paths before the move, by flow and moved VM: the same whatever the strategy. */
  before: Map<string, FlowPaths>;
  /** How the group is copied (migrationWaves): the same whatever the strategy. */
  copies?: Map<string, MigrationCopy>;
  /** The executor's concurrency limits the group's waves follow; undefined for the defaults. */
  limits: MigrationLimits | undefined;
  /** A cold move's shutdown and boot times (R15); empty for the defaults. */
  cold: ColdMigrationConfig;
}

export const newPreviewMemo = (
  limits?: MigrationLimits,
  cold: ColdMigrationConfig = {},
): PreviewMemo => ({
  flows: new Map(),
  migrations: new Map(),
  before: new Map(),
  limits,
  cold,
});

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
    // What the gateways do to the VM's families in general. Each flow is judged on its own path
    // (flow-families.ts); only a VM with no flows to judge gets this as a warning.
    const stackIssues =
      move.fromSite.id !== move.toSite.id
        ? checkStackCompatibility(ctx.engine.index, vm, move.toSite.id)
        : [];
    if (!ctx.engine.index.flowsByVm.get(vm.id)?.length)
      for (const s of stackIssues)
        warnings.push({ code: 'ip-stack', message: s.message, vmId: vm.id });
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

function flowsOf(
  ctx: MoveContext,
  anchors: ReadonlyMap<string, TrafficAnchor>,
  addresses: ReadonlyMap<string, AddressesAfter>,
  memo: PreviewMemo,
): FlowImpact[] {
  const key = JSON.stringify([[...anchors.values()], [...addresses.values()]]);
  const cached = memo.flows.get(key);
  if (cached) return cached;
  const { index } = ctx.engine;
  const seen = new Set<string>();
  const out: FlowImpact[] = [];
  const origins = new Map(ctx.moves.map((m) => [m.vm.id, m.fromSite.id]));
  for (const move of ctx.moves)
    for (const flow of index.flowsByVm.get(move.vm.id) ?? []) {
      if (seen.has(flow.id)) continue;
      seen.add(flow.id);
      out.push(
        routeFlow(
          ctx.engine,
          { flow, vmId: move.vm.id, placement: ctx.placement, anchors, origins, addresses },
          memo.before,
        ),
      );
    }
  memo.flows.set(key, out);
  return out;
}

/** A VM's migration: the same whatever the strategy, so computed once per preview. */
function migrationOf(
  ctx: MoveContext,
  move: MoveContext['moves'][number],
  memo: PreviewMemo,
): MigrationSummary {
  let m = memo.migrations.get(move.vm.id);
  if (!m) {
    memo.copies ??= migrationWaves(ctx.engine, ctx.moves, memo.limits);
    const copy = memo.copies.get(move.vm.id);
    m =
      ctx.mode === 'cold'
        ? summariseColdMigration(move, copy, memo.cold)
        : summariseMigration(move, copy);
    memo.migrations.set(move.vm.id, m);
  }
  return m;
}

const FAMILY = { ipv4: 'IPv4', ipv6: 'IPv6' } as const;

/** A flow the move cuts off is blocking; one that must change family is a warning (R1, R12). */
function familyVerdicts(flows: readonly FlowImpact[], blocking: Reason[], warnings: Reason[]) {
  for (const f of flows) {
    const { before, after, issues, fixes } = f.families;
    if (before.length === 0) continue;
    const where = [
      ...new Set(
        issues.map(
          (i) => `${FAMILY[i.family]} at ${i.gatewayId} (${i.gatewayStack}-only, ${i.direction})`,
        ),
      ),
    ].join(', ');
    if (after.length === 0)
      blocking.push({
        code: 'address-family',
        message: `flow ${f.flowId} (${f.vmId} ↔ ${f.peer}) has no IP family left: ${where}; fix: ${fixes.join('; ')}`,
        vmId: f.vmId,
      });
    else if (before.some((x) => !after.includes(x)))
      warnings.push({
        code: 'address-family-changed',
        message: `flow ${f.flowId} (${f.vmId} ↔ ${f.peer}) must use ${after.map((x) => FAMILY[x]).join(' or ')}: ${where}`,
        vmId: f.vmId,
      });
  }
}

export function evaluate(
  ctx: MoveContext,
  strategy: MobilityStrategy,
  common: PlacementChecks,
  memo: PreviewMemo,
): Evaluation {
  const blocking: Reason[] = [...common.blocking];
  const warnings: Reason[] = [...common.warnings];
  const refused =
    ctx.moves.map((m) => strategy.notApplicable(m, ctx)).find((r) => r !== null) ?? null;
  // A cold move stops the source: nothing of it runs in parallel with the copy (R15).
  const applied = refused
    ? []
    : ctx.moves.map((m) => {
        const o = strategy.apply(m, ctx);
        return ctx.mode === 'cold' ? { ...o, parallelRun: false } : o;
      });
  // Whether an outcome suits the VM's state is known only once the strategy says what it does.
  const notApplicable = refused ?? stateRefusal(ctx.moves, applied);
  const outcomes = notApplicable ? [] : applied;
  for (const o of outcomes) {
    blocking.push(...o.blocking);
    warnings.push(...o.warnings);
  }
  const addressing = notApplicable ? [] : addressingOf(ctx, outcomes, blocking, warnings);
  const anchors = new Map(ctx.moves.map((m, i) => [m.vm.id, outcomes[i]?.anchor] as const));
  const addresses = new Map(
    ctx.moves.map((m, i) => {
      const o = outcomes[i];
      const net = o && !o.kept ? (destinationNetwork(m, ctx) ?? m.network) : m.network;
      return [
        m.vm.id,
        { ipv4: o?.ipv4After ?? null, ipv6: o?.ipv6After ?? null, networkId: net.id },
      ];
    }),
  );
  const flows = notApplicable
    ? []
    : flowsOf(ctx, anchors as Map<string, TrafficAnchor>, addresses, memo);
  familyVerdicts(flows, blocking, warnings);
  const migrations = ctx.moves.map((m) => migrationOf(ctx, m, memo));
  for (const m of migrations)
    if (!m.converges)
      blocking.push({
        code: 'migration-non-convergent',
        message: `${m.vmId}: the ${ctx.mode === 'cold' ? 'cold copy cannot run' : 'migration does not converge'} (${m.remedies.join('; ')})`,
        vmId: m.vmId,
      });
  const plan = notApplicable
    ? []
    : ctx.moves.flatMap((m, i) => buildPlan(m, outcomes[i]!, migrations[i]!));

  const outbound = trafficDirection(flows, (f) => f.outbound);
  const inbound = trafficDirection(flows, (f) => f.inbound);
  const wan = (side: 'before' | 'after') =>
    flows.reduce(
      (t, f) =>
        t +
        ((f.outbound[side]?.wanLinks.length ?? 0) + (f.inbound[side]?.wanLinks.length ?? 0) > 0
          ? f.rateMbps
          : 0),
      0,
    );
  const tunnelsAdded = outcomes.reduce((n, o) => n + o.tunnelsCreatedCount, 0);
  const renumberedVms = outcomes.filter((o) => !o.kept).length;
  const interruption = moveInterruption(migrations, outcomes);
  const wanBytes = migrations.reduce((t, m) => t + m.wanBytes, 0);
  const staleWindows = outcomes.flatMap((o) =>
    o.staleMappingWindowMs === null ? [] : [o.staleMappingWindowMs],
  );
  const staleMappingWindowMs = staleWindows.length ? Math.max(...staleWindows) : null;
  const ownTables = outcomes.flatMap((o) => o.tables);
  const costParts = notApplicable
    ? []
    : strategyCostParts({
        interruptionMs: interruption?.totalMs ?? 0,
        addedLatencyOutMs: outbound.meanAddedMs ?? 0,
        addedLatencyInMs: inbound.meanAddedMs ?? 0,
        renumberedVms,
        tunnelsAdded,
        tableEntries: ownTables.reduce((n, t) => n + t.added + t.changed + t.removed, 0),
      });
  const feasible = !notApplicable && blocking.length === 0;
  const score: StrategyScore = {
    strategy: strategy.name,
    applicable: !notApplicable,
    feasible,
    cost: notApplicable ? null : costOfParts(costParts),
    costParts,
    downtimeMs: interruption?.totalMs ?? null,
    interruption,
    wanBytes: notApplicable ? null : wanBytes,
    staleMappingWindowMs,
    addedLatencyMs: notApplicable
      ? null
      : { outbound: outbound.meanAddedMs ?? 0, inbound: inbound.meanAddedMs ?? 0 },
    renumbered: renumberedVms > 0,
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
    tables: [...common.tables, ...ownTables],
    tunnels: {
      created: outcomes.flatMap((o) => o.tunnelsCreated),
      removed: outcomes.flatMap((o) => o.tunnelsRemoved),
      createdCount: tunnelsAdded,
      removedCount: outcomes.reduce((n, o) => n + o.tunnelsRemovedCount, 0),
    },
    traffic: {
      outbound,
      inbound,
      wanMbpsBefore: wan('before'),
      wanMbpsAfter: wan('after'),
      migrationWanBytes: wanBytes,
    },
    migrations,
    interruption,
    staleMappingWindowMs,
    load: common.load,
    plan,
    score,
  };
}
