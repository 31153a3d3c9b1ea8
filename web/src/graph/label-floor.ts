/**
 * The wall screen's label floor (docs/kiosk.md): every label the kiosk draws
 * is at least `px` pixels high on screen, whatever zoom the fit lands on, and
 * a kind of label that cannot be that large without running into the labels
 * already placed is not drawn at all, rather than drawn small.
 *
 * Why font-size = px / zoom per element (a style bypass cy-instance.ts sets
 * after each fit and update) and not `min-zoomed-font-size` alone: that
 * property only hides what is small, so a fitted fat-tree would lose every
 * label; and Cytoscape compares it against a zoom rounded to a power of two,
 * so labels down to half the floor would still be drawn. The bypass makes
 * the size exact and keeps the planner's stylesheet untouched.
 *
 * An edge's label slides along its edge, off the middle, or beside it, where
 * the middle would put it on another label or under a node (a WAN link's load
 * under a site the link passes, or a short link's under its ends' names).
 *
 * Kinds of label are placed in `LABEL_GROUPS` order, each whole or not at all
 * (a screen showing the names of some core switches and not others reads as
 * a fault): site names and WAN loads always (the global view is for them),
 * then the site view's row and pod captions, folded groups, gateways, switches
 * tier by tier, and the hosts' VM counts last. Pure: the Cytoscape side is
 * behind `FloorTarget`.
 */
import type { ModelRect } from './graph-handle.ts';
import type { ElementData } from './elements.ts';

/** The least size of a label on the wall screen, in CSS pixels: legible at about 3 m. */
export const KIOSK_LABEL_PX = 24;

/** The kinds of label, in the order they get the space. */
export const LABEL_GROUPS = [
  'site',
  'wan',
  'row',
  'group',
  'fold',
  'gateway',
  'top',
  'middle',
  'bottom',
  'switch',
  'host',
  'other',
] as const;
export type LabelGroup = (typeof LABEL_GROUPS)[number];

/** Drawn even where they overlap: without them the view says nothing. */
const ALWAYS: ReadonlySet<LabelGroup> = new Set(['site', 'wan']);

/** Which kind of label an element carries (elements.ts, fold-elements.ts, detail.ts). */
export function labelGroup(data: ElementData): LabelGroup {
  switch (data.kind) {
    case 'site':
      return 'site';
    case 'wan':
      return 'wan';
    case 'row':
      return 'row';
    case 'group':
      return 'group';
    case 'fold':
      return 'fold';
    case 'detail-hosts':
      return 'host';
    case 'device':
    case 'detail-switches':
      if (data.role === 'gateway') return 'gateway';
      if (data.role === 'host') return 'host';
      if (data.tier === 'top' || data.tier === 'middle' || data.tier === 'bottom') return data.tier;
      return 'switch';
    default:
      return 'other';
  }
}

/** One labelled element, as the label floor sees it. */
export interface FloorTarget {
  group: LabelGroup;
  /** The stylesheet's font size, in model units. */
  fontSize: number;
  /** Draws the label at this font size (model units), or not at all (null). */
  setSize(size: number | null): void;
  /** Where the label is drawn now, in model coordinates; null when it is not drawn. */
  box(): ModelRect | null;
  /**
   * An edge's label: moves it along its edge, from 0 (its source) to 1 (its
   * target; 0.5 is the middle), and `aside` model units off it, square to it.
   */
  slide?(t: number, aside: number): void;
  /** A node's body, which an edge's label must not cover (it would be drawn under it). */
  body?(): ModelRect | null;
}

/** Where an edge's label may go along its edge, in the order tried: the middle first. */
const SLIDES = [0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75, 0.18, 0.82];
/** Then beside its edge, this many label heights off it, on either side (a short link has no room along it). */
const ASIDE = [0, 1.1, -1.1, 2, -2];

export interface FloorResult {
  /** The groups drawn, in placing order. */
  shown: LabelGroup[];
  /** The groups left out because their labels would have run into others. */
  hidden: LabelGroup[];
}

/**
 * Sizes every target for `zoom` so that it is at least `px` on screen (a
 * label whose stylesheet already makes it larger keeps its size), and hides
 * the groups that would overlap. Labels closer than `gapPx` on screen count
 * as overlapping.
 */
