/**
 * One site's underlay as a compact graph for routing (R3). Nodes are the
 * switches and the gateway; hosts are leaves attached to their switches,
 * except in a server-centric BCube site, where servers relay traffic and so
 * are nodes too. Adjacency is stored as CSR typed arrays.
 *
 * A DC gateway is a node that ends traffic but does not relay it inside the
 * site: it is the site's way out, not part of its fabric, so a path between
 * two devices of one site never runs through it while the fabric offers a
 * path (a stub router, as an OSPF router advertising RFC 6987's maximum
 * metric on its transit links, or an IS-IS router with the overload bit). It
 * keeps one distance vector, toward itself, so host-to-gateway segments cost
 * no more state than before.
 */
import type { Device } from '../model/device.ts';
import type { Estate } from '../model/estate.ts';
import type { Link } from '../model/link.ts';

export interface Attachment {
  /** Transit node index the host hangs off. */
  node: number;
  cost: number;
  linkIndex: number;
}

export interface SiteGraph {
  siteId: string;
  /** Node index → device. */
  nodes: Device[];
  indexOf: Map<string, number>;
  /** CSR: the neighbours of node u are targets[offsets[u] .. offsets[u+1]). */
  offsets: Int32Array;
  targets: Int32Array;
  costs: Int32Array;
  /** Index into `links` of each directed edge, so a link's state can be read. */
  edgeLink: Int32Array;
  links: Link[];
  linkIndexOf: Map<string, number>;
  /** 1 = up, 0 = down, per link; a down device downs its links. */
  linkUp: Uint8Array;
  nodeUp: Uint8Array;
  /** 1 where the node forwards traffic between two others; 0 for a stub (a gateway), which only ends it. */
  relays: Uint8Array;
  /** The stub nodes, in node order: a path transits one only when the fabric offers none. */
  stubs: number[];
  /** Leaf hosts' attachments; hosts that are nodes (BCube) are not here. */
  attachments: Map<string, Attachment[]>;
  /** The site's way out to the WAN and external prefixes: its first gateway. */
  gatewayNode: number | undefined;
  /** Bumped on every link or node state change, so caches of derived figures (path counts) know when they are stale. */
  version: number;
  /** The cost every edge shares, or 0 when costs differ: then SPF can be a breadth-first search. */
  uniformCost: number;
}

/** Whether hosts forward others' traffic (BCube is server-centric). */
export function hostsAreTransit(estate: Estate, siteId: string): boolean {
  return estate.sites.find((s) => s.id === siteId)?.topology.kind === 'bcube';
}

/** Whether a device of a site graph forwards traffic between two others: every node but a gateway. */
export function relaysInSite(device: Device): boolean {
  return device.role !== 'gateway';
}

export function buildSiteGraph(estate: Estate, siteId: string): SiteGraph {
  const transitHosts = hostsAreTransit(estate, siteId);
  const devices = estate.devices.filter((d) => d.siteId === siteId);
  const nodes = devices.filter((d) => d.role !== 'host' || transitHosts);
  const leafHosts = devices.filter((d) => d.role === 'host' && !transitHosts);
  return buildGraph(siteId, nodes, leafHosts, estate.links, relaysInSite);
}

/** The WAN as a graph of gateways joined by WAN links (R12); there gateways relay, as the WAN's routers. */
export function buildWanGraph(estate: Estate): SiteGraph {
  const gateways = estate.devices.filter((d) => d.role === 'gateway');
  return buildGraph('wan', gateways, [], estate.wanLinks);
}

/**
 * A graph over `nodes`, with `leafHosts` attached; links touching neither are
 * ignored. `relays` says which nodes forward traffic between others (all by default).
 */
