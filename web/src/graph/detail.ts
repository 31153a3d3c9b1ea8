/**
 * Level of detail of a large site picture (an unfolded fat-tree k=32 draws
 * 34,050 elements, too many for Cytoscape to pan at 30 frames a second):
 * far out, the hosts under each switch are drawn as one node ("16 hosts")
 * linked to it once, and the links from a switch to a run of switches above
 * it (its pod's aggregation switches, a run of cores) as one line; zoomed in,
 * the tiles and bundles in view (with a margin) are drawn in full. Pure and
 * deterministic: `detailIndex` once per picture, `chooseDetail` for a view,
 * `detailElements` for what to draw. Pictures up to `above` elements are
 * drawn as they are.
 */
import type { GraphEdge, GraphElements, GraphNode } from './elements.ts';
import type { FoldPlan } from './fold.ts';
import { farPicture, type FarPicture } from './detail-far.ts';
import { growBounds } from './bounds.ts';
import { bundleData } from './merge-edges.ts';
import type { ModelRect } from './graph-handle.ts';
import type { Point } from './layout.ts';
import { MarkSet, type SceneMarks } from './scene-marks.ts';

/** Thresholds, with why each value. */
export const DETAIL_DEFAULTS = {
  /**
   * Pictures drawing more nodes and edges than this get levels of detail. The
   * demo's largest site draws 622 and one unfolded pod of a k=32 some 1,100:
   * both stay exactly as drawn.
   */
  above: 4000,
  /**
   * Zoom from which the tiles and bundles in view are drawn in full: a host
   * (22 model units, 28 apart) is 11 px wide there, under a pixel at the fit
   * of an unfolded k=32 (0.03).
   */
  zoom: 0.5,
  /**
   * Zoom below which runs of switches are drawn as one node each
   * (detail-far.ts): a switch (30 model units) is under 3 px there, and an
   * unfolded fat-tree k=32 fits the screen at about 0.03.
   */
  farZoom: 0.1,
  /** The view is widened by this share of its width and height on each side: a short pan finds its hosts drawn. */
  margin: 0.25,
} as const;

/** Half the size of a host node (graph-style.ts), for the box of a tile. */
const HOST_HALF = 11;

/** The hosts hanging off one switch, drawn as one node far out. */
export interface DetailTile {
  /** The id of the aggregate node, `detail:hosts:<switch id>`. */
  id: string;
  switchId: string;
  hostIds: readonly string[];
  /** Every link of those hosts. */
  linkIds: readonly string[];
  /** The hosts' box, in model coordinates. */
  box: ModelRect;
  node: GraphNode;
  /** One line from each switch the hosts link to, to the aggregate. */
  edges: readonly GraphEdge[];
}

/** The links from one switch to a run of switches above it, drawn as one line far out. */
export interface DetailBundle {
  id: string;
  linkIds: readonly string[];
  /** The lower switch, and the box of the run's members it links to. */
  from: Point;
  to: ModelRect;
  edge: GraphEdge;
}

export interface DetailIndex {
  /** The picture in full. */
  picture: GraphElements;
  tiles: readonly DetailTile[];
  bundles: readonly DetailBundle[];
  /** Tile of each aggregated host. */
  tileOfHost: ReadonlyMap<string, DetailTile>;
  /** What an element not drawn far out is drawn as: its tile's node or line, or its bundle. */
  aliasOf: ReadonlyMap<string, string>;
  /** The tile or bundle each of those elements belongs to. */
  ownerOf: ReadonlyMap<string, string>;
  /** The picture farthest out: runs of switches as one node each (detail-far.ts). */
  far: FarPicture;
}

/** What the viewport shows: its zoom and the part of the model in it. */
export interface DetailView {
  zoom: number;
  extent: ModelRect;
}

/** Ids of the tiles and bundles drawn in full; `far`: the far picture instead (detail-far.ts). */
export interface Detail {
  far: boolean;
  tiles: ReadonlySet<string>;
  bundles: ReadonlySet<string>;
}

/** Every tile and bundle as one node or line, each switch drawn. */
export const NO_DETAIL: Detail = { far: false, tiles: new Set(), bundles: new Set() };

/** The far picture. */
export const FAR: Detail = { far: true, tiles: new Set(), bundles: new Set() };

const meets = (a: ModelRect, b: ModelRect) =>
  a.x1 <= b.x2 && b.x1 <= a.x2 && a.y1 <= b.y2 && b.y1 <= a.y2;

const inside = (p: Point, r: ModelRect) => p.x >= r.x1 && p.x <= r.x2 && p.y >= r.y1 && p.y <= r.y2;

/**
 * The tiles and bundles of a site picture, or null when it is drawn as it is
 * (small, or not a site). A host joins the tile of the first switch (by id)
 * it links to; a host with a link to anything but a drawn switch stays drawn.
 * A switch-to-switch link joins the bundle of its lower end (drawn lower, or
 * first by id in a row) and the run of its upper end: the upper end's
 * innermost fold group and role (a pod's aggregation switches, a run of cores).
 */
