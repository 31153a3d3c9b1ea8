/**
 * The rebalancing advisor (R16; docs/planning.md): a bounded number of moves
 * toward one objective, each passing the one admission rule together with the
 * others, each improving the objective, deterministic for a given estate.
 *
 * - `balance`: inside each site, even out host load (a host's load is its
 *   dominant share, the larger of vCPU and memory used over capacity): move a
 *   VM off the most loaded host while that lowers the larger of its load and
 *   its target's.
 * - `consolidate`: inside each site, empty the least loaded hosts onto hosts
 *   that stay busy, fullest first (best fit) up to `maxHostLoad`, a host at a
 *   time and only whole, and list the hosts that can be powered off.
 * - `nearest`: across sites, move the VMs whose traffic (Σ rate × path latency,
 *   traffic-at.ts) another site would shrink the most, each to the place an
 *   evacuation of it alone would choose (evacuate.ts) after the moves before
 *   it, if its traffic shrinks there.
 * - `uniform`: across sites, even out the sites' loads (rebalance-uniform.ts).
 *
 * Every advice also says what its moves cost: the memory and local disk they
 * copy, how many cross sites, and the WAN traffic of the moved VMs' flows.
 */
import { z } from 'zod';
import type { ImpactEngine } from '../impact/engine.ts';
import type { Device } from '../model/device.ts';
import { IdSchema } from '../model/primitives.ts';
import type { Vm } from '../model/vm.ts';
import { vmLoad } from '../policy/capacity.ts';
import { proposeEvacuation } from './evacuate.ts';
import { byId, MovePlan } from './move-plan.ts';
import { loadedSites, siteShares, uniform } from './rebalance-uniform.ts';
import {
  flowsOfVms,
  flowsTraffic,
  siteLatencies,
  SiteTrafficIndex,
  trafficAt,
} from './traffic-at.ts';
import { invalidRequest } from '../util/request-issues.ts';

export const RebalanceRequestSchema = z.object({
  objective: z.enum(['balance', 'consolidate', 'nearest', 'uniform']),
  /**
   * One site, or none for the whole estate. `nearest` looks across sites from the
   * site's VMs; `uniform` is estate-wide and moves VMs out of this site only.
   */
  siteId: IdSchema.optional(),
  /** At most this many moves. */
  maxMoves: z.number().int().min(1).max(100_000).default(10),
  /**
   * `consolidate` fills a host up to this dominant load, no further: 0.8 leaves the
   * headroom for load peaks and for the next migration (a full host cannot take one).
   */
  maxHostLoad: z.number().gt(0).max(1).default(0.8),
});
export type RebalanceRequest = z.input<typeof RebalanceRequestSchema>;

export interface RebalanceMove {
  vmId: string;
  fromHost: string;
  toHost: string;
}

/** The objective's figure before and after the moves, and what lower means. */
export interface ObjectiveFigure {
  name: string;
  unit: string;
  before: number;
  after: number;
}

/** A figure's value in its unit as operators read it: a share as a percentage, ms to 3 places. */
export function figureText(value: number, unit: string): string {
  if (unit === 'share') return `${(value * 100).toFixed(1)} %`;
  if (unit === 'ms') return `${value.toFixed(3)} ms`;
  return String(Math.round(value * 100) / 100);
}

/** What the moves themselves cost, whatever the objective. */
export interface MovesCost {
  moves: number;
  /** Moves to another site: their copies cross the WAN and the VM changes site. */
  crossSite: number;
  /** What the copies send at least once, GiB: memory, and local disk (a shared disk stays on its array). */
  memoryGiB: number;
  diskGiB: number;
  /** The rate of the moved VMs' flows (each once) over a WAN link, Mbit/s, before and after. */
  wanMbpsBefore: number;
  wanMbpsAfter: number;
}

