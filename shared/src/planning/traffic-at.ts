/**
 * What a VM's traffic would cost on a given host: each of its flows routed
 * from there to the flow's other end (a peer VM's host, or out of the site's
 * gateway for an external prefix), weighed by the flow's rate. Estate-scale
 * planning (evacuate.ts) ranks candidate hosts by it: the rate-weighted
 * latency grows with every millisecond a busy flow is stretched, so the
 * lowest is the placement nearest the VM's peers, and WAN-crossing traffic,
 * whose paths are milliseconds instead of microseconds, is what it avoids first.
 */
import type { ImpactEngine } from '../impact/engine.ts';
import { flowPeer, type Flow } from '../model/flow.ts';

/** A VM's traffic from one host. */
export interface TrafficAt {
  /** Σ rate × path latency over the flows counted, Mbit/s · ms. */
  mbpsMs: number;
  /** The rate of the counted flows whose path crosses a WAN link, Mbit/s. */
  wanMbps: number;
  /** The rate of the flows counted, Mbit/s. */
  rateMbps: number;
  /** Flows with no path from the host (their rate is in none of the above). */
  unreachable: number;
}

/**
 * Where the other end of a VM's flow runs: a host id, or undefined when it is
 * not known yet (a VM of the same proposal not placed yet): such a flow is
 * left out.
 */
export type HostOfVm = (vmId: string) => string | undefined;

/** The traffic of `vmId`'s flows if it ran on `hostId`, its peers where `hostOf` says. */
export function trafficAt(
  engine: ImpactEngine,
  vmId: string,
  hostId: string,
  hostOf: HostOfVm,
): TrafficAt {
  const out: TrafficAt = { mbpsMs: 0, wanMbps: 0, rateMbps: 0, unreachable: 0 };
  for (const flow of engine.index.flowsByVm.get(vmId) ?? []) {
    const path = flowPath(engine, flow, vmId, hostId, hostOf);
    if (path === undefined) continue;
    if (path === null) {
      out.unreachable++;
      continue;
    }
    out.rateMbps += flow.rateMbps;
    out.mbpsMs += flow.rateMbps * path.latencyMs;
    if (path.wanLinks.length > 0) out.wanMbps += flow.rateMbps;
  }
  return out;
}

/**
 * The path of `flow` with `vmId` on `hostId`: undefined when its other end is
 * not placed yet (or is the VM itself), null when there is no path.
 */
export function flowPath(
  engine: ImpactEngine,
  flow: Flow,
  vmId: string,
  hostId: string,
  hostOf: HostOfVm,
) {
  if (flow.dst.kind === 'prefix') return engine.routing.externalPath(hostId, flow.id) ?? null;
  const peer = flowPeer(flow, vmId);
  if (peer === null || peer === vmId) return undefined;
  const peerHost = hostOf(peer);
  if (peerHost === undefined) return undefined;
  return engine.routing.hostPath(hostId, peerHost, flow.id) ?? null;
}

/** A flow routed from its source VM, with every VM where `hostOf` says. */
export interface FlowLeg {
  rate: number;
  latencyMs: number;
  /** Its path crosses a WAN link. */
  wan: boolean;
}

/** `flow` from its source VM's host, or null when an end is not placed or there is no path. */
export function flowLeg(engine: ImpactEngine, flow: Flow, hostOf: HostOfVm): FlowLeg | null {
  const from = hostOf(flow.src);
  if (from === undefined) return null;
  const path = flowPath(engine, flow, flow.src, from, hostOf);
  if (!path) return null;
  return { rate: flow.rateMbps, latencyMs: path.latencyMs, wan: path.wanLinks.length > 0 };
}

/** The flows with a VM of `vms` at an end, each once. */
export function flowsOfVms(engine: ImpactEngine, vms: readonly { id: string }[]): Flow[] {
  const flows = new Map<string, Flow>();
  for (const vm of vms) for (const f of engine.index.flowsByVm.get(vm.id) ?? []) flows.set(f.id, f);
  return [...flows.values()];
}

/**
 * `flows` with every VM where `hostOf` says: their rate over a WAN link, Mbit/s, and their
 * rate-weighted mean path latency, ms (of the flows with a path; 0 when none has one).
 */