export function detailIndex(
  picture: GraphElements,
  plan: FoldPlan | null,
  above: number = DETAIL_DEFAULTS.above,
): DetailIndex | null {
  if (!plan || picture.nodes.length + picture.edges.length <= above) return null;
  const nodeById = new Map(picture.nodes.map((n) => [n.id, n]));
  const isDevice = (id: string) => nodeById.get(id)?.data.kind === 'device';
  const isHost = (id: string) => nodeById.get(id)?.data.role === 'host';
  const isSwitch = (id: string) => isDevice(id) && !isHost(id);

  // Hosts whose every link is a plain link to a drawn switch, with those links.
  const hostLinks = new Map<string, GraphEdge[]>();
  const kept = new Set<string>();
  for (const e of picture.edges) {
    for (const [h, other] of [
      [e.source, e.target],
      [e.target, e.source],
    ] as const) {
      if (!isHost(h)) continue;
      if (e.data.kind !== 'link' || !isSwitch(other)) kept.add(h);
      else {
        const list = hostLinks.get(h);
        if (list) list.push(e);
        else hostLinks.set(h, [e]);
      }
    }
  }
  const tileHosts = new Map<string, string[]>();
  for (const n of picture.nodes) {
    const links = hostLinks.get(n.id);
    if (!links || kept.has(n.id)) continue;
    let parent = '';
    for (const l of links) {
      const s = l.source === n.id ? l.target : l.source;
      if (parent === '' || s < parent) parent = s;
    }
    const list = tileHosts.get(parent);
    if (list) list.push(n.id);
    else tileHosts.set(parent, [n.id]);
  }

  const aliasOf = new Map<string, string>();
  const ownerOf = new Map<string, string>();
  const tileOfHost = new Map<string, DetailTile>();
  const tiles: DetailTile[] = [];
  for (const [switchId, hostIds] of tileHosts) {
    const id = `detail:hosts:${switchId}`;
    let box: ModelRect | null = null;
    let vms = 0;
    let load = 0;
    const bySwitch = new Map<string, GraphEdge[]>();
    const linkIds: string[] = [];
    for (const h of hostIds) {
      const n = nodeById.get(h)!;
      box = growBounds(box, n.position.x, n.position.y, HOST_HALF);
      vms += Number(n.data.vms ?? 0);
      load += Number(n.data.load ?? 0);
      for (const l of hostLinks.get(h)!) {
        const s = l.source === h ? l.target : l.source;
        const list = bySwitch.get(s);
        if (list) list.push(l);
        else bySwitch.set(s, [l]);
        linkIds.push(l.id);
      }
    }
    const b = box!;
    const node: GraphNode = {
      id,
      position: { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 },
      data: {
        kind: 'detail-hosts',
        label: `${hostIds.length} hosts`,
        switchId,
        hosts: hostIds.length,
        vms,
        load: load / hostIds.length,
        w: b.x2 - b.x1,
        h: b.y2 - b.y1,
      },
    };
    const edges: GraphEdge[] = [];
    for (const [s, links] of bySwitch) {
      const edge = {
        id: `${id}|${s}`,
        source: s,
        target: id,
        data: bundleData('detail-link', links),
      };
      edges.push(edge);
      for (const l of links) {
        aliasOf.set(l.id, edge.id);
        ownerOf.set(l.id, id);
      }
    }
    const tile: DetailTile = { id, switchId, hostIds, linkIds, box: b, node, edges };
    tiles.push(tile);
    for (const h of hostIds) {
      tileOfHost.set(h, tile);
      aliasOf.set(h, id);
      ownerOf.set(h, id);
    }
  }

  // Switch-to-switch links by lower end and the run of the upper end.
  const runOf = (id: string) => {
    const d = nodeById.get(id)!.data;
    return `${plan.groupOf.get(id) ?? ''}|${String(d.role)}|${String(d.level ?? '')}`;
  };
  const runs = new Map<string, GraphNode[]>();
  for (const n of picture.nodes)
    if (n.data.kind === 'device' && !isHost(n.id)) {
      const key = runOf(n.id);
      const list = runs.get(key);
      if (list) list.push(n);
      else runs.set(key, [n]);
    }
  const groups = new Map<string, { lower: GraphNode; run: string; links: GraphEdge[] }>();
  for (const e of picture.edges) {
    if (e.data.kind !== 'link' || !isSwitch(e.source) || !isSwitch(e.target)) continue;
    const a = nodeById.get(e.source)!;
    const b = nodeById.get(e.target)!;
    const aLower = a.position.y > b.position.y || (a.position.y === b.position.y && a.id < b.id);
    const [lower, upper] = aLower ? [a, b] : [b, a];
    const key = `${lower.id}|${runOf(upper.id)}`;
    const g = groups.get(key) ?? { lower, run: runOf(upper.id), links: [] };
    g.links.push(e);
    groups.set(key, g);
  }
  const bundles: DetailBundle[] = [];
  for (const [key, g] of groups) {
    if (g.links.length < 2) continue;
    const members = runs.get(g.run)!;
    const sorted = [...members].sort(
      (p, q) => p.position.x - q.position.x || (p.id < q.id ? -1 : 1),
    );
    const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
    let to: ModelRect | null = null;
    for (const l of g.links) {
      const u = nodeById.get(l.source === g.lower.id ? l.target : l.source)!;
      to = growBounds(to, u.position.x, u.position.y);
    }
    const id = `detail:links:${key}`;
    const edge = {
      id,
      source: g.lower.id,
      target: middle.id,
      data: bundleData('detail-link', g.links),
    };
    bundles.push({ id, linkIds: g.links.map((l) => l.id), from: g.lower.position, to: to!, edge });
    for (const l of g.links) {
      aliasOf.set(l.id, id);
      ownerOf.set(l.id, id);
    }
  }
  const far = farPicture(picture, runs, runOf, tileHosts);
  return { picture, tiles, bundles, tileOfHost, aliasOf, ownerOf, far };
}

