/**
 * Underlay routing across an estate (R3, R8, R12): link-state shortest paths
 * with ECMP inside every site and over the WAN between DC gateways. A path
 * between hosts of two sites runs host → own gateway → WAN → far gateway → host.
 *
 * Inside a site a gateway ends traffic but does not relay it (site-graph.ts):
 * a path between two devices of one site stays in the fabric. Only when the
 * fabric offers no path, its parts being joined through a gateway alone, does
 * the path cross the cheapest gateway as a router, as an OSPF stub router
 * (RFC 6987) is still used for transit when no other path exists.
 *
 * A fat-tree site whose routingMode is 'two-level' routes host to host by the
 * Al-Fares tables (two-level.ts) instead of a per-flow hash, while the ECMP
 * width still counts every equal-cost path the fabric offers. When the table
 * path is cut (a link or switch down) or no longer shortest, the flow falls
 * back to the repaired link-state paths, as the paper's failure broadcast
 * (section 3.8) would steer it around the fault. docs/routing.md has the modes.
 */
import type { Estate } from '../model/estate.ts';
import { DistanceTable } from './distance-table.ts';
import { countShortestPaths, fnv1a, hashedPath } from './paths.ts';
import { UNREACHABLE } from './spf.ts';
import { buildSiteGraph, buildWanGraph, type SiteGraph } from './site-graph.ts';
import { tryBuildTwoLevelTables, usableTwoLevelPath, type TwoLevelTables } from './two-level.ts';
import {
  joinSegments,
  transit,
  type Endpoint,
  type RoutingMode,
  type Segment,
  type UnderlayPath,
} from './segments.ts';

export type { RoutingMode, UnderlayPath } from './segments.ts';

interface SiteRouting {
  graph: SiteGraph;
  table: DistanceTable;
  /** Present when the site routes by fat-tree two-level tables. */
  twoLevel?: TwoLevelTables;
}

export class UnderlayRouting {
  readonly sites = new Map<string, SiteRouting>();
  readonly wan: { graph: SiteGraph; table: DistanceTable };
  /** Sites set to 'two-level' that route link-state instead, with the reason (not a fat-tree, bad addressing). */
  readonly twoLevelFallbacks = new Map<string, string>();
  private readonly siteOfDevice = new Map<string, string>();

  /** Builds every site's graph and, unless `lazy`, the vectors toward every host attachment and gateway. */
  constructor(estate: Estate, opts: { lazy?: boolean } = {}) {
    for (const d of estate.devices) this.siteOfDevice.set(d.id, d.siteId);
    for (const site of estate.sites) {
      const graph = buildSiteGraph(estate, site.id);
      const table = new DistanceTable(graph);
      if (!opts.lazy) {
        const dests = new Set<number>();
        for (const atts of graph.attachments.values()) for (const a of atts) dests.add(a.node);
        graph.nodes.forEach((d, i) => (d.role === 'host' || d.role === 'gateway') && dests.add(i));
        table.precompute(dests);
      }
      this.sites.set(site.id, { graph, table, ...this.tablesFor(estate, site.id, graph) });
    }
    const wanGraph = buildWanGraph(estate);
    this.wan = { graph: wanGraph, table: new DistanceTable(wanGraph) };
  }

  private tablesFor(
    estate: Estate,
    siteId: string,
    graph: SiteGraph,
  ): { twoLevel?: TwoLevelTables } {
    if (estate.sites.find((s) => s.id === siteId)?.routingMode !== 'two-level') return {};
    const built = tryBuildTwoLevelTables(estate, siteId, graph);
    // A site whose tables cannot be built still routes (link-state); the reason is kept to show.
    if ('error' in built) this.twoLevelFallbacks.set(siteId, built.error);
    return 'tables' in built ? { twoLevel: built.tables } : {};
  }

  /** How a site routes now: 'two-level' only when its tables could be built. */
  routingModeOf(siteId: string): RoutingMode | undefined {
    const site = this.sites.get(siteId);
    return site && (site.twoLevel ? 'two-level' : 'link-state');
  }

