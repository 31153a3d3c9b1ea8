/**
 * Placement rules with a move applied (R16, R17): region (data residency),
 * private-only (no public DC), affinity (one site) and anti-affinity (distinct
 * hosts). Only rules naming a moved VM are evaluated, found through a per-index
 * map from VM to rules, and only violations involving a moved VM are reported:
 * a preview answers "what does this move break", not "what is already broken".
 * A VM of a migration in flight (an arrival) is at both ends until its
 * switchover, so affinity and anti-affinity see it at both.
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { PlacementRule } from '../model/policy.ts';
import { perIndex } from '../addressing/per-index.ts';
import {
  hostAfter,
  NO_ARRIVALS,
  resolveMoves,
  type Arrivals,
  type Placement,
} from './placement.ts';

export interface PlacementViolation {
  ruleId: string;
  kind: PlacementRule['kind'];
  /** The VMs that break the rule after the move. */
  vmIds: string[];
  /** True when the same VMs broke the rule before the move too (the move does not cause it). */
  preExisting: boolean;
  message: string;
}

interface RuleIndex {
  /** Rules by VM id, each rule under every VM it names. */
  byVm: Map<string, PlacementRule[]>;
  /** Each rule's VMs as a set, and its position in the estate. */
  members: Map<PlacementRule, { vmIds: ReadonlySet<string>; order: number }>;
}

const ruleIndex = perIndex((index): RuleIndex => {
  const byVm = new Map<string, PlacementRule[]>();
  const members = new Map<PlacementRule, { vmIds: ReadonlySet<string>; order: number }>();
  index.estate.policies.placementRules.forEach((rule, order) => {
    const vmIds = new Set(rule.vmIds);
    members.set(rule, { vmIds, order });
    for (const vmId of vmIds) {
      const list = byVm.get(vmId);
      if (list) list.push(rule);
      else byVm.set(vmId, [rule]);
    }
  });
  return { byVm, members };
});

/** How a warning names a rule: by what it is for when the estate says, else by its id. */
export function ruleName(rule: PlacementRule): string {
  const what = {
    region: `regions ${rule.kind === 'region' ? rule.regions.join(', ') : ''}`,
    'private-only': 'private DCs only',
    affinity: 'one site',
    'anti-affinity': 'different hosts',
  }[rule.kind];
  return rule.description ? `Rule “${rule.description}” (${what})` : `Rule ${rule.id} (${what})`;
}

/** A site as warnings name it: its name and id. */
function siteName(index: EstateIndex, siteId: string): string {
  const site = index.sites.get(siteId);
  return site && site.name !== site.id ? `${site.name} (${site.id})` : siteId;
}

/** Where a VM is before and after the move. */
interface Where {
  vmId: string;
  moved: boolean;
  hostBefore: string;
  hostAfter: string;
  siteBefore: string | undefined;
  siteAfter: string | undefined;
}

/** Where arriving VMs will also be, by VM id: their run's target, before and after the move. */
type ArrivalSites = ReadonlyMap<string, { hostId: string; siteId: string }>;

function where(index: EstateIndex, placement: Placement, vmId: string): Where | undefined {
  const vm = index.vms.get(vmId);
  if (!vm) return undefined;
  const after = hostAfter(index, placement, vm);
  return {
    vmId,
    moved: after !== vm.hostId,
    hostBefore: vm.hostId,
    hostAfter: after,
    siteBefore: index.devices.get(vm.hostId)?.siteId,
    siteAfter: index.devices.get(after)?.siteId,
  };
}

/** Region and private-only: a per-VM test, so only the rule's moved VMs are judged. */
function perVmRule(
  index: EstateIndex,
  rule: Extract<PlacementRule, { kind: 'region' | 'private-only' }>,
  moved: Where[],
): PlacementViolation[] {
  const allowed = (siteId: string | undefined) => {
    const site = siteId === undefined ? undefined : index.sites.get(siteId);
    if (!site) return true;
    return rule.kind === 'region'
      ? rule.regions.includes(site.region)
      : site.ownership !== 'public';
  };
  const bad = moved.filter((w) => !allowed(w.siteAfter));
  if (bad.length === 0) return [];
  const detail = bad.map((w) => {
    const site = index.sites.get(w.siteAfter!)!;
    const where = siteName(index, site.id);
    return rule.kind === 'region'
      ? `${w.vmId} would run in ${where}, region ${site.region}`
      : `${w.vmId} would run in ${where}, a public DC`;
  });
  const message = `${ruleName(rule)}: ${detail.join('; ')}`;
  return [
    {
      ruleId: rule.id,
      kind: rule.kind,
      vmIds: bad.map((w) => w.vmId),
      preExisting: bad.every((w) => !allowed(w.siteBefore)),
      message,
    },
  ];
}

