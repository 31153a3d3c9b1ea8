/**
 * Every flow of the moved VMs, routed before and after the move (R8, R17):
 * the underlay path, its hops, latency, ECMP width and bottleneck, the stretch,
 * and tromboning when the traffic hairpins through a site neither end is in.
 */
import type { Flow } from '../model/flow.ts';
import type { UnderlayPath } from '../routing/underlay.ts';
import type { TrafficAnchor } from '../strategies/types.ts';
import type { ImpactEngine } from './engine.ts';
import type { FlowImpact, PathSummary } from './report.ts';

function summary(p: UnderlayPath | undefined): PathSummary | null {
  if (!p) return null;
  return {
    devices: p.devices,
    hops: p.hops,
    latencyMs: p.latencyMs,
    ecmpWidth: p.ecmpWidth,
    bottleneckUtilisation: p.bottleneck?.utilisation ?? 0,
    wanLinks: p.wanLinks,
  };
}

/** Joins two paths that meet at one device (the home gateway). */
function join(a: UnderlayPath, b: UnderlayPath): UnderlayPath {
  return {
    devices: [...a.devices, ...b.devices.slice(1)],
    links: [...a.links, ...b.links],
    hops: a.hops + b.hops,
    cost: a.cost + b.cost,
    latencyMs: Math.round((a.latencyMs + b.latencyMs) * 1000) / 1000,
    ecmpWidth: a.ecmpWidth * b.ecmpWidth,
    bottleneck:
      !a.bottleneck || (b.bottleneck && b.bottleneck.utilisation > a.bottleneck.utilisation)
        ? b.bottleneck
        : a.bottleneck,
    wanLinks: [...a.wanLinks, ...b.wanLinks],
  };
}

function reverse(p: UnderlayPath): UnderlayPath {
  return {
    ...p,
    devices: [...p.devices].reverse(),
    links: [...p.links].reverse(),
    wanLinks: [...p.wanLinks].reverse(),
  };
}

export interface FlowRoutingInput {
  flow: Flow;
  /** The moved VM this flow belongs to (its src or its dst). */
  vmId: string;
  /** Where every VM runs after the move: vmId → hostId for moved VMs. */
  placement: ReadonlyMap<string, string>;
  /** How each moved VM's traffic is anchored after the move. */
  anchors: ReadonlyMap<string, TrafficAnchor>;
  /** The site each moved VM leaves. */
  origins: ReadonlyMap<string, string>;
}

/** A path from one host to another, or out to an external prefix, through a home gateway when the anchor says so. */
function route(
  engine: ImpactEngine,
  fromHost: string,
  to: { host: string } | { external: true },
  anchor: TrafficAnchor,
  key: string,
): UnderlayPath | undefined {
  const r = engine.routing;
  if (anchor.kind === 'direct')
    return 'host' in to ? r.hostPath(fromHost, to.host, key) : r.externalPath(fromHost, key);
  const home = engine.index.gatewayBySite.get(anchor.homeSiteId);
  if (!home) return undefined;
  // VM → foreign gateway → WAN → home gateway (hostPath accepts any transit device as an end), then onward.
  const toHome = r.hostPath(fromHost, home.id, key);
  if (!toHome) return undefined;
  if (!('host' in to)) return toHome;
  const onward = r.hostPath(to.host, home.id, key);
  return onward && join(toHome, reverse(onward));
}

export function routeFlow(engine: ImpactEngine, input: FlowRoutingInput): FlowImpact {
  const { flow, vmId, placement, anchors, origins } = input;
  const { vms } = engine.index;
  const hostOf = (id: string, after: boolean) =>
    after ? (placement.get(id) ?? vms.get(id)?.hostId) : vms.get(id)?.hostId;
  const direct: TrafficAnchor = { kind: 'direct' };
  const path = (after: boolean) => {
    const src = hostOf(flow.src, after);
    if (!src) return undefined;
    const srcAnchor = after ? (anchors.get(flow.src) ?? direct) : direct;
    if (flow.dst.kind === 'prefix')
      return route(engine, src, { external: true }, srcAnchor, flow.id);
    const dst = hostOf(flow.dst.vmId, after);
    if (!dst) return undefined;
    const dstAnchor = after ? (anchors.get(flow.dst.vmId) ?? direct) : direct;
    // The anchored end decides the detour; the path is symmetric, so route from it.
    if (dstAnchor.kind !== 'direct' && srcAnchor.kind === 'direct')
      return route(engine, dst, { host: src }, dstAnchor, flow.id);
    return route(engine, src, { host: dst }, srcAnchor, flow.id);
  };
  const before = path(false);
  const after = path(true);
  const siteOf = (d: string) => engine.routing.siteOf(d);
  // Tromboning: after the move the traffic still passes through the site the VM left,
  // though neither end is there (transit through a third site on the WAN's shortest path is not).
  let tromboneVia: string | null = null;
  const origin = origins.get(vmId);
  if (after && origin) {
    const endSites = new Set([siteOf(after.devices[0]!), siteOf(after.devices.at(-1)!)]);
    if (!endSites.has(origin) && after.devices.some((d) => siteOf(d) === origin))
      tromboneVia = origin;
  }
  return {
    flowId: flow.id,
    vmId,
    peer: flow.src === vmId ? (flow.dst.kind === 'vm' ? flow.dst.vmId : flow.dst.prefix) : flow.src,
    rateMbps: flow.rateMbps,
    before: summary(before),
    after: summary(after),
    stretch:
      before && after && before.latencyMs > 0
        ? Math.round((after.latencyMs / before.latencyMs) * 1000) / 1000
        : before && after
          ? 1
          : null,
    tromboneVia,
  };
}
