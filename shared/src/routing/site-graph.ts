/**
 * One site's underlay as a compact graph for routing (R3). Transit nodes are
 * the switches and the gateway; hosts are leaves attached to their switches,
 * except in a server-centric BCube site, where servers relay traffic and so
 * are transit nodes too. Adjacency is stored as CSR typed arrays.
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
  /** Transit node index → device. */
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
  /** Leaf hosts' attachments; transit hosts (BCube) are not here. */
  attachments: Map<string, Attachment[]>;
  gatewayNode: number | undefined;
  /** The cost every edge shares, or 0 when costs differ: then SPF can be a breadth-first search. */
  uniformCost: number;
}

/** Whether hosts forward others' traffic (BCube is server-centric). */
export function hostsAreTransit(estate: Estate, siteId: string): boolean {
  return estate.sites.find((s) => s.id === siteId)?.topology.kind === 'bcube';
}

export function buildSiteGraph(estate: Estate, siteId: string): SiteGraph {
  const transitHosts = hostsAreTransit(estate, siteId);
  const devices = estate.devices.filter((d) => d.siteId === siteId);
  const nodes = devices.filter((d) => d.role !== 'host' || transitHosts);
  const leafHosts = devices.filter((d) => d.role === 'host' && !transitHosts);
  return buildGraph(siteId, nodes, leafHosts, estate.links);
}

/** The WAN as a graph of gateways joined by WAN links (R12). */
export function buildWanGraph(estate: Estate): SiteGraph {
  const gateways = estate.devices.filter((d) => d.role === 'gateway');
  return buildGraph('wan', gateways, [], estate.wanLinks);
}

/** A graph over transit `nodes`, with `leafHosts` attached; links touching neither are ignored. */
export function buildGraph(
  siteId: string,
  nodes: Device[],
  leafHosts: Device[],
  allLinks: readonly Link[],
): SiteGraph {
  const indexOf = new Map(nodes.map((d, i) => [d.id, i]));
  const hostIds = new Set(leafHosts.map((d) => d.id));
  const deviceUp = new Map([...nodes, ...leafHosts].map((d) => [d.id, d.state === 'up']));

  const links: Link[] = [];
  const fabric: Link[] = [];
  const attachments = new Map<string, Attachment[]>();
  for (const l of allLinks) {
    if (!deviceUp.has(l.a) || !deviceUp.has(l.b)) continue;
    links.push(l);
    const a = indexOf.get(l.a);
    const b = indexOf.get(l.b);
    if (a !== undefined && b !== undefined) fabric.push(l);
    else {
      const [host, sw] = hostIds.has(l.a) ? [l.a, b] : [l.b, a];
      if (sw === undefined || !hostIds.has(host)) continue;
      const list = attachments.get(host) ?? [];
      list.push({ node: sw, cost: l.cost, linkIndex: links.length - 1 });
      attachments.set(host, list);
    }
  }
  const linkIndexOf = new Map(links.map((l, i) => [l.id, i]));
  const degree = new Int32Array(nodes.length + 1);
  for (const l of fabric) {
    degree[indexOf.get(l.a)! + 1]!++;
    degree[indexOf.get(l.b)! + 1]!++;
  }
  const offsets = new Int32Array(nodes.length + 1);
  for (let i = 1; i <= nodes.length; i++) offsets[i] = offsets[i - 1]! + degree[i]!;
  const fill = offsets.slice(0, nodes.length);
  const targets = new Int32Array(offsets[nodes.length]!);
  const costs = new Int32Array(targets.length);
  const edgeLink = new Int32Array(targets.length);
  for (const l of fabric) {
    const a = indexOf.get(l.a)!;
    const b = indexOf.get(l.b)!;
    const li = linkIndexOf.get(l.id)!;
    for (const [u, v] of [
      [a, b],
      [b, a],
    ] as const) {
      const e = fill[u]!++;
      targets[e] = v;
      costs[e] = l.cost;
      edgeLink[e] = li;
    }
  }
  const linkUp = new Uint8Array(
    links.map((l) => (l.state === 'up' && deviceUp.get(l.a) && deviceUp.get(l.b) ? 1 : 0)),
  );
  const nodeUp = new Uint8Array(nodes.map((d) => (d.state === 'up' ? 1 : 0)));
  const gw = nodes.findIndex((d) => d.role === 'gateway');
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
    linkUp,
    nodeUp,
    attachments,
    gatewayNode: gw >= 0 ? gw : undefined,
    uniformCost: costs.length && costs.every((c) => c === costs[0]) ? costs[0]! : 0,
  };
}

/** Whether the directed edge e can carry traffic now. */
export function edgeUsable(g: SiteGraph, e: number): boolean {
  return g.linkUp[g.edgeLink[e]!] === 1 && g.nodeUp[g.targets[e]!] === 1;
}