  siteOf(deviceId: string): string | undefined {
    return this.siteOfDevice.get(deviceId);
  }

  /** The path a flow between two hosts takes, or undefined when none exists. */
  hostPath(srcHost: string, dstHost: string, flowKey: string): UnderlayPath | undefined {
    const sx = this.siteOfDevice.get(srcHost);
    const sy = this.siteOfDevice.get(dstHost);
    if (!sx || !sy) return undefined;
    if (srcHost === dstHost)
      return joinSegments(
        [{ devices: [srcHost], links: [], cost: 0, width: 1, mode: 'link-state' }],
        [],
      );
    if (sx === sy) {
      const from = this.hostEndpoint(sx, srcHost);
      const to = this.hostEndpoint(sx, dstHost);
      const seg = this.segment(sx, from, to, flowKey) ?? this.throughStub(sx, from, to, flowKey);
      return seg && joinSegments([seg], []);
    }
    return this.interSite(sx, srcHost, sy, dstHost, flowKey);
  }

  /** The path from a host out of its site's gateway toward an external prefix. */
  externalPath(srcHost: string, flowKey: string): UnderlayPath | undefined {
    const sx = this.siteOfDevice.get(srcHost);
    const site = sx && this.sites.get(sx);
    if (!site || site.graph.gatewayNode === undefined) return undefined;
    const seg = this.segment(
      sx,
      this.hostEndpoint(sx, srcHost),
      transit(site.graph.gatewayNode),
      flowKey,
    );
    return seg && joinSegments([seg], []);
  }

  /** Brings a link (intra-site or WAN) down or up; the routing state is repaired incrementally. */
  setLinkState(linkId: string, up: boolean): boolean {
    for (const { graph, table } of [...this.sites.values(), this.wan]) {
      const i = graph.linkIndexOf.get(linkId);
      if (i !== undefined) {
        table.setLinkUp(i, up);
        return true;
      }
    }
    return false;
  }

  /** Brings a device down or up: a transit node stops forwarding; a leaf host loses its links. */
  setDeviceState(deviceId: string, up: boolean): boolean {
    const siteId = this.siteOfDevice.get(deviceId);
    const site = siteId && this.sites.get(siteId);
    if (!site) return false;
    const node = site.graph.indexOf.get(deviceId);
    if (node !== undefined) {
      site.table.setNodeUp(node, up);
      const w = this.wan.graph.indexOf.get(deviceId);
      if (w !== undefined) this.wan.table.setNodeUp(w, up);
      return true;
    }
    const atts = site.graph.attachments.get(deviceId);
    if (!atts) return false;
    for (const a of atts) site.graph.linkUp[a.linkIndex] = up ? 1 : 0;
    site.graph.version++;
    return true;
  }

  private interSite(
    sx: string,
    src: string,
    sy: string,
    dst: string,
    flowKey: string,
  ): UnderlayPath | undefined {
    const x = this.sites.get(sx)!;
    const y = this.sites.get(sy)!;
    if (x.graph.gatewayNode === undefined || y.graph.gatewayNode === undefined) return undefined;
    const gx = x.graph.nodes[x.graph.gatewayNode]!.id;
    const gy = y.graph.nodes[y.graph.gatewayNode]!.id;
    const first = this.segment(
      sx,
      this.hostEndpoint(sx, src),
      transit(x.graph.gatewayNode),
      flowKey,
    );
    const wanSeg = this.wanSegment(gx, gy, flowKey);
    const last = this.segment(
      sy,
      transit(y.graph.gatewayNode),
      this.hostEndpoint(sy, dst),
      flowKey,
    );
    if (!first || !wanSeg || !last) return undefined;
    return joinSegments(
      [first, wanSeg, last],
      wanSeg.links.map((l) => l.id),
    );
  }