/** What the moves cost, in words, for the command line and the planner alike. */
export function movesCostText(c: MovesCost): string {
  const n = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 2 });
  return `${n(c.moves)} move${c.moves === 1 ? '' : 's'} (${n(c.crossSite)} to another site), copying ${n(c.memoryGiB)} GiB of memory and ${n(c.diskGiB)} GiB of local disk; the moved VMs' flows over the WAN ${n(c.wanMbpsBefore)} → ${n(c.wanMbpsAfter)} Mbit/s`;
}

export interface RebalanceAdvice {
  request: z.output<typeof RebalanceRequestSchema>;
  moves: RebalanceMove[];
  /** Lower is better for each. */
  figures: ObjectiveFigure[];
  /** Each host a move touches: its dominant load before and after (0..1, over 1 when over capacity). */
  hosts: { hostId: string; before: number; after: number }[];
  /** `consolidate`: hosts with no VM after the moves that had some before: they can be powered off. */
  freedHosts: string[];
  /** `consolidate`: hosts with no VM already. */
  idleHosts: string[];
  cost: MovesCost;
}

export type RebalanceResult =
  | { ok: true; advice: RebalanceAdvice }
  | { ok: false; error: { code: 'invalid-request' | 'unknown-site'; message: string } };

const EPSILON = 1e-9;

function sitesInScope(engine: ImpactEngine, siteId: string | undefined): Device[][] {
  const { hostsBySite } = engine.index;
  const ids = siteId !== undefined ? [siteId] : [...hostsBySite.keys()].sort();
  return ids.map((id) =>
    (hostsBySite.get(id) ?? []).filter((h) => h.role === 'host' && h.capacity),
  );
}

/** Moves off the most loaded host of the site whose spread is widest, while the larger of the two loads drops. */
function balance(plan: MovePlan, sites: Device[][], budget: number): void {
  const done = new Set<Device[]>();
  while (plan.placement.size < budget) {
    // Each host's load once per move, not once per comparison: a site may have thousands.
    let site: Device[] | undefined;
    let hot: Device | undefined;
    let hotShare = 0;
    let widest = -Infinity;
    for (const s of sites) {
      if (s.length < 2 || done.has(s)) continue;
      let max = -Infinity;
      let min = Infinity;
      let top: Device | undefined;
      for (const h of s) {
        const x = plan.share(h);
        if (x > max || (x === max && byId(h, top!) < 0)) [max, top] = [x, h];
        min = Math.min(min, x);
      }
      if (max - min > widest) [widest, site, hot, hotShare] = [max - min, s, top, max];
    }
    if (!site || !hot) return;
    // Largest first; the target with the lowest load after takes it; the first admitted move wins.
    const options: { vm: Vm; to: Device; worst: number }[] = [];
    for (const vm of plan.vmsOn(hot.id))
      for (const to of site)
        if (to !== hot && plan.fits(to, vm)) {
          const worst = Math.max(plan.share(hot, vmLoad(vm), -1), plan.share(to, vmLoad(vm)));
          if (worst < hotShare - EPSILON) options.push({ vm, to, worst });
        }
    options.sort((a, b) => a.worst - b.worst || byId(a.vm, b.vm) || byId(a.to, b.to));
    if (!options.some((o) => plan.tryMove(o.vm, o.to.id) === null)) done.add(site);
  }
}

/** Empties the least loaded busy hosts, whole, onto the fullest busy hosts with room. */
function consolidate(plan: MovePlan, sites: Device[][], budget: number, maxLoad: number): void {
  for (const site of sites) {
    const busy = site.filter((h) => plan.vmsOn(h.id).length > 0);
    const order = [...busy].sort((a, b) => plan.share(a) - plan.share(b) || byId(a, b));
    const emptied = new Set<string>();
    for (const host of order) {
      const vms = plan
        .vmsOn(host.id)
        .sort((a, b) => vmLoad(b).memoryGiB - vmLoad(a).memoryGiB || byId(a, b));
      if (plan.placement.size + vms.length > budget) return;
      const saved = plan.save();
      const moved: Vm[] = [];
      for (const vm of vms) {
        const targets = busy
          .filter(
            (t) =>
              t !== host &&
              !emptied.has(t.id) &&
              plan.fits(t, vm) &&
              plan.share(t, vmLoad(vm)) <= maxLoad + EPSILON,
          )
          .sort((a, b) => plan.share(b) - plan.share(a) || byId(a, b));
        if (!targets.some((t) => plan.tryMove(vm, t.id) === null)) break;
        moved.push(vm);
      }
      if (moved.length === vms.length) emptied.add(host.id);
      else plan.restore(saved);
    }
  }
}

