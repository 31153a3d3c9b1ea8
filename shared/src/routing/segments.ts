/**
 * The pieces a path is made of: an endpoint of a segment (a node, or a leaf
 * host on its attachments), a segment inside one site or over the WAN, and
 * the path that joins segments end to end (R3, R8).
 */
import type { Link } from '../model/link.ts';

export type RoutingMode = 'link-state' | 'two-level';

export interface UnderlayPath {
  /** Device ids from source to destination, hosts included. */
  devices: string[];
  /** Link ids in order (intra-site and WAN). */
  links: string[];
  hops: number;
  cost: number;
  latencyMs: number;
  /** How many equal-cost paths the flow could have taken (product over segments). */
  ecmpWidth: number;
  /** The most utilised link on the path, with its capacity. */
  bottleneck: { linkId: string; capacityGbps: number; utilisation: number } | undefined;
  /** WAN links crossed. */
  wanLinks: string[];
  /**
   * 'two-level' when a fat-tree's tables chose the intra-site path; 'link-state'
   * when a flow hash did. Optional so that callers composing paths need not set it.
   */
  routingMode?: RoutingMode;
}

/** Where a segment starts or ends: a node, or a leaf host on its attachments. */
export interface Endpoint {
  options: { node: number; cost: number; linkIndex: number }[];
  hostId?: string;
}

export interface Segment {
  devices: string[];
  links: Link[];
  cost: number;
  width: number;
  mode: RoutingMode;
}

/** A node as an endpoint. */
export function transit(node: number): Endpoint {
  return { options: [{ node, cost: 0, linkIndex: -1 }] };
}

/** Segments end to end as one path: costs add, ECMP widths multiply. */
export function joinSegments(segments: Segment[], wanLinks: string[]): UnderlayPath {
  const devices: string[] = [];
  const links: Link[] = [];
  let cost = 0;
  let width = 1;
  let routingMode: RoutingMode = 'link-state';
  for (const s of segments) {
    if (s.mode === 'two-level') routingMode = 'two-level';
    // Consecutive segments share their joining device (a gateway).
    devices.push(
      ...(devices.length && devices.at(-1) === s.devices[0] ? s.devices.slice(1) : s.devices),
    );
    links.push(...s.links);
    cost += s.cost;
    width *= s.width;
  }
  let bottleneck: UnderlayPath['bottleneck'];
  for (const l of links)
    if (
      !bottleneck ||
      l.utilisation > bottleneck.utilisation ||
      (l.utilisation === bottleneck.utilisation && l.capacityGbps < bottleneck.capacityGbps)
    )
      bottleneck = { linkId: l.id, capacityGbps: l.capacityGbps, utilisation: l.utilisation };
  return {
    devices,
    links: links.map((l) => l.id),
    hops: links.length,
    cost,
    latencyMs: Math.round(links.reduce((t, l) => t + l.latencyMs, 0) * 1000) / 1000,
    ecmpWidth: width,
    bottleneck,
    wanLinks,
    routingMode,
  };
}
