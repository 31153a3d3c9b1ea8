/**
 * The underlay path of one direction of a flow, given where each end is and
 * how its traffic is anchored (R6, R8, R17). Bridged traffic (both ends in one
 * L2 domain) goes host to host. Routed traffic leaves at the source's exit
 * gateway, crosses the WAN to the destination's entry gateway, and reaches the
 * destination from there: through a tunnel when the entry gateway is not in
 * the destination's site (PMIP's binding, an agent, a stretched segment).
 *
 * Each leg is routed or tunnelled. A gateway that routes the flow's own
 * packets (any gateway on a routed leg, and a tunnel's gateway ends) must
 * speak the flow's address family; gateways inside a tunnel only see its
 * outer header. `nativeGateways` lists the former for the family check.
 */
import type { UnderlayPath } from '../routing/underlay.ts';
import { entrySiteFor, type TrafficAnchor } from '../strategies/types.ts';
import type { ImpactEngine } from './engine.ts';

/** One end of a flow direction: a VM where it runs, or an external prefix. */
export type FlowEnd =
  | { kind: 'vm'; vmId: string; hostId: string; siteId: string; anchor: TrafficAnchor }
  | { kind: 'prefix'; prefix: string };

export interface DirectedPath {
  path: UnderlayPath;
  /** Gateways that forward the flow's packets by their own addresses, in path order. */
  nativeGateways: string[];
}

interface Leg {
  from: string;
  to: string;
  tunnel: boolean;
}

/** Joins paths that meet end to start (at a gateway). */
export function joinPaths(parts: readonly UnderlayPath[]): UnderlayPath {
  const [first, ...rest] = parts;
  let p = first!;
  for (const b of rest) {
    p = {
      devices: [...p.devices, ...b.devices.slice(1)],
      links: [...p.links, ...b.links],
      hops: p.hops + b.hops,
      cost: p.cost + b.cost,
      latencyMs: Math.round((p.latencyMs + b.latencyMs) * 1000) / 1000,
      ecmpWidth: p.ecmpWidth * b.ecmpWidth,
      bottleneck:
        !p.bottleneck || (b.bottleneck && b.bottleneck.utilisation > p.bottleneck.utilisation)
          ? b.bottleneck
          : p.bottleneck,
      wanLinks: [...p.wanLinks, ...b.wanLinks],
    };
  }
  return p;
}

/** The same path walked the other way. */
export function reversePath(p: UnderlayPath): UnderlayPath {
  return {
    ...p,
    devices: [...p.devices].reverse(),
    links: [...p.links].reverse(),
    wanLinks: [...p.wanLinks].reverse(),
  };
}

function legs(engine: ImpactEngine, from: FlowEnd, to: FlowEnd): Leg[] | undefined {
  const gw = (siteId: string) => engine.index.gatewayBySite.get(siteId)?.id;
  const out: Leg[] = [];
  let at: string | undefined;
  if (from.kind === 'vm') {
    at = from.hostId;
    const { exitSiteId, tunnelEnd } = from.anchor;
    if (exitSiteId !== from.siteId) {
      const exit = gw(exitSiteId);
      const local = gw(from.siteId);
      if (!exit || (tunnelEnd === 'gateway' && !local)) return undefined;
      if (tunnelEnd === 'gateway') {
        out.push({ from: at, to: local!, tunnel: false });
        out.push({ from: local!, to: exit, tunnel: true });
      } else out.push({ from: at, to: exit, tunnel: true });
      at = exit;
    }
  }
  if (to.kind === 'prefix') {
    // Out of the estate at the exit gateway; what lies beyond is outside the model.
    const exit = from.kind === 'vm' ? gw(from.anchor.exitSiteId) : undefined;
    if (!exit || !at) return undefined;
    if (at !== exit) out.push({ from: at, to: exit, tunnel: false });
    return out;
  }
  const { tunnelEnd } = to.anchor;
  const entrySiteId = entrySiteFor(
    to.anchor,
    to.siteId,
    from.kind === 'vm' ? from.anchor.exitSiteId : undefined,
  );
  const entry = entrySiteId !== to.siteId ? gw(entrySiteId) : undefined;
  if (entrySiteId !== to.siteId && !entry) return undefined;
  // From outside, traffic arrives at the gateway that advertises the route to the VM.
  if (from.kind === 'prefix') at = entry ?? gw(to.siteId);
  if (!at) return undefined;
  if (!entry) {
    out.push({ from: at, to: to.hostId, tunnel: false });
    return out;
  }
  if (at !== entry) out.push({ from: at, to: entry, tunnel: false });
  if (tunnelEnd === 'gateway') {
    const local = gw(to.siteId);
    if (!local) return undefined;
    out.push({ from: entry, to: local, tunnel: true });
    out.push({ from: local, to: to.hostId, tunnel: false });
  } else out.push({ from: entry, to: to.hostId, tunnel: true });
  return out;
}

/**
 * The path of the flow direction `from` → `to`, or undefined when none
 * exists (no gateway where one is needed, or the underlay is cut).
 */
export function directedPath(
  engine: ImpactEngine,
  from: FlowEnd,
  to: FlowEnd,
  flowKey: string,
): DirectedPath | undefined {
  const { routing, index } = engine;
  if (
    from.kind === 'vm' &&
    to.kind === 'vm' &&
    from.anchor.domain !== null &&
    from.anchor.domain === to.anchor.domain
  ) {
    const path = routing.hostPath(from.hostId, to.hostId, flowKey);
    return path && { path, nativeGateways: [] };
  }
  const plan = legs(engine, from, to);
  if (!plan?.length) return undefined;
  const parts: UnderlayPath[] = [];
  const native: string[] = [];
  const isGateway = (id: string) => index.devices.get(id)?.role === 'gateway';
  for (const leg of plan) {
    const p = routing.hostPath(leg.from, leg.to, flowKey);
    if (!p) return undefined;
    parts.push(p);
    const seen = leg.tunnel ? [leg.from, leg.to] : p.devices;
    for (const d of seen) if (isGateway(d) && native.at(-1) !== d) native.push(d);
  }
  return { path: joinPaths(parts), nativeGateways: native };
}