/**
 * Evacuations tried per move asked for before `nearest` gives up: each ranks
 * every host of a site (traffic-at.ts), the costly step on a large site.
 */
export const NEAREST_EVACUATIONS_PER_MOVE = 4;

/**
 * The VMs another site would serve best, the largest saving at site scale
 * first, each to where an evacuation of it alone would go: ranking at site
 * scale first spares an evacuation per VM of the estate.
 */
function nearest(plan: MovePlan, vms: Vm[], budget: number): void {
  const { engine } = plan;
  const sites = [...engine.index.hostsBySite.keys()].sort();
  const traffic = new SiteTrafficIndex(engine, plan.hostOf, siteLatencies(engine, sites));
  const { position } = traffic.latencies;
  const ranked: { vm: Vm; gain: number }[] = [];
  for (const vm of vms) {
    const c = traffic.of(vm.id);
    const here = position.get(engine.index.devices.get(vm.hostId)?.siteId ?? '');
    const gain = here === undefined ? 0 : c[here]! - Math.min(...c);
    if (gain > EPSILON) ranked.push({ vm, gain });
  }
  ranked.sort((a, b) => b.gain - a.gain || byId(a.vm, b.vm));
  const cost = (vm: Vm, hostId: string) => trafficAt(engine, vm.id, hostId, plan.hostOf).mbpsMs;
  let tried = 0;
  for (const { vm } of ranked) {
    if (plan.placement.size >= budget || tried++ >= NEAREST_EVACUATIONS_PER_MOVE * budget) return;
    const r = proposeEvacuation(
      engine,
      { source: { kind: 'vms', vmIds: [vm.id] } },
      { after: plan },
    );
    const to = r.ok ? r.proposal.moves[0]?.toHost : undefined;
    // Its peers may have moved since it was ranked: it goes only if its traffic still shrinks.
    if (to !== undefined && cost(vm, vm.hostId) - cost(vm, to) > EPSILON && !plan.tryMove(vm, to))
      traffic.moved(vm.id);
  }
}

