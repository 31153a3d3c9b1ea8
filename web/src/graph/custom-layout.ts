/**
 * The layered layout of a custom fabric (an imported or hand-written graph
 * that no generator built): rows from the devices' roles, as in the generated
 * fabrics, and the order and x within each row from dagre's layered
 * (Sugiyama) layout, which orders nodes so that few links cross. Hosts are not
 * dagre nodes: a switch that hosts hang off is given the width of their grid,
 * drawn right under it (site-tiers.ts), so that a leaf with forty hosts is as
 * compact as a generated rack. dagre is synchronous, so this stays a pure
 * function the canvas calls in a memo, like the generated fabrics' layout.
 */
import dagre, { type Graph, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { Device, Link } from '@vmmi/shared';
import type { LayoutRow, Point, SiteLayout } from './layout-types.ts';
import { naturalCompare } from './natural-compare.ts';
import {
  chooseHostRows,
  HOST_TIER,
  placeHostGrid,
  rowCaption,
  rowGapFor,
  siteGraph,
  settingsOf,
  type SiteLayoutOptions,
} from './site-tiers.ts';

/** How dagre's nodes are named, apart from the names dagre gives its own nodes. */
const switchNode = (id: string) => `d:${id}`;

interface HostBlock {
  parentId: string | null;
  pod: undefined;
  hosts: Device[];
  cols: number;
  /** Horizontal room of the block, at least one switch's. */
  width: number;
  centre: number;
}

/** Links between dagre nodes, counted, from the upper node to the lower. */
class EdgeCounts {
  private readonly counts = new Map<string, Map<string, number>>();
  add(upper: string, lower: string): void {
    let row = this.counts.get(upper);
    if (!row) this.counts.set(upper, (row = new Map<string, number>()));
    row.set(lower, (row.get(lower) ?? 0) + 1);
  }
  /** In id order, so that dagre sees the same graph whatever the order of the links. */
  sorted(): { v: string; w: string; count: number }[] {
    const out = [...this.counts].flatMap(([v, row]) =>
      [...row].map(([w, count]) => ({ v, w, count })),
    );
    return out.sort((a, b) => naturalCompare(a.v, b.v) || naturalCompare(a.w, b.w));
  }
}

/**
 * Lays out a custom fabric: one row per tier present (gateway, core and spine,
 * aggregation, access / leaf / edge, hosts), each row's order and x from dagre
 * with every node pinned to its row, hosts in a grid under the switch they
 * hang off. Links inside a row (spine to spine) do not steer the order. No pod
 * boxes: a custom fabric has no pods to draw. The spacing is SITE_LAYOUT_DEFAULTS'.
 */
export function layoutCustomSite(
  devices: readonly Device[],
  links: readonly Link[],
  options: SiteLayoutOptions = {},
): SiteLayout {
  const o = settingsOf(options);
  const { sorted, byId, tier, neighbours, childrenOf, byTier, tiers } = siteGraph(devices, links);

  const rowOf = new Map(tiers.map((t, r) => [t, r]));
  // dagre keeps the odd ranks between two rows for edge labels (its layout doubles every minlen).
  const rankOf = (t: number) => 2 * rowOf.get(t)!;
  const switchRows = tiers.filter((t) => t !== HOST_TIER);

  // Host blocks, in the order of their switch (hosts next to no switch last), sized for one grid shape.
  const blocks: HostBlock[] = [];
  const blockOf = new Map<string | null, HostBlock>();
  for (const parentId of [...sorted.map((d) => d.id), null]) {
    const hosts = childrenOf.get(parentId);
    if (!hosts) continue;
    const block: HostBlock = { parentId, pod: undefined, hosts, cols: 1, width: 0, centre: 0 };
    blocks.push(block);
    blockOf.set(parentId, block);
  }
  const widestRow = Math.max(0, ...switchRows.map((t) => byTier.get(t)!.length * o.switchSpacing));
  const hostRows = chooseHostRows(blocks, switchRows.length, widestRow, o);
  for (const b of blocks) {
    b.cols = Math.max(1, Math.ceil(b.hosts.length / hostRows));
    b.width = Math.max(o.switchSpacing, b.cols * o.hostSpacing);
  }

  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel>();
  g.setGraph({
    rankdir: 'TB',
    // Neighbours are their widths' halves plus nodesep apart: plain switches switchSpacing, host grids podGap.
    nodesep: o.podGap,
    // Links are drawn straight, so dagre's bend points need no room: a fat-tree's mesh stays narrower.
    edgesep: 0,
    ranksep: o.rowGap,
    // Rows come from roles, not from the links: each node keeps the rank it is given.
    ranker: pinnedRanks as unknown as GraphLabel['ranker'],
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const d of sorted) {
    if (d.role === 'host') continue;
    // A switch that hosts hang off is as wide as their grid, which is drawn right under it.
    const grid = blockOf.get(d.id)?.width;
    g.setNode(switchNode(d.id), {
      width: grid ?? Math.max(1, o.switchSpacing - o.podGap),
      height: 1,
      rank: rankOf(tier.get(d.id)!),
    });
  }
  const edges = new EdgeCounts();
  for (const [id, others] of neighbours) {
    if (byId.get(id)!.role === 'host') continue;
    // Each switch-to-switch link once, from its upper end; links inside a row are left out.
    for (const otherId of others)
      if (byId.get(otherId)!.role !== 'host' && tier.get(id)! < tier.get(otherId)!)
        edges.add(switchNode(id), switchNode(otherId));
  }
  for (const e of edges.sorted()) g.setEdge(e.v, e.w, { weight: e.count });
  if (g.nodeCount() > 0) dagre.layout(g);

  // Host grids under their switches; should grids of switches on different rows meet, the later moves right.
  const under = blocks.filter((b) => b.parentId !== null);
  for (const b of under) b.centre = g.node(switchNode(b.parentId!)).x!;
  under.sort((a, b) => a.centre - b.centre || naturalCompare(a.parentId!, b.parentId!));
  let reach = -Infinity;
  for (const b of [...under, ...blocks.filter((b) => b.parentId === null)]) {
    const least = Number.isFinite(reach) ? reach + o.podGap + b.width / 2 : b.width / 2;
    if (b.parentId === null || b.centre < least) b.centre = least;
    reach = b.centre + b.width / 2;
  }

  // The left edge of the leftmost thing drawn at 0, as in the generated fabrics' layout.
  let left = Infinity;
  let right = -Infinity;
  const extend = (x: number, half: number) => {
    left = Math.min(left, x - half);
    right = Math.max(right, x + half);
  };
  for (const d of sorted)
    if (d.role !== 'host') extend(g.node(switchNode(d.id)).x!, o.switchSpacing / 2);
  for (const b of blocks) extend(b.centre, b.width / 2);
  if (!Number.isFinite(left)) [left, right] = [0, 0];
  const width = right - left;
  const rowGap = rowGapFor(width, hostRows, tiers.length, o);

  const positions = new Map<string, Point>();
  const rows: LayoutRow[] = [];
  let lastHostLine = 0;
  tiers.forEach((t, r) => {
    const ds = byTier.get(t)!;
    const y = r * rowGap;
    rows.push({ id: `row-${r}`, label: rowCaption(ds, 'custom'), y });
    if (t !== HOST_TIER) {
      for (const d of ds) positions.set(d.id, { x: g.node(switchNode(d.id)).x! - left, y });
      return;
    }
    for (const b of blocks) {
      const last = placeHostGrid(b.hosts, b.centre - left, b.cols, y, o.hostSpacing, positions);
      lastHostLine = Math.max(lastHostLine, last);
    }
  });
  const bottom = (rows.at(-1)?.y ?? 0) + lastHostLine * o.hostSpacing;
  return { positions, rows, groups: [], bounds: { x1: 0, y1: 0, x2: width, y2: bottom } };
}

/**
 * dagre's ranker, replaced: the nodes keep the ranks set on them (their rows);
 * dagre's own nesting root, the one node without a rank, goes above them all.
 */
function pinnedRanks(g: Graph<GraphLabel, NodeLabel>): void {
  for (const v of g.nodes()) {
    const label = g.node(v);
    if (typeof label.rank !== 'number') label.rank = -1;
  }
}