export function buildGraph(
  siteId: string,
  nodes: Device[],
  leafHosts: Device[],
  allLinks: readonly Link[],
  relays: (device: Device) => boolean = () => true,
): SiteGraph {
  const indexOf = new Map<string, number>();
  nodes.forEach((d, i) => indexOf.set(d.id, i));
  const hostUp = new Map<string, boolean>();
  for (const d of leafHosts) hostUp.set(d.id, d.state === 'up');
  const nodeUp = new Uint8Array(nodes.length);
  nodes.forEach((d, i) => (nodeUp[i] = d.state === 'up' ? 1 : 0));

  // One pass: keep links whose ends are both known; fabric links become CSR
  // edges, host links attachments. Integer ends are kept so that the CSR fill
  // needs no second round of id lookups (this runs for k=48 fat-trees).
  const links: Link[] = [];
  const up: number[] = [];
  const fabricA: number[] = [];
  const fabricB: number[] = [];
  const fabricLink: number[] = [];
  const attachments = new Map<string, Attachment[]>();
  const degree = new Int32Array(nodes.length + 1);
  for (const l of allLinks) {
    const a = indexOf.get(l.a);
    const b = indexOf.get(l.b);
    const aUp = a !== undefined ? nodeUp[a] === 1 : hostUp.get(l.a);
    const bUp = b !== undefined ? nodeUp[b] === 1 : hostUp.get(l.b);
    if (aUp === undefined || bUp === undefined) continue;
    const li = links.length;
    links.push(l);
    up.push(l.state === 'up' && aUp && bUp ? 1 : 0);
    if (a !== undefined && b !== undefined) {
      fabricA.push(a);
      fabricB.push(b);
      fabricLink.push(li);
      degree[a + 1]!++;
      degree[b + 1]!++;
    } else if (a !== undefined || b !== undefined) {
      const host = a === undefined ? l.a : l.b;
      const list = attachments.get(host);
      const att = { node: (a ?? b)!, cost: l.cost, linkIndex: li };
      if (list) list.push(att);
      else attachments.set(host, [att]);
    }
  }
  const linkIndexOf = new Map<string, number>();
  links.forEach((l, i) => linkIndexOf.set(l.id, i));
  const offsets = new Int32Array(nodes.length + 1);
  for (let i = 1; i <= nodes.length; i++) offsets[i] = offsets[i - 1]! + degree[i]!;
  const fill = offsets.slice(0, nodes.length);
  const targets = new Int32Array(offsets[nodes.length]!);
  const costs = new Int32Array(targets.length);
  const edgeLink = new Int32Array(targets.length);
  for (let f = 0; f < fabricA.length; f++) {
    const a = fabricA[f]!;
    const b = fabricB[f]!;
    const li = fabricLink[f]!;
    const cost = links[li]!.cost;
    let e = fill[a]!++;
    targets[e] = b;
    costs[e] = cost;
    edgeLink[e] = li;
    e = fill[b]!++;
    targets[e] = a;
    costs[e] = cost;
    edgeLink[e] = li;
  }
  const gw = nodes.findIndex((d) => d.role === 'gateway');
  const relayFlags = Uint8Array.from(nodes, (d) => (relays(d) ? 1 : 0));
  return {
    siteId,
    nodes,
    indexOf,
    offsets,
    targets,
    costs,
    edgeLink,
    links,
    linkIndexOf,
    linkUp: Uint8Array.from(up),
    nodeUp,
    relays: relayFlags,
    stubs: nodes.flatMap((_, i) => (relayFlags[i] === 1 ? [] : [i])),
    attachments,
    gatewayNode: gw >= 0 ? gw : undefined,
    version: 0,
    uniformCost: costs.length && costs.every((c) => c === costs[0]) ? costs[0]! : 0,
  };
}

/** Whether the directed edge e can carry traffic now. */
export function edgeUsable(g: SiteGraph, e: number): boolean {
  return g.linkUp[g.edgeLink[e]!] === 1 && g.nodeUp[g.targets[e]!] === 1;
}

/**
 * Whether the directed edge e can be the next hop toward the destination of
 * `dist`: usable now, and its far end relays traffic or is the destination
 * (a stub's distance says how far it is, not that others may go through it).
 */
export function nextHopUsable(g: SiteGraph, dist: Int32Array, e: number): boolean {
  const v = g.targets[e]!;
  return edgeUsable(g, e) && (g.relays[v] === 1 || dist[v] === 0);
}
