/**
 * Every flow of the moved VMs, routed before and after the move in each
 * direction (R8, R12, R17): outbound from the moved VM to its peer, inbound
 * from the peer to it. The two differ once the move changes where the VM's
 * traffic leaves and where its route is advertised (flow-paths.ts). For each
 * direction: the underlay path, its hops, latency, ECMP width and bottleneck;
 * the latency added in ms and the ratio; and tromboning when the traffic
 * hairpins through the site the VM left though neither end is there.
 */
import { perIndex } from '../addressing/per-index.ts';
import { flowPeer, type Flow } from '../model/flow.ts';
import { l2DomainKey } from '../model/validate.ts';
import { cidrFamily, type IpFamily } from '../net/ip.ts';
import type { UnderlayPath } from '../routing/underlay.ts';
import type { TrafficAnchor } from '../strategies/types.ts';
import type { ImpactEngine } from './engine.ts';
import { flowFamilies, type NativeGateway } from './flow-families.ts';
import { directedPath, reversePath, type DirectedPath, type FlowEnd } from './flow-paths.ts';
import type { FlowDirection, FlowImpact, PathSummary } from './report.ts';

/** A moved VM's addresses and network after the move. */
export interface AddressesAfter {
  ipv4: string | null;
  ipv6: string | null;
  networkId: string;
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
  /** Each moved VM's addresses after the move. */
  addresses: ReadonlyMap<string, AddressesAfter>;
}

/** Both directions of a flow at one moment: outbound (moved VM → peer) and inbound. */
export interface FlowPaths {
  outbound: DirectedPath | undefined;
  inbound: DirectedPath | undefined;
}

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

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A direction whose legs retrace the other's: both ends leave and enter at one site, whoever sends. */
const symmetric = (e: FlowEnd) =>
  e.kind === 'prefix' ||
  (e.anchor.exitSiteId === e.anchor.entrySiteId &&
    (!e.anchor.directEntrySiteIds?.length || e.anchor.entrySiteId === e.siteId));

function reversed(d: DirectedPath | undefined): DirectedPath | undefined {
  return d && { path: reversePath(d.path), nativeGateways: [...d.nativeGateways].reverse() };
}

/** The paths of both directions between two ends. */
export function flowPaths(
  engine: ImpactEngine,
  vmEnd: FlowEnd,
  peer: FlowEnd,
  flowKey: string,
): FlowPaths {
  const outbound = directedPath(engine, vmEnd, peer, flowKey);
  const inbound =
    symmetric(vmEnd) && symmetric(peer)
      ? reversed(outbound)
      : directedPath(engine, peer, vmEnd, `${flowKey}:in`);
  return { outbound, inbound };
}

function direction(
  engine: ImpactEngine,
  before: DirectedPath | undefined,
  after: DirectedPath | undefined,
  origin: string | undefined,
  endSites: readonly (string | undefined)[],
): FlowDirection {
  const b = before?.path;
  const a = after?.path;
  let tromboneVia: string | null = null;
  // Transit through a third site on the WAN's shortest path is not tromboning; the site the VM left is.
  // A path that never crosses the WAN stays in one site, an end's.
  if (a && origin && a.wanLinks.length > 0 && !endSites.includes(origin))
    if (a.devices.some((d) => engine.routing.siteOf(d) === origin)) tromboneVia = origin;
  return {
    before: summary(b),
    after: summary(a),
    addedMs: a && b ? round3(a.latencyMs - b.latencyMs) : null,
    stretch: a && b ? (b.latencyMs > 0 ? round3(a.latencyMs / b.latencyMs) : 1) : null,
    tromboneVia,
  };
}

/** Prefix and network families, parsed once per estate index (the preview runs on every drag frame). */
const familyCache = perIndex(() => ({
  prefixes: new Map<string, IpFamily>(),
  networks: new Map<string, IpFamily[]>(),
}));

const familiesOf = (a: { ipv4?: string | null; ipv6?: string | null }): IpFamily[] => [
  ...(a.ipv4 ? (['ipv4'] as const) : []),
  ...(a.ipv6 ? (['ipv6'] as const) : []),
];