export function floorLabels(
  targets: readonly FloorTarget[],
  zoom: number,
  px: number,
  gapPx = 4,
): FloorResult {
  const result: FloorResult = { shown: [], hidden: [] };
  if (!(zoom > 0)) return result;
  const least = px / zoom;
  const gap = gapPx / zoom;
  const placed = new BoxIndex(least * 4);
  const bodies = new BoxIndex(least * 4);
  for (const t of targets) {
    const b = t.body?.();
    if (b) bodies.add(b);
  }
  const pad = (b: ModelRect) => ({
    x1: b.x1 - gap,
    y1: b.y1 - gap,
    x2: b.x2 + gap,
    y2: b.y2 + gap,
  });
  for (const group of LABEL_GROUPS) {
    const members = targets.filter((t) => t.group === group);
    if (members.length === 0) continue;
    const own = new BoxIndex(least * 4);
    const free = (b: ModelRect) => !placed.hits(pad(b)) && !own.hits(pad(b));
    let fits = true;
    for (const t of members) {
      t.setSize(Math.max(t.fontSize, least));
      const b = t.slide
        ? slideClear(
            t,
            least,
            (box) => placed.overlap(pad(box)) + own.overlap(pad(box)) + bodies.overlap(box),
          )
        : t.box();
      if (!b) continue;
      if (!ALWAYS.has(group) && !free(b)) {
        fits = false;
        break;
      }
      own.add(b);
    }
    if (fits) {
      placed.addAll(own);
      result.shown.push(group);
    } else {
      for (const t of members) t.setSize(null);
      result.hidden.push(group);
    }
  }
  return result;
}

/**
 * Slides an edge's label (`height` high) to the first place along its edge,
 * then beside it, where it covers nothing, or where it covers least
 * (`covered`, an area) if there is none; returns its box there.
 */
function slideClear(
  t: FloorTarget,
  height: number,
  covered: (box: ModelRect) => number,
): ModelRect | null {
  let best = { at: 0.5, aside: 0, area: Infinity };
  for (const side of ASIDE)
    for (const at of SLIDES) {
      const aside = side * height;
      t.slide!(at, aside);
      const b = t.box();
      if (!b) return null;
      const area = covered(b);
      if (area === 0) return b;
      if (area < best.area) best = { at, aside, area };
    }
  t.slide!(best.at, best.aside);
  return t.box();
}

/** Boxes in a uniform grid, so that a site of thousands of labels is checked in linear time. */
class BoxIndex {
  private readonly cells = new Map<string, ModelRect[]>();
  private readonly all: ModelRect[] = [];
  constructor(private readonly cell: number) {}

  private keys(b: ModelRect): string[] {
    const keys: string[] = [];
    const [cx1, cx2] = [Math.floor(b.x1 / this.cell), Math.floor(b.x2 / this.cell)];
    const [cy1, cy2] = [Math.floor(b.y1 / this.cell), Math.floor(b.y2 / this.cell)];
    for (let x = cx1; x <= cx2; x++) for (let y = cy1; y <= cy2; y++) keys.push(`${x},${y}`);
    return keys;
  }

  add(b: ModelRect): void {
    this.all.push(b);
    for (const k of this.keys(b)) {
      const list = this.cells.get(k);
      if (list) list.push(b);
      else this.cells.set(k, [b]);
    }
  }

  addAll(other: BoxIndex): void {
    for (const b of other.all) this.add(b);
  }

  hits(b: ModelRect): boolean {
    for (const k of this.keys(b))
      for (const o of this.cells.get(k) ?? [])
        if (b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2) return true;
    return false;
  }

  /** The area of `b` the boxes cover, each box counted once. */
  overlap(b: ModelRect): number {
    const seen = new Set<ModelRect>();
    let area = 0;
    for (const k of this.keys(b))
      for (const o of this.cells.get(k) ?? []) {
        if (seen.has(o)) continue;
        seen.add(o);
        const w = Math.min(b.x2, o.x2) - Math.max(b.x1, o.x1);
        const h = Math.min(b.y2, o.y2) - Math.max(b.y1, o.y1);
        if (w > 0 && h > 0) area += w * h;
      }
    return area;
  }
}
