/**
 * The `uniform` objective of the rebalancing advisor (R16: "global load
 * balancing", a uniform placement policy across DCs; docs/planning.md).
 *
 * A site's load is its dominant share, the larger of vCPU and memory used over
 * the capacity of its hosts (`dominantShare`, the rule a host's load follows,
 * over `siteLoad`'s usage). Each move takes a VM from the most loaded site (or
 * from `siteId` only, when the request names one) to a less loaded site, the
 * least loaded first, and is kept only if it lowers the larger of the two
 * sites' loads and does not widen the spread (max − min) of all sites' loads:
 * the sites' loads, highest first, get lexicographically lower with every move.
 *
 * Which VM: the one whose move adds the least traffic cost (Σ rate × latency,
 * at site scale: traffic-at.ts `trafficAtSite`), so VMs whose peers are already
 * in the target, or that talk little across sites, go first; ties by id. Where:
 * the evacuation's placement of that VM alone restricted to the target site
 * (evacuate.ts, `toSites`) on top of the moves before it, so the move passes
 * the one admission rule with them. A VM moves at most once.
 */
import type { Vm } from '../model/vm.ts';
import { dominantShare, siteLoad, vmLoad, type HostLoad } from '../policy/capacity.ts';
import { proposeEvacuation } from './evacuate.ts';
import { byId, type MovePlan } from './move-plan.ts';
import { siteLatencies, SiteTrafficIndex } from './traffic-at.ts';

/** The documented bounds of the search. */
export const UNIFORM_DEFAULTS = {
  /**
   * VMs handed to the evacuation per source and target before the target is
   * given up: each placement ranks the target's hosts, the costly step on a
   * large site, and a VM refused there (a network the site lacks) is usually
   * followed by more like it.
   */
  placementsPerTarget: 6,
} as const;

const EPSILON = 1e-9;

/** Sites with host capacity, by id: the sites whose load `uniform` evens out. */
export function loadedSites(plan: MovePlan): string[] {
  const { index } = plan.engine;
  return [...index.hostsBySite.keys()]
    .filter((id) => {
      const u = siteLoad(index, id, new Map()).before;
      return u.vcpuTotal > 0 && u.memoryGiBTotal > 0;
    })
    .sort();
}

/** A site's used and installed vCPU and memory with the plan's moves. */
export function siteUsage(plan: MovePlan, siteId: string): { used: HostLoad; total: HostLoad } {
  const u = siteLoad(plan.engine.index, siteId, plan.placement).after;
  return {
    used: { vcpu: u.vcpuUsed, memoryGiB: u.memoryGiBUsed, diskGiB: 0 },
    total: { vcpu: u.vcpuTotal, memoryGiB: u.memoryGiBTotal, diskGiB: 0 },
  };
}

/** Each site's load (dominant share) with the plan's moves. */
export function siteShares(plan: MovePlan, siteIds: readonly string[]): Map<string, number> {
  return new Map(
    siteIds.map((id) => {
      const { used, total } = siteUsage(plan, id);
      return [id, dominantShare(used, total)];
    }),
  );
}

const spreadOf = (shares: Iterable<number>) => {
  const xs = [...shares];
  return xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
};

/** The VMs in a site with the plan's moves, not moved yet (a VM moves once), by id. */
function stillIn(plan: MovePlan, siteId: string): Vm[] {
  const { index } = plan.engine;
  return (index.hostsBySite.get(siteId) ?? [])
    .flatMap((h) => index.vmsByHost.get(h.id) ?? [])
    .filter((vm) => !plan.placement.has(vm.id))
    .sort(byId);
}

/** Moves VMs from the most loaded site (or `sourceSite`) to the least loaded, while each move evens the loads. */
export function uniform(plan: MovePlan, sourceSite: string | undefined, budget: number): void {
  const sites = loadedSites(plan);
  if (sourceSite !== undefined && !sites.includes(sourceSite)) return;
  const traffic = new SiteTrafficIndex(plan.engine, plan.hostOf, siteLatencies(plan.engine, sites));
  while (plan.placement.size < budget) {
    const shares = siteShares(plan, sites);
    const load = (id: string) => shares.get(id)!;
    const hot = sourceSite ?? [...sites].sort((a, b) => load(b) - load(a) || (a < b ? -1 : 1))[0];
    if (hot === undefined) return;
    const targets = sites
      .filter((id) => id !== hot && load(id) < load(hot) - EPSILON)
      .sort((a, b) => load(a) - load(b) || (a < b ? -1 : 1));
    if (!targets.some((to) => moveOne(plan, hot, to, shares, traffic))) return;
  }
}

/** One VM from `from` to `to` that evens the loads, the cheapest in traffic first: whether one moved. */
function moveOne(
  plan: MovePlan,
  from: string,
  to: string,
  shares: Map<string, number>,
  traffic: SiteTrafficIndex,
): boolean {
  const { engine } = plan;
  const a = siteUsage(plan, from);
  const b = siteUsage(plan, to);
  const hotLoad = shares.get(from)!;
  const spread = spreadOf(shares.values());
  const others = [...shares].filter(([id]) => id !== from && id !== to).map(([, s]) => s);
  const othersMax = Math.max(-Infinity, ...others);
  const othersMin = Math.min(Infinity, ...others);
  const evens = (vm: Vm) => {
    const l = vmLoad(vm);
    const fromAfter = dominantShare(
      { vcpu: a.used.vcpu - l.vcpu, memoryGiB: a.used.memoryGiB - l.memoryGiB },
      a.total,
    );
    const toAfter = dominantShare(
      { vcpu: b.used.vcpu + l.vcpu, memoryGiB: b.used.memoryGiB + l.memoryGiB },
      b.total,
    );
    const max = Math.max(othersMax, fromAfter, toAfter);
    const min = Math.min(othersMin, fromAfter, toAfter);
    return Math.max(fromAfter, toAfter) < hotLoad - EPSILON && max - min <= spread + EPSILON;
  };
  const { position } = traffic.latencies;
  const f = position.get(from)!;
  const t = position.get(to)!;
  const added = (vm: Vm) => {
    const c = traffic.of(vm.id);
    const x = c[t]! - c[f]!;
    return Number.isNaN(x) ? Infinity : x;
  };
  const ranked = stillIn(plan, from)
    .filter(evens)
    .map((vm) => ({ vm, cost: added(vm) }))
    .sort((x, y) => x.cost - y.cost || byId(x.vm, y.vm));
  let placements = 0;
  for (const { vm } of ranked) {
    if (placements++ >= UNIFORM_DEFAULTS.placementsPerTarget) return false;
    const r = proposeEvacuation(
      engine,
      { source: { kind: 'vms', vmIds: [vm.id] }, toSites: [to] },
      { after: plan },
    );
    const toHost = r.ok ? r.proposal.moves[0]?.toHost : undefined;
    if (toHost !== undefined && plan.tryMove(vm, toHost) === null) {
      traffic.moved(vm.id);
      return true;
    }
  }
  return false;
}