/**
 * What is drawn in full for a view: nothing below the detail zoom; at or
 * above it, the tiles whose hosts and the bundles whose lower switch or
 * upper run are in the view widened by the margin. The tiles of `focus`
 * (a selected host) are drawn in full at any zoom.
 */
export function chooseDetail(
  index: DetailIndex,
  view: DetailView | null,
  focus: readonly string[] = [],
  options: { zoom?: number; farZoom?: number; margin?: number } = {},
): Detail {
  const o = { ...DETAIL_DEFAULTS, ...options };
  // A selected device the far picture would hide is drawn: the nearer picture, with its tile.
  const far = (!view || view.zoom < o.farZoom) && !focus.some((id) => index.far.aliasOf.has(id));
  if (far) return FAR;
  const tiles = new Set<string>();
  const bundles = new Set<string>();
  for (const id of focus) {
    const t = index.tileOfHost.get(id);
    if (t) tiles.add(t.id);
  }
  if (view && view.zoom >= o.zoom) {
    const { x1, y1, x2, y2 } = view.extent;
    const mx = (x2 - x1) * o.margin;
    const my = (y2 - y1) * o.margin;
    const seen = { x1: x1 - mx, y1: y1 - my, x2: x2 + mx, y2: y2 + my };
    for (const t of index.tiles) if (meets(t.box, seen)) tiles.add(t.id);
    for (const b of index.bundles) if (inside(b.from, seen) || meets(b.to, seen)) bundles.add(b.id);
  }
  return { far: false, tiles, bundles };
}

/** A key that changes exactly when the detail does: the canvas redraws only then. */
export const detailKey = (d: Detail): string =>
  d.far ? 'far' : `${[...d.tiles].sort().join(',')}/${[...d.bundles].sort().join(',')}`;

/** Whether an element of the full picture is drawn as itself under `detail`. */
export function drawnInFull(index: DetailIndex, detail: Detail, id: string): boolean {
  if (detail.far) return !index.far.aliasOf.has(id);
  const owner = index.ownerOf.get(id);
  return owner === undefined || detail.tiles.has(owner) || detail.bundles.has(owner);
}

/**
 * The picture to draw: every node and edge of the full picture except the
 * hosts and links of tiles and bundles not drawn in full, and after them
 * (so above the group boxes) the aggregate nodes and lines that replace them.
 */
export function detailElements(index: DetailIndex, detail: Detail): GraphElements {
  if (detail.far) return index.far.elements;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const n of index.picture.nodes) if (drawnInFull(index, detail, n.id)) nodes.push(n);
  for (const e of index.picture.edges) if (drawnInFull(index, detail, e.id)) edges.push(e);
  for (const t of index.tiles) {
    if (detail.tiles.has(t.id)) continue;
    nodes.push(t.node);
    edges.push(...t.edges);
  }
  for (const b of index.bundles) if (!detail.bundles.has(b.id)) edges.push(b.edge);
  return { nodes, edges };
}

/**
 * The preview's marks, made on the full picture, moved onto what is drawn:
 * a host not drawn is ringed on its tile's node, a link not drawn marks the
 * line that stands for it (a line standing for several keeps the kind that
 * matters most), a tunnel ends at what its ends are drawn as.
 */
export function detailMarks(index: DetailIndex, detail: Detail, marks: SceneMarks): SceneMarks {
  const shown = (id: string) =>
    detail.far
      ? (index.far.aliasOf.get(id) ?? id)
      : drawnInFull(index, detail, id)
        ? id
        : (index.aliasOf.get(id) ?? id);
  const out = new MarkSet();
  for (const [id, kind] of marks.paths) out.path(shown(id), kind);
  for (const [id, kind] of marks.rings) out.ring(shown(id), kind);
  for (const t of marks.tunnels) {
    const from = shown(t.from);
    const to = shown(t.to);
    if (from !== to) out.tunnel({ ...t, from, to });
  }
  return out.done();
}
