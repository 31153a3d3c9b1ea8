/**
 * Evacuate a host, drain a site (R16: placement near the VM's peers): a
 * target host for every VM on it, each passing the one admission rule
 * (policy/admission.ts) together with all the others, chosen to keep the VMs'
 * traffic short (traffic-at.ts). The proposal is a placement; each of its
 * moves is an ordinary move to preview, accept and execute. docs/planning.md.
 *
 * The search is greedy and deterministic: pinned VMs first, then the largest
 * (memory, then vCPU, then local disk) while the most hosts still have room.
 * A host's VMs stay in its site while it has room (unless `acrossSites`).
 * For each VM the candidate sites are ranked by its traffic from one host of
 * theirs with room (inside a site, hosts differ by microseconds, sites by
 * milliseconds), then the hosts of a site by their own traffic, the most free
 * memory after the move breaking ties (spreading the load). The first candidate
 * the admission rule accepts, with the VMs placed before it, is taken. A VM
 * follows the peers placed before it, so the VMs that talk stay together.
 */
import { z } from 'zod';
import type { ImpactEngine } from '../impact/engine.ts';
import type { Estate } from '../model/estate.ts';
import type { Device } from '../model/device.ts';
import { IdSchema } from '../model/primitives.ts';
import type { Vm } from '../model/vm.ts';
import { admitPlacement, reasonOf, type AdmissionReason } from '../policy/admission.ts';
import { vmLoad } from '../policy/capacity.ts';
import { evacuationSummary, type EvacuationSummary } from './evacuation-summary.ts';
import { byId, MovePlan } from './move-plan.ts';
import { trafficAt, type HostOfVm } from './traffic-at.ts';
import { requestIssuesText } from '../util/request-issues.ts';

export const EvacuationRequestSchema = z.object({
  /** What to empty: one host, every host of a site, or these VMs' places (an application, a tenant). */
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('host'), hostId: IdSchema }),
    z.object({ kind: z.literal('site'), siteId: IdSchema }),
    z.object({ kind: z.literal('vms'), vmIds: z.array(IdSchema).min(1) }),
  ]),
  /** Only these sites take VMs (none: any site but the source's). */
  toSites: z.array(IdSchema).default([]),
  /** VM id → the host it must go to. */
  pin: z.record(IdSchema, IdSchema).default({}),
  /** Hosts never to place a VM on. */
  excludeHosts: z.array(IdSchema).default([]),
  /** Sites never to place a VM in. */
  excludeSites: z.array(IdSchema).default([]),
  /**
   * A host's VMs may go to other sites even while their own site has room. Off by
   * default: a host emptied for maintenance keeps its VMs in its site (no WAN copy,
   * no change of address or overlay) unless the site is full.
   */
  acrossSites: z.boolean().default(false),
});
export type EvacuationRequest = z.input<typeof EvacuationRequestSchema>;

/**
 * Of `vmIds`, the VMs a move to `toSites` takes, in the estate's order: those
 * not in one of the sites already (a VM there stays where it is; asking the
 * engine to move it would shuffle it between the site's hosts for nothing);
 * without `toSites`, every one. Ids the estate lacks are left out.
 */
export function vmsToMove(
  estate: Pick<Estate, 'vms' | 'devices'>,
  vmIds: Iterable<string>,
  toSites: readonly string[] = [],
): string[] {
  const wanted = new Set(vmIds);
  const siteOf = new Map(estate.devices.map((d) => [d.id, d.siteId]));
  return estate.vms
    .filter((v) => wanted.has(v.id) && !toSites.includes(siteOf.get(v.hostId) ?? ''))
    .map((v) => v.id);
}

/** The VMs of a tenant that a move to `toSites` takes (`vmsToMove`). */
export function tenantVmsToMove(
  estate: Pick<Estate, 'vms' | 'devices'>,
  tenantId: string,
  toSites: readonly string[] = [],
): string[] {
  const ofTenant = estate.vms.filter((v) => v.tenantId === tenantId).map((v) => v.id);
  return vmsToMove(estate, ofTenant, toSites);
}

/** The documented bounds of the search. */
export const EVACUATION_DEFAULTS = {
  /** Admission checks per VM before it is left unplaced: each checks the whole placement so far. */
  attemptsPerVm: 12,
} as const;

/** One VM's proposed move. */
export interface ProposedMove {
  vmId: string;
  fromHost: string;
  toHost: string;
  toSite: string;
  /** The operator pinned it there. */
  pinned: boolean;
}

/** A VM the proposal could not place, and why. */
export interface UnplacedVm {
  vmId: string;
  fromHost: string;
  reasons: { code: string; message: string }[];
}