/** What `request` advises, or a typed error. */
export function adviseRebalance(engine: ImpactEngine, request: unknown): RebalanceResult {
  const parsed = RebalanceRequestSchema.safeParse(request);
  if (!parsed.success) return invalidRequest(parsed.error);
  const req = parsed.data;
  const { index } = engine;
  if (req.siteId !== undefined && !index.sites.has(req.siteId))
    return { ok: false, error: { code: 'unknown-site', message: `no site "${req.siteId}"` } };
  // `uniform` weighs every site against the others, whichever site its moves leave.
  const scopeSite = req.objective === 'uniform' ? undefined : req.siteId;
  const sites = sitesInScope(engine, scopeSite);
  const plan = new MovePlan(engine);
  const unmoved = new MovePlan(engine);
  const sharesBefore = sites.flatMap((hosts) => hosts.map((h) => unmoved.share(h)));
  const activeHosts = (after: boolean) =>
    sites
      .flat()
      .filter((h) => (after ? plan.vmsOn(h.id) : (index.vmsByHost.get(h.id) ?? [])).length > 0)
      .length;
  const activeBefore = activeHosts(false);
  const siteIds = loadedSites(plan).filter((id) => scopeSite === undefined || id === scopeSite);
  const siteSharesBefore = [...siteShares(plan, siteIds).values()];

  if (req.objective === 'balance') balance(plan, sites, req.maxMoves);
  else if (req.objective === 'consolidate') consolidate(plan, sites, req.maxMoves, req.maxHostLoad);
  else if (req.objective === 'uniform') uniform(plan, req.siteId, req.maxMoves);
  else {
    const vms = sites
      .flatMap((hosts) => hosts.flatMap((h) => index.vmsByHost.get(h.id) ?? []))
      .sort(byId);
    nearest(plan, vms, req.maxMoves);
  }

  const moves = [...plan.placement]
    .map(([vmId, toHost]) => ({ vmId, fromHost: index.vms.get(vmId)!.hostId, toHost }))
    .filter((m) => m.fromHost !== m.toHost);
  // Only the moved VMs' flows change: the figures of traffic read those, not every flow.
  const flows = flowsOfVms(
    engine,
    moves.map((m) => ({ id: m.vmId })),
  );
  const trafficBefore = flowsTraffic(engine, flows, (id) => index.vms.get(id)?.hostId);
  const trafficAfter = flowsTraffic(engine, flows, plan.hostOf);
  const sharesAfter = sites.flatMap((hosts) => hosts.map((h) => plan.share(h)));
  const siteSharesAfter = [...siteShares(plan, siteIds).values()];
  const spread = (xs: number[]) => (xs.length ? Math.max(...xs) - Math.min(...xs) : 0);
  const highest = (xs: number[]) => Math.max(0, ...xs);
  const figures: ObjectiveFigure[] = [
    {
      name: 'highest host load',
      unit: 'share',
      before: highest(sharesBefore),
      after: highest(sharesAfter),
    },
    {
      name: 'host load spread',
      unit: 'share',
      before: spread(sharesBefore),
      after: spread(sharesAfter),
    },
    { name: 'hosts with VMs', unit: 'hosts', before: activeBefore, after: activeHosts(true) },
    ...(siteIds.length > 1
      ? [
          {
            name: 'highest site load',
            unit: 'share',
            before: highest(siteSharesBefore),
            after: highest(siteSharesAfter),
          },
          {
            name: 'site load spread',
            unit: 'share',
            before: spread(siteSharesBefore),
            after: spread(siteSharesAfter),
          },
        ]
      : []),
    {
      name: 'mean latency of the moved VMs’ flows',
      unit: 'ms',
      before: trafficBefore.meanLatencyMs,
      after: trafficAfter.meanLatencyMs,
    },
  ];
  const touched = [...new Set(moves.flatMap((m) => [m.fromHost, m.toHost]))].sort();
  const all = sites.flat();
  return {
    ok: true,
    advice: {
      request: req,
      moves,
      figures,
      hosts: touched.map((hostId) => {
        const h = index.devices.get(hostId)!;
        return { hostId, before: unmoved.share(h), after: plan.share(h) };
      }),
      freedHosts: all
        .filter(
          (h) => (index.vmsByHost.get(h.id) ?? []).length > 0 && plan.vmsOn(h.id).length === 0,
        )
        .map((h) => h.id),
      idleHosts: all.filter((h) => (index.vmsByHost.get(h.id) ?? []).length === 0).map((h) => h.id),
      cost: movesCost(engine, moves, trafficBefore.wanMbps, trafficAfter.wanMbps),
    },
  };
}

function movesCost(
  engine: ImpactEngine,
  moves: RebalanceMove[],
  wanMbpsBefore: number,
  wanMbpsAfter: number,
): MovesCost {
  const { devices, vms } = engine.index;
  const cost: MovesCost = {
    moves: moves.length,
    crossSite: 0,
    memoryGiB: 0,
    diskGiB: 0,
    wanMbpsBefore,
    wanMbpsAfter,
  };
  for (const m of moves) {
    const load = vmLoad(vms.get(m.vmId)!);
    cost.memoryGiB += load.memoryGiB;
    cost.diskGiB += load.diskGiB;
    if (devices.get(m.fromHost)?.siteId !== devices.get(m.toHost)?.siteId) cost.crossSite++;
  }
  return cost;
}