/** Affinity needs every VM of the rule: groups that must share a site are small. */
function affinity(
  index: EstateIndex,
  rule: PlacementRule,
  vms: Where[],
  arriving: ArrivalSites,
): PlacementViolation[] {
  const placed = vms.filter((w) => w.siteAfter !== undefined);
  const also = placed.flatMap((w) => arriving.get(w.vmId)?.siteId ?? []);
  const sitesAfter = new Set([...placed.map((w) => w.siteAfter), ...also]);
  if (sitesAfter.size <= 1) return [];
  const sitesBefore = new Set([...placed.map((w) => w.siteBefore), ...also]);
  return [
    {
      ruleId: rule.id,
      kind: rule.kind,
      vmIds: placed.map((w) => w.vmId),
      preExisting: sitesBefore.size > 1,
      message: `${ruleName(rule)}: the VMs would run in ${[...sitesAfter]
        .map((id) => siteName(index, id!))
        .join(' and ')}: ${placed
        .map((w) => {
          const also = arriving.get(w.vmId);
          return `${w.vmId} in ${w.siteAfter}${also ? ` (migrating to ${also.siteId})` : ''}`;
        })
        .join(', ')}`,
    },
  ];
}

/**
 * Anti-affinity can only break on a host a VM of the rule moves to, so only
 * those hosts' VMs are looked at (through `vmsByHost`, and the arrivals by
 * host), however large the rule. An arriving VM is on its target before the
 * move as well as on its source, so the rule was broken already when every
 * VM of the group shared one of its hosts.
 */
function antiAffinity(
  index: EstateIndex,
  placement: Placement,
  rule: PlacementRule,
  members: ReadonlySet<string>,
  moved: Where[],
  arriving: ArrivalSites,
  arrivingOn: ReadonlyMap<string, string[]>,
): PlacementViolation[] {
  const hostsBefore = (w: Where) => {
    const also = arriving.get(w.vmId)?.hostId;
    return also === undefined ? [w.hostBefore] : [w.hostBefore, also];
  };
  const out: PlacementViolation[] = [];
  for (const hostId of new Set(moved.map((w) => w.hostAfter))) {
    const group = moved.filter((w) => w.hostAfter === hostId);
    for (const vm of index.vmsByHost.get(hostId) ?? [])
      if (members.has(vm.id) && hostAfter(index, placement, vm) === hostId)
        group.push(where(index, placement, vm.id)!);
    for (const vmId of arrivingOn.get(hostId) ?? [])
      if (members.has(vmId) && !group.some((w) => w.vmId === vmId))
        group.push(where(index, placement, vmId)!);
    if (group.length < 2) continue;
    const shared = hostsBefore(group[0]!).some((h) =>
      group.every((w) => hostsBefore(w).includes(h)),
    );
    out.push({
      ruleId: rule.id,
      kind: rule.kind,
      vmIds: group.map((w) => w.vmId),
      preExisting: shared,
      message: `${ruleName(rule)}: ${group.map((w) => w.vmId).join(', ')} would share host ${hostId}`,
    });
  }
  return out;
}

/**
 * The placement rules the estate would break with `placement` applied, for
 * rules naming at least one moved VM, in the estate's rule order. The VMs of
 * `arrivals` (migrations in flight) are at their targets as well as where
 * they run, before the move and after it.
 *
 * @example
 * checkPlacement(index, new Map([['globex-core-db-03', 'iad1.leaf-1-h1']]));
 * // [{ ruleId: 'pl-bank-eu', kind: 'region', vmIds: ['globex-core-db-03'], ... }]
 */
export function checkPlacement(
  index: EstateIndex,
  placement: Placement,
  arrivals: Arrivals = NO_ARRIVALS,
): PlacementViolation[] {
  const { byVm, members } = ruleIndex(index);
  const arriving = new Map<string, { hostId: string; siteId: string }>();
  const arrivingOn = new Map<string, string[]>();
  for (const a of resolveMoves(index, arrivals)) {
    arriving.set(a.vm.id, { hostId: a.toHostId, siteId: a.toSiteId });
    arrivingOn.set(a.toHostId, [...(arrivingOn.get(a.toHostId) ?? []), a.vm.id]);
  }
  const movedByRule = new Map<PlacementRule, Where[]>();
  for (const move of resolveMoves(index, placement)) {
    const w = where(index, placement, move.vm.id)!;
    for (const rule of byVm.get(move.vm.id) ?? []) {
      const list = movedByRule.get(rule);
      if (list) list.push(w);
      else movedByRule.set(rule, [w]);
    }
  }
  const order = (r: PlacementRule) => members.get(r)?.order ?? 0;
  const violations: PlacementViolation[] = [];
  for (const [rule, moved] of [...movedByRule].sort(([a], [b]) => order(a) - order(b))) {
    if (rule.kind === 'region' || rule.kind === 'private-only')
      violations.push(...perVmRule(index, rule, moved));
    else if (rule.kind === 'affinity') {
      const vms = [...(members.get(rule)?.vmIds ?? [])]
        .map((id) => where(index, placement, id))
        .filter((w): w is Where => w !== undefined);
      violations.push(...affinity(index, rule, vms, arriving));
    } else
      violations.push(
        ...antiAffinity(
          index,
          placement,
          rule,
          members.get(rule)?.vmIds ?? new Set(),
          moved,
          arriving,
          arrivingOn,
        ),
      );
  }
  return violations;
}
