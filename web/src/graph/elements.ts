/**
 * What the canvas draws, as plain data: the elements of the global view and of
 * a site view, with their positions from layout.ts. The Cytoscape wrapper
 * diffs these by id, so building them again on every state change is cheap
 * for the canvas as long as unchanged elements keep their id and data.
 */
import type { Device, Estate, Link } from '@vmmi/shared';
import { vmsPerHost } from '@vmmi/shared';
import { topologyLabel } from '../estate/site-labels.ts';
import { wanLoad, wanLoadLabel } from '../estate/wan-load.ts';
import { layoutGlobal, layoutSite, rowOrderPositions, type Point } from './layout.ts';

/** Element data: flat scalars only, so that it can be compared field by field. */
export type ElementData = Readonly<Record<string, string | number>>;

export interface GraphNode {
  id: string;
  data: ElementData;
  position: Point;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  data: ElementData;
}

export interface GraphElements {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Node kinds, the `kind` field every element carries (`node[kind = "site"]`):
 * site (global view), device (site view), row and group (captions and pod boxes).
 */
export type NodeKind = 'site' | 'device' | 'row' | 'group';

/** Edge width in px for a capacity: grows with the square root, so 10G and 400G both stay legible. */
export function wanWidth(capacityGbps: number): number {
  return Math.min(10, Math.max(1.5, 1 + Math.sqrt(capacityGbps) / 4));
}

const formatGbps = (g: number) => (g >= 1000 ? `${g / 1000}T` : `${g}G`);

export function globalElements(estate: Estate): GraphElements {
  const positions = layoutGlobal(estate.sites);
  const siteOfDevice = new Map(estate.devices.map((d) => [d.id, d.siteId]));
  const vmsBySite = new Map<string, number>();
  const hostsBySite = new Map<string, number>();
  const perHost = vmsPerHost(estate);
  for (const d of estate.devices) {
    if (d.role !== 'host') continue;
    hostsBySite.set(d.siteId, (hostsBySite.get(d.siteId) ?? 0) + 1);
    vmsBySite.set(d.siteId, (vmsBySite.get(d.siteId) ?? 0) + (perHost.get(d.id) ?? 0));
  }
  const nodes: GraphNode[] = estate.sites.map((site) => {
    const hosts = hostsBySite.get(site.id) ?? 0;
    const vms = vmsBySite.get(site.id) ?? 0;
    return {
      id: site.id,
      position: positions.get(site.id)!,
      data: {
        kind: 'site',
        siteId: site.id,
        name: site.name,
        topologyLabel: topologyLabel(site),
        label: `${site.name}\n${topologyLabel(site)} · ${site.ownership}`,
        badge: String(vms),
        ownership: site.ownership,
        topology: site.topology.kind,
        hosts,
        vms,
        // Bigger sites draw bigger, within limits that keep every label readable.
        size: Math.round(52 + Math.min(28, Math.sqrt(hosts) * 2.4)),
      },
    };
  });
  const edges: GraphEdge[] = [];
  for (const w of estate.wanLinks) {
    const source = siteOfDevice.get(w.a);
    const target = siteOfDevice.get(w.b);
    if (!source || !target || source === target) continue;
    const load = wanLoad(w);
    edges.push({
      id: w.id,
      source,
      target,
      data: {
        kind: 'wan',
        capacity: w.capacityGbps,
        utilisation: w.utilisation,
        band: load.band,
        width: wanWidth(w.capacityGbps),
        label: formatGbps(w.capacityGbps),
        // What the wall screen writes on the link (kiosk-style.ts); the planner shows the capacity.
        loadLabel: wanLoadLabel(load),
        latencyMs: w.latencyMs,
      },
    });
  }
  return { nodes, edges };
}

/** Colour tier of a switch: top of the fabric, middle, or the switches hosts hang off. */
function switchTier(d: Device, maxLevel: number): 'top' | 'middle' | 'bottom' | 'none' {
  switch (d.role) {
    case 'core':
    case 'spine':
      return 'top';
    case 'aggregation':
      return 'middle';
    case 'access':
    case 'edge':
    case 'leaf':
      return 'bottom';
    case 'bcube-switch': {
      const level = d.level ?? 0;
      if (level === 0) return 'bottom';
      return level === maxLevel ? 'top' : 'middle';
    }
    default:
      return 'none';
  }
}

/** A site's devices and the links between two of them, with its record; null for an unknown site. */
function siteParts(estate: Estate, siteId: string) {
  const site = estate.sites.find((s) => s.id === siteId);
  if (!site) return null;
  const devices = estate.devices.filter((d) => d.siteId === siteId);
  const ids = new Set(devices.map((d) => d.id));
  const links = estate.links.filter((l) => ids.has(l.a) && ids.has(l.b));
  return { site, devices, links };
}

/** The elements of a site view, laid out in full (layout.ts): row captions, pod boxes, every device and link. */
export function siteElements(estate: Estate, siteId: string): GraphElements {
  const parts = siteParts(estate, siteId);
  if (!parts) return { nodes: [], edges: [] };
  const { site, devices, links } = parts;
  const layout = layoutSite(devices, links, site.topology.kind);
  // Captions grow with the fabric's width, so that they stay legible once a wide site is fitted to the screen.
  const captionSize = Math.round(
    Math.min(26, Math.max(15, (layout.bounds.x2 - layout.bounds.x1) / 75)),
  );
  const nodes: GraphNode[] = [];
  for (const g of layout.groups)
    nodes.push({
      id: `group:${siteId}:${g.id}`,
      position: { x: g.x, y: g.y },
      data: { kind: 'group', label: g.label, w: g.width, h: g.height, fontSize: captionSize },
    });
  for (const r of layout.rows)
    nodes.push({
      id: `row:${siteId}:${r.id}`,
      position: { x: layout.bounds.x1 - 40, y: r.y },
      data: { kind: 'row', label: r.label, fontSize: captionSize },
    });
  return devicesAndLinks(estate, parts, layout.positions, nodes);
}

/**
 * The devices and links of a site view placed only by their order within their
 * rows (site-layout.ts's `rowOrderPositions`), without captions or boxes: what
 * a site's folded opening needs (fold-opening.ts), without the full layout.
 * Null for an unknown site and for custom fabrics, whose order comes from
 * their own layout.
 */
export function siteElementsInRowOrder(estate: Estate, siteId: string): GraphElements | null {
  const parts = siteParts(estate, siteId);
  if (!parts || parts.site.topology.kind === 'custom') return null;
  return devicesAndLinks(estate, parts, rowOrderPositions(parts.devices), []);
}

function devicesAndLinks(
  estate: Estate,
  { devices, links }: { devices: readonly Device[]; links: readonly Link[] },
  positions: ReadonlyMap<string, Point>,
  nodes: GraphNode[],
): GraphElements {
  const siteId = devices[0]?.siteId ?? '';
  const perHost = vmsPerHost(estate);
  let maxVms = 1;
  let maxLevel = 0;
  for (const d of devices) {
    if (d.role === 'host') maxVms = Math.max(maxVms, perHost.get(d.id) ?? 0);
    else if (d.role === 'bcube-switch') maxLevel = Math.max(maxLevel, d.level ?? 0);
  }
  const roleOf = new Map(devices.map((d) => [d.id, d.role]));
  // Fields set on one object, not spread from a common part: a k=32 fat-tree builds 9,472 of them.
  for (const d of devices) {
    const data: Record<string, string | number> = {
      kind: 'device',
      role: d.role,
      name: d.name,
      siteId,
      state: d.state,
      label: d.name,
    };
    if (d.role === 'host') {
      const vms = perHost.get(d.id) ?? 0;
      data.label = String(vms);
      data.vms = vms;
      data.load = vms / maxVms;
    } else if (d.role === 'gateway') {
      data.stack = d.stack ?? '';
      data.label = `${d.name}\n${data.stack}`.trim();
    } else {
      data.tier = switchTier(d, maxLevel);
      if (d.pod !== undefined) data.pod = d.pod;
      if (d.level !== undefined) data.level = d.level;
    }
    nodes.push({ id: d.id, position: positions.get(d.id)!, data });
  }
  const edges: GraphEdge[] = links.map((l) => {
    const toHost = roleOf.get(l.a) === 'host' || roleOf.get(l.b) === 'host';
    return {
      id: l.id,
      source: l.a,
      target: l.b,
      data: {
        kind: 'link',
        tier: toHost ? 'host' : 'fabric',
        capacity: l.capacityGbps,
        utilisation: l.utilisation,
        state: l.state,
      },
    };
  });
  return { nodes, edges };
}