export interface EvacuationProposal {
  request: z.output<typeof EvacuationRequestSchema>;
  /** In the order they were decided: pinned first, then largest first. */
  moves: ProposedMove[];
  unplaced: UnplacedVm[];
  /** Whether the admission rule admits every move together (true whenever `moves` is not empty, by construction). */
  admitted: boolean;
  summary: EvacuationSummary;
}

export type EvacuationResult =
  | { ok: true; proposal: EvacuationProposal }
  | {
      ok: false;
      error: {
        code: 'invalid-request' | 'unknown-host' | 'unknown-site' | 'unknown-vm' | 'bad-pin';
        message: string;
      };
    };

const fail = (code: Extract<EvacuationResult, { ok: false }>['error']['code'], message: string) =>
  ({ ok: false, error: { code, message } }) as const;

/** Reasons that hold for every host of the site tried, not for that host alone. */
const SITE_WIDE = new Set<AdmissionReason['code']>([
  'site-capacity',
  'policy-region',
  'policy-private-only',
]);

/** Larger first: memory, vCPU, local disk, then id, so the order is total. */
function largestFirst(a: Vm, b: Vm): number {
  const la = vmLoad(a);
  const lb = vmLoad(b);
  return lb.memoryGiB - la.memoryGiB || lb.vcpu - la.vcpu || lb.diskGiB - la.diskGiB || byId(a, b);
}

