/**
 * The one model the picture's exports (draw.io, GraphML, SVG) are written
 * from: the nodes and links the canvas shows, where it shows them. Built from
 * the plain elements of graph/elements.ts (folded or not, as drawn), so an
 * export is the view on screen; row captions and pod boxes are left out.
 * Pure: the serialisers beside it only turn this model into text.
 */
import type { GraphElements, GraphNode } from '../graph/elements.ts';

export interface ExportNode {
  id: string;
  label: string;
  /** The device role (leaf, host, gateway…), or `site`, `group` for a folded group, `vm`, `vnet`. */
  role: string;
  /**
   * Where it sits in the fabric: `gateway`, `top` (core, spine, upper BCube level),
   * `middle` (aggregation), `bottom` (the switches hosts hang off), `host`;
   * `site` in the global view; `group-unit` / `group-top` for folded groups.
   */
  tier: string;
  /** The site it belongs to (the site itself in the global view); empty when none. */
  site: string;
  /** Centre, in the canvas's model units; y grows downwards. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ExportEdge {
  id: string;
  source: string;
  target: string;
  /** Summed over the links a folded edge stands for. */
  capacityGbps: number;
  /** How many physical links the edge stands for (more than one between folded groups). */
  links: number;
}

export interface ExportModel {
  /** What the picture shows, e.g. "Lab 1 (site view)": the diagram's name. */
  title: string;
  nodes: ExportNode[];
  edges: ExportEdge[];
}

/** Node kinds drawn only as decoration: captions at the left, boxes behind pods. */
const DECORATION = new Set(['row', 'group']);

/**
 * Text safe for XML 1.0 and for one line: characters XML cannot carry dropped,
 * runs of white space (newlines included) made one space.
 */
export function exportText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function tierOf(n: GraphNode): string {
  const { kind, role, tier, groupKind } = n.data;
  if (kind === 'site') return 'site';
  if (kind === 'fold') return `group-${String(groupKind)}`;
  if (role === 'gateway' || role === 'host') return role;
  return typeof tier === 'string' ? tier : String(kind);
}

/** The size the canvas's stylesheet (graph/graph-style.ts) gives each kind of node. */
function sizeOf(n: GraphNode): { width: number; height: number } {
  const { kind, role, size, w, h } = n.data;
  if (kind === 'site') return { width: Number(size), height: Number(size) };
  if (kind === 'fold') return { width: Number(w), height: Number(h) };
  if (role === 'gateway') return { width: 34, height: 34 };
  if (role === 'host') return { width: 22, height: 22 };
  if (kind === 'device') return { width: 30, height: 16 };
  return { width: 20, height: 20 };
}

function labelOf(n: GraphNode): string {
  const { name, label } = n.data;
  return exportText(String(name ?? label ?? n.id));
}

export function exportModel(elements: GraphElements, title: string): ExportModel {
  const nodes: ExportNode[] = [];
  for (const n of elements.nodes) {
    if (DECORATION.has(String(n.data.kind))) continue;
    const kind = String(n.data.kind);
    nodes.push({
      id: n.id,
      label: labelOf(n),
      role: kind === 'device' ? String(n.data.role) : kind === 'fold' ? 'group' : kind,
      tier: tierOf(n),
      site: String(n.data.siteId ?? ''),
      x: n.position.x,
      y: n.position.y,
      ...sizeOf(n),
    });
  }
  const ids = new Set(nodes.map((n) => n.id));
  const edges: ExportEdge[] = elements.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      capacityGbps: Number(e.data.capacity ?? 0),
      links: Number(e.data.links ?? 1),
    }));
  return { title: exportText(title), nodes, edges };
}
