/**
 * Where things go in a folded site view: the unit groups (pods, blocks, racks,
 * cells) on shelves of a grid, folded as fixed-size blocks or unfolded as
 * their part of the full layered layout, moved as a whole; the top tiers
 * (gateway, cores, spines, upper BCube levels) in rows above, in their full
 * layout's order. Pure and deterministic, like layout.ts.
 */
import type { GraphElements } from './elements.ts';
import { drawnAs, shownFolds, type FoldPlan } from './fold.ts';
import type { Point } from './layout-types.ts';

/** Sizes of the folded picture, in model units. */
export const FOLD_LAYOUT_DEFAULTS = {
  /** A folded pod, block, rack or cell. */
  unitWidth: 240,
  unitHeight: 150,
  /** A folded run of top switches. */
  topWidth: 210,
  topHeight: 76,
  /** Space between two shelf items, both ways. */
  gap: 32,
  /** Space around an unfolded unit's devices inside its box, and room for its caption. */
  pad: 24,
  caption: 34,
  /** Horizontal distance between two unfolded top switches. */
  deviceSpacing: 44,
  /** Vertical distance between two rows of the top band, and from the band to the shelves. */
  rowGap: 120,
  bandGap: 170,
} as const;

/** A rectangle by its centre. */
export interface Block {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface FoldedLayout {
  /** Folded groups' nodes. */
  blocks: Map<string, Block>;
  /** Boxes behind unfolded unit groups (double-click folds them again). */
  boxes: (Block & { groupId: string; label: string })[];
  /** Drawn devices. */
  devices: Map<string, Point>;
}

interface BandItem {
  /** A folded group's id, or a device id. */
  id: string;
  group: boolean;
  x: number;
  width: number;
}

export function layoutFolded(
  full: GraphElements,
  plan: FoldPlan,
  folded: ReadonlySet<string>,
): FoldedLayout {
  const o = FOLD_LAYOUT_DEFAULTS;
  const at = new Map(full.nodes.map((n) => [n.id, n.position]));
  const out: FoldedLayout = { blocks: new Map(), boxes: [], devices: new Map() };

  // Shelves: one item per unit group, folded or not.
  const units = plan.groups.filter((g) => g.kind === 'unit');
  const items = units.map((g) => {
    if (folded.has(g.id)) return { g, w: o.unitWidth, h: o.unitHeight, x1: 0, y1: 0 };
    const ps = g.memberIds.map((id) => at.get(id)!);
    const x1 = Math.min(...ps.map((p) => p.x));
    const y1 = Math.min(...ps.map((p) => p.y));
    const w = Math.max(...ps.map((p) => p.x)) - x1 + 2 * o.pad;
    const h = Math.max(...ps.map((p) => p.y)) - y1 + 2 * o.pad + o.caption;
    return { g, w, h, x1, y1 };
  });
  const cols = Math.max(1, Math.ceil(Math.sqrt(items.length * 2)));
  let top = 0;
  let gridWidth = 0;
  for (let i = 0; i < items.length; i += cols) {
    const shelf = items.slice(i, i + cols);
    const width = shelf.reduce((s, it) => s + it.w, 0) + o.gap * (shelf.length - 1);
    gridWidth = Math.max(gridWidth, width);
    let x = -width / 2;
    for (const it of shelf) {
      const block = { x: x + it.w / 2, y: top + it.h / 2, w: it.w, h: it.h };
      if (folded.has(it.g.id)) out.blocks.set(it.g.id, block);
      else {
        out.boxes.push({ ...block, groupId: it.g.id, label: it.g.label });
        const dx = x + o.pad - it.x1;
        const dy = top + o.pad + o.caption - it.y1;
        for (const id of it.g.memberIds) {
          const p = at.get(id)!;
          out.devices.set(id, { x: p.x + dx, y: p.y + dy });
        }
      }
      x += it.w + o.gap;
    }
    top += Math.max(...shelf.map((it) => it.h)) + o.gap;
  }

  // The band: everything outside the units, one row per tier of the full layout.
  const rows = new Map<number, BandItem[]>();
  const put = (y: number, item: BandItem) => rows.set(y, [...(rows.get(y) ?? []), item]);
  const inUnit = new Set(units.flatMap((g) => g.memberIds));
  for (const g of shownFolds(plan, folded))
    if (g.kind === 'top') {
      const ps = g.memberIds.map((id) => at.get(id)!);
      const x = ps.reduce((s, p) => s + p.x, 0) / ps.length;
      put(ps[0]!.y, { id: g.id, group: true, x, width: o.topWidth });
    }
  for (const n of full.nodes) {
    if (n.data.kind !== 'device' || inUnit.has(n.id)) continue;
    if (drawnAs(plan, folded, n.id) !== n.id) continue;
    put(n.position.y, { id: n.id, group: false, x: n.position.x, width: o.deviceSpacing });
  }
  // A tier wider than the shelves wraps onto more lines, so the folded picture stays compact.
  const limit = Math.max(gridWidth, 1000);
  const lines: { items: BandItem[]; width: number }[] = [];
  for (const y of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(y)!.sort((a, b) => a.x - b.x || (a.id < b.id ? -1 : 1));
    let line = { items: [] as BandItem[], width: 0 };
    lines.push(line);
    for (const it of row) {
      const w = it.width + (it.group ? o.gap : 0);
      if (line.items.length && line.width + w > limit) lines.push((line = { items: [], width: 0 }));
      line.items.push(it);
      line.width += w;
    }
  }
  lines.forEach((line, r) => {
    const rowY = -o.bandGap - (lines.length - 1 - r) * o.rowGap;
    let x = -line.width / 2;
    for (const it of line.items) {
      const w = it.width + (it.group ? o.gap : 0);
      const cx = x + w / 2;
      if (it.group) out.blocks.set(it.id, { x: cx, y: rowY, w: o.topWidth, h: o.topHeight });
      else out.devices.set(it.id, { x: cx, y: rowY });
      x += w;
    }
  });
  return out;
}