/** A proposal that empties the request's host or site, or a typed error for a request that names nothing real. */
export function proposeEvacuation(
  engine: ImpactEngine,
  request: unknown,
  options: {
    attemptsPerVm?: number;
    /** Moves already decided (a rebalancing's so far): their loads count and the VMs are where they put them. */
    after?: MovePlan;
  } = {},
): EvacuationResult {
  const parsed = EvacuationRequestSchema.safeParse(request);
  if (!parsed.success) return fail('invalid-request', requestIssuesText(parsed.error));
  const req = parsed.data;
  const { index } = engine;

  // What empties: the source's hosts and the VMs on them.
  let sourceHosts: Device[];
  let sourceName: string;
  if (req.source.kind === 'host') {
    const host = index.devices.get(req.source.hostId);
    if (!host || host.role !== 'host')
      return fail('unknown-host', `no host "${req.source.hostId}"`);
    sourceHosts = [host];
    sourceName = host.id;
  } else if (req.source.kind === 'site') {
    if (!index.sites.has(req.source.siteId))
      return fail('unknown-site', `no site "${req.source.siteId}"`);
    sourceHosts = index.hostsBySite.get(req.source.siteId) ?? [];
    sourceName = req.source.siteId;
  } else {
    sourceHosts = [];
    sourceName = 'its place';
    for (const id of req.source.vmIds)
      if (!index.vms.has(id)) return fail('unknown-vm', `no VM "${id}"`);
  }
  const homeSite =
    req.source.kind === 'host' && !req.acrossSites ? sourceHosts[0]!.siteId : undefined;
  const leaving =
    req.source.kind === 'vms'
      ? [...new Set(req.source.vmIds)].map((id) => index.vms.get(id)!)
      : sourceHosts.flatMap((h) => index.vmsByHost.get(h.id) ?? []);
  const leavingIds = new Set(leaving.map((v) => v.id));
  // Moving VMs one by one, each leaves its own host; emptying a host or site, all of them.
  const sourceHostIds = new Set(sourceHosts.map((h) => h.id));

  for (const [vmId, hostId] of Object.entries(req.pin)) {
    if (!leavingIds.has(vmId)) return fail('bad-pin', `VM "${vmId}" is not on ${sourceName}`);
    const host = index.devices.get(hostId);
    if (!host || host.role !== 'host')
      return fail('bad-pin', `VM "${vmId}" is pinned to "${hostId}", which is not a host`);
    if (sourceHostIds.has(hostId))
      return fail('bad-pin', `VM "${vmId}" is pinned to ${hostId}, which is being emptied`);
  }
  for (const id of req.excludeSites)
    if (!index.sites.has(id)) return fail('unknown-site', `no site "${id}" to exclude`);
  for (const id of req.toSites)
    if (!index.sites.has(id)) return fail('unknown-site', `no site "${id}" to move to`);
  const onlySites = req.toSites.length ? new Set(req.toSites) : undefined;

  // Candidates: up hosts outside the source and the exclusions, by site, in the estate's order.
  const excludedHosts = new Set(req.excludeHosts);
  const excludedSites = new Set(req.excludeSites);
  const candidatesBySite = new Map<string, Device[]>();
  for (const [siteId, hosts] of index.hostsBySite) {
    if (excludedSites.has(siteId) || (onlySites && !onlySites.has(siteId))) continue;
    const open = hosts.filter(
      (h) => h.state === 'up' && !sourceHostIds.has(h.id) && !excludedHosts.has(h.id),
    );
    if (open.length) candidatesBySite.set(siteId, open);
  }

  const plan = new MovePlan(engine);
  if (options.after) plan.restore(options.after.save());
  const moves: ProposedMove[] = [];
  const unplaced: UnplacedVm[] = [];
  // A VM of the proposal not placed yet is nowhere yet: its flows do not pull the others.
  const hostOf: HostOfVm = (id) =>
    plan.placement.get(id) ?? (leavingIds.has(id) ? undefined : index.vms.get(id)?.hostId);
  const place = (vm: Vm, hostId: string, pinned: boolean) =>
    moves.push({
      vmId: vm.id,
      fromHost: vm.hostId,
      toHost: hostId,
      toSite: index.devices.get(hostId)!.siteId,
      pinned,
    });

  const pinned = leaving.filter((v) => req.pin[v.id] !== undefined).sort(largestFirst);
  const free = leaving.filter((v) => req.pin[v.id] === undefined).sort(largestFirst);
  for (const vm of pinned) {
    const target = req.pin[vm.id]!;
    const refused = plan.tryMove(vm, target);
    if (refused)
      unplaced.push({ vmId: vm.id, fromHost: vm.hostId, reasons: refused.map(reasonOf) });
    else place(vm, target, true);
  }
  const where =
    req.source.kind === 'vms'
      ? onlySites
        ? `in ${req.toSites.join(', ')}`
        : 'elsewhere'
      : `outside ${sourceName}${onlySites ? ` in ${req.toSites.join(', ')}` : ''}`;
  const attempts = options.attemptsPerVm ?? EVACUATION_DEFAULTS.attemptsPerVm;
  for (const vm of free) {
    const load = vmLoad(vm);
    const traffic = (hostId: string) => trafficAt(engine, vm.id, hostId, hostOf);
    // Sites by the traffic from their first host with room.
    const sites: { siteId: string; hosts: Device[]; cost: number; wan: number }[] = [];
    for (const [siteId, hosts] of candidatesBySite) {
      const open = hosts.filter((h) => h.id !== vm.hostId && plan.fits(h, vm));
      if (!open.length) continue;
      const t = traffic(open[0]!.id);
      sites.push({ siteId, hosts: open, cost: t.mbpsMs, wan: t.wanMbps });
    }
    // A host's own site first unless the operator lets its VMs go anywhere.
    const home = (siteId: string) => (siteId === homeSite ? 0 : 1);
    sites.sort(
      (a, b) =>
        home(a.siteId) - home(b.siteId) ||
        a.cost - b.cost ||
        a.wan - b.wan ||
        (a.siteId < b.siteId ? -1 : 1),
    );
    if (!sites.length) {
      unplaced.push({
        vmId: vm.id,
        fromHost: vm.hostId,
        reasons: [
          {
            code: 'no-room',
            message: `no host ${where} has room for ${vm.vcpu} vCPU and ${vm.memoryGiB} GiB${
              load.diskGiB ? ` and ${load.diskGiB} GiB of local disk` : ''
            }`,
          },
        ],
      });
      continue;
    }
    let tried = 0;
    let firstRefusal: AdmissionReason[] | null = null;
    let placedOn: string | null = null;
    search: for (const site of sites) {
      const ranked = site.hosts
        .map((h) => ({
          id: h.id,
          cost: traffic(h.id).mbpsMs,
          freeMemory:
            (h.role === 'host' ? (h.capacity?.memoryGiB ?? 0) : 0) - plan.load(h.id).memoryGiB,
        }))
        .sort((a, b) => a.cost - b.cost || b.freeMemory - a.freeMemory || byId(a, b));
      for (const candidate of ranked) {
        if (tried++ >= attempts) break search;
        const refused = plan.tryMove(vm, candidate.id);
        if (!refused) {
          placedOn = candidate.id;
          break search;
        }
        firstRefusal ??= refused;
        if (refused.some((r) => SITE_WIDE.has(r.code))) continue search;
      }
    }
    if (placedOn !== null) place(vm, placedOn, false);
    else
      unplaced.push({
        vmId: vm.id,
        fromHost: vm.hostId,
        reasons: firstRefusal?.map(reasonOf) ?? [
          { code: 'no-admissible-host', message: `no host was tried within ${attempts} attempts` },
        ],
      });
  }

  const admitted = moves.length === 0 || admitPlacement(index, plan.placement).admitted;
  return {
    ok: true,
    proposal: {
      request: req,
      moves,
      unplaced,
      admitted,
      summary: evacuationSummary(engine, leaving, new Map(moves.map((m) => [m.vmId, m.toHost]))),
    },
  };
}