  private wanSegment(gx: string, gy: string, flowKey: string): Segment | undefined {
    const { graph, table } = this.wan;
    const a = graph.indexOf.get(gx);
    const b = graph.indexOf.get(gy);
    if (a === undefined || b === undefined) return undefined;
    const dist = table.toward(b);
    const path = hashedPath(graph, dist, a, flowKey);
    if (!path) return undefined;
    return {
      devices: path.nodes.map((n) => graph.nodes[n]!.id),
      links: path.edges.map((e) => graph.links[graph.edgeLink[e]!]!),
      cost: dist[a]!,
      width: countShortestPaths(graph, dist, a),
      mode: 'link-state',
    };
  }

  /**
   * The last resort inside a partitioned site: the cheapest path that crosses
   * one stub (a gateway) as a router, each half inside the fabric. Equal-cost
   * halves multiply; equal-cost stubs add up. Undefined when no stub joins the ends.
   */
  private throughStub(
    siteId: string,
    from: Endpoint,
    to: Endpoint,
    flowKey: string,
  ): Segment | undefined {
    const g = this.sites.get(siteId)!.graph;
    let best = UNREACHABLE;
    let width = 0;
    const ties: [Segment, Segment][] = [];
    for (const stub of g.stubs) {
      const first = this.segment(siteId, from, transit(stub), flowKey);
      const second = first && this.segment(siteId, transit(stub), to, flowKey);
      if (!first || !second) continue;
      const cost = first.cost + second.cost;
      if (cost < best) {
        best = cost;
        width = 0;
        ties.length = 0;
      }
      if (cost > best) continue;
      ties.push([first, second]);
      width += first.width * second.width;
    }
    if (!ties.length) return undefined;
    const [first, second] = ties[fnv1a(flowKey) % ties.length]!;
    return {
      devices: [...first.devices, ...second.devices.slice(1)],
      links: [...first.links, ...second.links],
      cost: best,
      width,
      mode: 'link-state',
    };
  }

  private hostEndpoint(siteId: string, hostId: string): Endpoint {
    const g = this.sites.get(siteId)!.graph;
    const node = g.indexOf.get(hostId);
    if (node !== undefined) return transit(node);
    const options = (g.attachments.get(hostId) ?? []).filter(
      (a) => g.linkUp[a.linkIndex] === 1 && g.nodeUp[a.node] === 1,
    );
    return { options, hostId };
  }

  /**
   * Shortest equal-cost segment between two endpoints of one site: the
   * two-level tables' path when the site has them and it is usable, otherwise
   * one path hashed from the flow key.
   */
  private segment(
    siteId: string,
    from: Endpoint,
    to: Endpoint,
    flowKey: string,
  ): Segment | undefined {
    const site = this.sites.get(siteId)!;
    const g = site.graph;
    let best = UNREACHABLE;
    const ties: {
      a: Endpoint['options'][number];
      b: Endpoint['options'][number];
      dist: Int32Array;
    }[] = [];
    for (const b of to.options) {
      const dist = site.table.toward(b.node);
      for (const a of from.options) {
        if (dist[a.node]! >= UNREACHABLE) continue;
        const c = a.cost + dist[a.node]! + b.cost;
        if (c < best) {
          best = c;
          ties.length = 0;
        }
        if (c === best) ties.push({ a, b, dist });
      }
    }
    if (!ties.length) return undefined;
    let width = 0;
    for (const t of ties) width += countShortestPaths(g, t.dist, t.a.node);
    if (site.twoLevel && from.hostId && to.hostId) {
      const fixed = usableTwoLevelPath(g, site.twoLevel, from.hostId, to.hostId);
      if (fixed && fixed.cost === best) return { ...fixed, width, mode: 'two-level' };
    }
    const pick = ties[fnv1a(flowKey) % ties.length]!;
    const path = hashedPath(g, pick.dist, pick.a.node, flowKey)!;
    const devices = path.nodes.map((n) => g.nodes[n]!.id);
    const links = path.edges.map((e) => g.links[g.edgeLink[e]!]!);
    if (from.hostId) {
      devices.unshift(from.hostId);
      links.unshift(g.links[pick.a.linkIndex]!);
    }
    if (to.hostId) {
      devices.push(to.hostId);
      links.push(g.links[pick.b.linkIndex]!);
    }
    return { devices, links, cost: best, width, mode: 'link-state' };
  }
}