export function flowsTraffic(
  engine: ImpactEngine,
  flows: readonly Flow[],
  hostOf: HostOfVm,
): { wanMbps: number; meanLatencyMs: number } {
  let wanMbps = 0;
  let weighted = 0;
  let rate = 0;
  for (const f of flows) {
    const leg = flowLeg(engine, f, hostOf);
    if (!leg) continue;
    if (leg.wan) wanMbps += leg.rate;
    weighted += leg.rate * leg.latencyMs;
    rate += leg.rate;
  }
  return { wanMbps, meanLatencyMs: rate ? weighted / rate : 0 };
}

/**
 * Path latency between sites at site scale, ms: from each site's first up host
 * (by id) to the other's, and out of its gateway (`external`). Inside a site
 * hosts differ by microseconds, sites by milliseconds, so a VM's traffic cost
 * per site is a sum over its flows with no routing per host: what ranks
 * thousands of VMs for a move between sites. Infinity where there is no path.
 */
export interface SiteLatencies {
  siteIds: readonly string[];
  /** Site id → its position in `siteIds`. */
  position: ReadonlyMap<string, number>;
  /** `between[a * n + b]`, n = siteIds.length. */
  between: Float64Array;
  external: Float64Array;
}

export function siteLatencies(engine: ImpactEngine, siteIds: readonly string[]): SiteLatencies {
  const n = siteIds.length;
  const first = siteIds.map(
    (id) =>
      (engine.index.hostsBySite.get(id) ?? [])
        .filter((h) => h.role === 'host' && h.state === 'up')
        .map((h) => h.id)
        .sort()[0],
  );
  const between = new Float64Array(n * n).fill(Infinity);
  const external = new Float64Array(n).fill(Infinity);
  for (let a = 0; a < n; a++) {
    const x = first[a];
    if (x === undefined) continue;
    external[a] = engine.routing.externalPath(x, 'site-latency')?.latencyMs ?? Infinity;
    for (let b = 0; b < n; b++) {
      const y = first[b];
      if (y !== undefined)
        between[a * n + b] = engine.routing.hostPath(x, y, 'site-latency')?.latencyMs ?? Infinity;
    }
  }
  return { siteIds, position: new Map(siteIds.map((id, i) => [id, i])), between, external };
}

/**
 * Σ rate × site-scale latency of `vmId`'s flows if it ran in each site (by
 * position in `latencies.siteIds`), its peers in the sites of where `hostOf`
 * says; a peer outside those sites or not placed is left out.
 */
export function trafficPerSite(
  engine: ImpactEngine,
  vmId: string,
  hostOf: HostOfVm,
  latencies: SiteLatencies,
): Float64Array {
  const n = latencies.siteIds.length;
  const cost = new Float64Array(n);
  for (const flow of engine.index.flowsByVm.get(vmId) ?? []) {
    if (flow.dst.kind === 'prefix') {
      for (let s = 0; s < n; s++) cost[s]! += flow.rateMbps * latencies.external[s]!;
      continue;
    }
    const peer = flowPeer(flow, vmId);
    if (peer === null || peer === vmId) continue;
    const peerHost = hostOf(peer);
    const peerSite =
      peerHost === undefined ? undefined : engine.index.devices.get(peerHost)?.siteId;
    const p = peerSite === undefined ? undefined : latencies.position.get(peerSite);
    if (p === undefined) continue;
    for (let s = 0; s < n; s++) cost[s]! += flow.rateMbps * latencies.between[s * n + p]!;
  }
  return cost;
}

/** `trafficPerSite` of each VM asked for, kept until one of its peers moves (`moved`). */
export class SiteTrafficIndex {
  private readonly costs = new Map<string, Float64Array>();
  constructor(
    private readonly engine: ImpactEngine,
    private readonly hostOf: HostOfVm,
    readonly latencies: SiteLatencies,
  ) {}

  of(vmId: string): Float64Array {
    let c = this.costs.get(vmId);
    if (!c)
      this.costs.set(vmId, (c = trafficPerSite(this.engine, vmId, this.hostOf, this.latencies)));
    return c;
  }

  /** `vmId` changed site: its peers' costs are stale. */
  moved(vmId: string): void {
    this.costs.delete(vmId);
    for (const flow of this.engine.index.flowsByVm.get(vmId) ?? []) {
      const peer = flowPeer(flow, vmId);
      if (peer !== null) this.costs.delete(peer);
    }
  }
}