function native(engine: ImpactEngine, p: FlowPaths): NativeGateway[] {
  const stack = (id: string) => engine.index.devices.get(id)?.stack;
  return [
    ...(p.outbound?.nativeGateways ?? []).map((id) => ({
      id,
      stack: stack(id),
      direction: 'outbound' as const,
    })),
    ...(p.inbound?.nativeGateways ?? []).map((id) => ({
      id,
      stack: stack(id),
      direction: 'inbound' as const,
    })),
  ];
}

/**
 * The flow routed before and after the move, each way. `beforeCache` keeps
 * the paths before the move, which do not depend on the strategy, across the
 * strategies one preview compares.
 */
export function routeFlow(
  engine: ImpactEngine,
  input: FlowRoutingInput,
  beforeCache?: Map<string, FlowPaths>,
): FlowImpact {
  const { flow, vmId, placement, anchors, origins, addresses } = input;
  const { vms, networks } = engine.index;
  const peerId = flowPeer(flow, vmId);
  const prefix = flow.dst.kind === 'prefix' ? flow.dst.prefix : null;

  const vmEndAt = (id: string, after: boolean): FlowEnd | undefined => {
    const v = vms.get(id);
    const hostId = after ? (placement.get(id) ?? v?.hostId) : v?.hostId;
    const siteId = hostId && engine.routing.siteOf(hostId);
    const network = v && networks.get(v.networkId);
    if (!v || !hostId || !siteId || !network) return undefined;
    const anchor: TrafficAnchor = (after && anchors.get(id)) || {
      exitSiteId: siteId,
      entrySiteId: siteId,
      tunnelEnd: 'host',
      domain: l2DomainKey(network, siteId),
    };
    return { kind: 'vm', vmId: id, hostId, siteId, anchor };
  };
  const peerEnd = (after: boolean): FlowEnd | undefined =>
    prefix !== null ? { kind: 'prefix', prefix } : peerId ? vmEndAt(peerId, after) : undefined;
  const pathsAt = (after: boolean): FlowPaths => {
    const a = vmEndAt(vmId, after);
    const b = peerEnd(after);
    return a && b ? flowPaths(engine, a, b, flow.id) : { outbound: undefined, inbound: undefined };
  };

  let before = beforeCache?.get(`${flow.id}|${vmId}`);
  if (!before) {
    before = pathsAt(false);
    beforeCache?.set(`${flow.id}|${vmId}`, before);
  }
  const after = pathsAt(true);
  const vmAfter = vmEndAt(vmId, true);
  const peerAfter = peerEnd(true);
  const endSites = [vmAfter, peerAfter].map((e) => (e?.kind === 'vm' ? e.siteId : undefined));
  const origin = origins.get(vmId);

  const vm = vms.get(vmId);
  const own = addresses.get(vmId);
  const peerVm = peerId ? vms.get(peerId) : undefined;
  const cache = familyCache(engine.index);
  let prefixFamily: IpFamily | undefined;
  if (prefix !== null) {
    prefixFamily = cache.prefixes.get(prefix);
    if (!prefixFamily) cache.prefixes.set(prefix, (prefixFamily = cidrFamily(prefix)));
  }
  const peerFamilies = (after: boolean): IpFamily[] =>
    prefixFamily
      ? [prefixFamily]
      : familiesOf((after && peerId && addresses.get(peerId)) || peerVm || {});
  const networkId = own?.networkId ?? vm?.networkId ?? '';
  let networkFamilies = cache.networks.get(networkId);
  if (!networkFamilies) {
    const subnets = networks.get(networkId)?.subnets ?? [];
    networkFamilies = [...new Set(subnets.map((s) => cidrFamily(s.cidr)))];
    cache.networks.set(networkId, networkFamilies);
  }
  const families = flowFamilies({
    vmId,
    vm: { before: familiesOf(vm ?? {}), after: familiesOf(own ?? vm ?? {}) },
    vmNetwork: { id: networkId, families: networkFamilies },
    peer: { before: peerFamilies(false), after: peerFamilies(true) },
    gateways: { before: native(engine, before), after: native(engine, after) },
  });

  return {
    flowId: flow.id,
    vmId,
    peer: peerId ?? prefix ?? '',
    rateMbps: flow.rateMbps,
    outbound: direction(engine, before.outbound, after.outbound, origin, endSites),
    inbound: direction(engine, before.inbound, after.inbound, origin, endSites),
    families,
  };
}
