/**
 * What the two layered site layouts share: the spacing defaults, the tier of
 * each role (rows top to bottom), the row captions, which switch each host
 * hangs off, and the host grids under those switches. The generated fabrics
 * use them in site-layout.ts, custom fabrics in custom-layout.ts. Pure.
 */
import type { Device, Link, TopologyKind } from '@vmmi/shared';
import type { Point } from './layout-types.ts';
import { naturalCompare } from './natural-compare.ts';

/** Spacing of the layered layout, in model units (the canvas zooms to fit). */
export const SITE_LAYOUT_DEFAULTS = {
  /** Minimum horizontal distance between two switches of a row. */
  switchSpacing: 40,
  /** Distance between neighbouring hosts of a host grid, both ways. */
  hostSpacing: 28,
  /** Vertical distance between two tiers, at least; wide sites get up to maxRowGap. */
  rowGap: 110,
  /**
   * Wide fabrics (a k=8 fat-tree) spread their tiers further apart, up to this,
   * so that the picture keeps about the viewport's shape and the dense meshes
   * between tiers are drawn with less overlap.
   */
  maxRowGap: 200,
  /** Extra horizontal space between two pods or blocks (custom fabrics: between two host grids). */
  podGap: 24,
  /**
   * The screen the picture is meant for (the canvas of a laptop-sized window).
   * The host grids under each switch take the shape (one row, a few rows, a
   * rack-like column) that lets the whole site fit this box at the largest scale.
   */
  viewportWidth: 1000,
  viewportHeight: 700,
  /** Sparse rows (two cores over a wide fabric) spread at most this far apart instead of to the edges. */
  maxSpread: 240,
} as const;

export type SiteLayoutOptions = { [K in keyof typeof SITE_LAYOUT_DEFAULTS]?: number };
export type SiteLayoutSettings = Required<SiteLayoutOptions>;

/** The options given over the defaults. */
export const settingsOf = (options: SiteLayoutOptions): SiteLayoutSettings => ({
  ...SITE_LAYOUT_DEFAULTS,
  ...options,
});

const ROLE_CAPTION: Record<Device['role'], string> = {
  gateway: 'Gateway',
  core: 'Core',
  spine: 'Spine',
  aggregation: 'Aggregation',
  access: 'Access',
  edge: 'Edge',
  leaf: 'Leaf',
  'bcube-switch': 'Level',
  host: 'Hosts',
};

/** The tier value of hosts: always the bottom row. */
export const HOST_TIER = 100;

/**
 * The tier of a device, smaller is higher on screen: gateway, core and spine,
 * aggregation, access / leaf / edge, hosts. Gaps between values are compacted
 * into consecutive rows by the layouts, so leaf-spine (no aggregation) has no
 * empty row. BCube's highest level sits at the top, level 0 just above the servers.
 */
export function tierOf(d: Device, maxLevel: number): number {
  switch (d.role) {
    case 'gateway':
      return 0;
    case 'core':
    case 'spine':
      return 10;
    case 'bcube-switch':
      return 10 + (maxLevel - (d.level ?? 0));
    case 'aggregation':
      return 30;
    case 'access':
    case 'edge':
    case 'leaf':
      return 40;
    case 'host':
      return HOST_TIER;
  }
}

/** The tier of every device, by id; BCube levels counted from the site's highest. */
export function tiersOf(devices: readonly Device[]): Map<string, number> {
  const maxLevel = Math.max(
    0,
    ...devices.filter((d) => d.role === 'bcube-switch').map((d) => d.level ?? 0),
  );
  return new Map(devices.map((d) => [d.id, tierOf(d, maxLevel)]));
}

/** The caption at the left of a row, from the roles of its devices. */
export function rowCaption(devices: readonly Device[], kind: TopologyKind | undefined): string {
  const first = devices[0]!;
  if (first.role === 'bcube-switch') return `Level ${first.level ?? 0}`;
  if (first.role === 'host') return kind === 'bcube' ? 'Servers' : 'Hosts';
  const roles = [...new Set(devices.map((d) => ROLE_CAPTION[d.role]))];
  return roles.join(' / ');
}

/** Appends to the list under `key`, in place: copying lists per link is quadratic in the degree. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Each device's neighbours over the links whose two ends are among `byId`, once per link. */
export function neighboursOf(
  byId: ReadonlyMap<string, Device>,
  links: readonly Link[],
): Map<string, string[]> {
  const neighbours = new Map<string, string[]>();
  for (const l of links) {
    if (!byId.has(l.a) || !byId.has(l.b)) continue;
    push(neighbours, l.a, l.b);
    push(neighbours, l.b, l.a);
  }
  return neighbours;
}

/**
 * Hosts by the switch they hang off: the neighbour switch of the lowest row
 * (the first by id on a tie); hosts next to no switch under `null`. Hosts keep
 * the order of `sorted`. One pass per host, no arrays: a k=32 fat-tree has 8,192 hosts.
 */
export function hostsByParent(
  sorted: readonly Device[],
  byId: ReadonlyMap<string, Device>,
  neighbours: ReadonlyMap<string, string[]>,
  tier: ReadonlyMap<string, number>,
): Map<string | null, Device[]> {
  const childrenOf = new Map<string | null, Device[]>();
  for (const h of sorted) {
    if (h.role !== 'host') continue;
    let parent: Device | undefined;
    for (const id of neighbours.get(h.id) ?? []) {
      const d = byId.get(id)!;
      if (d.role === 'host' || d.role === 'gateway') continue;
      const lower = parent === undefined ? 1 : tier.get(d.id)! - tier.get(parent.id)!;
      if (lower > 0 || (lower === 0 && naturalCompare(d.id, parent!.id) < 0)) parent = d;
    }
    push(childrenOf, parent?.id ?? null, h);
  }
  return childrenOf;
}

/** The hosts under one switch, as the host-grid sizing sees them. */
export interface HostSlot {
  pod: number | undefined;
  hosts: readonly Device[];
}

/** Divisors of n, ascending: host grids are only ever full rectangles. */
function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
}

/** Width of the slot row when every host grid has at most `rows` rows. */
function slotRowWidth(slots: readonly HostSlot[], rows: number, o: SiteLayoutSettings): number {
  let width = 0;
  slots.forEach((slot, i) => {
    if (i > 0 && slot.pod !== slots[i - 1]!.pod) width += o.podGap;
    width += Math.max(o.switchSpacing, Math.ceil(slot.hosts.length / rows) * o.hostSpacing);
  });
  return width;
}

/**
 * How many rows the host grids get: the candidate (a divisor of the largest
 * grid) that fits the whole site into the nominal viewport at the largest
 * scale; on a tie, fewer rows.
 */
export function chooseHostRows(
  slots: readonly HostSlot[],
  switchRows: number,
  minWidth: number,
  o: SiteLayoutSettings,
): number {
  const largest = Math.max(1, ...slots.map((s) => s.hosts.length));
  // Room for the row captions at the left and the labels under the bottom row.
  const margin = 120;
  let best = 1;
  let bestScale = -Infinity;
  for (const rows of divisors(largest)) {
    const width = Math.max(minWidth, slotRowWidth(slots, rows, o)) + margin;
    const height = switchRows * o.rowGap + (rows - 1) * o.hostSpacing + margin;
    const scale = Math.min(o.viewportWidth / width, o.viewportHeight / height);
    if (scale > bestScale + 1e-9) [best, bestScale] = [rows, scale];
  }
  return best;
}

/**
 * The distance between two rows: at least `rowGap`, more for wide sites so the
 * picture keeps about the viewport's shape, at most `maxRowGap`.
 */
export function rowGapFor(
  width: number,
  hostRows: number,
  rowCount: number,
  o: SiteLayoutSettings,
): number {
  const hostBlock = (hostRows - 1) * o.hostSpacing;
  return Math.min(
    o.maxRowGap,
    Math.max(
      o.rowGap,
      ((width * o.viewportHeight) / o.viewportWidth - hostBlock) / Math.max(1, rowCount - 1),
    ),
  );
}

/**
 * Places hosts in a grid of `cols` columns centred on `centre`, the first line
 * at `y`, the last line possibly shorter and centred too. Returns the number of
 * the grid's last line (0 for a single line).
 */
export function placeHostGrid(
  hosts: readonly Device[],
  centre: number,
  cols: number,
  y: number,
  hostSpacing: number,
  positions: Map<string, Point>,
): number {
  let lastLine = 0;
  hosts.forEach((h, i) => {
    const line = Math.floor(i / cols);
    const inLine = Math.min(cols, hosts.length - line * cols);
    const col = i % cols;
    positions.set(h.id, {
      x: centre + (col - (inLine - 1) / 2) * hostSpacing,
      y: y + line * hostSpacing,
    });
    lastLine = Math.max(lastLine, line);
  });
  return lastLine;
}

/** What both layouts start from: the devices in id order, their tiers and links, and the hosts by switch. */
export interface SiteGraph {
  sorted: Device[];
  byId: Map<string, Device>;
  tier: Map<string, number>;
  neighbours: Map<string, string[]>;
  childrenOf: Map<string | null, Device[]>;
  /** The devices of each tier, in id order, and the tiers present, top to bottom. */
  byTier: Map<number, Device[]>;
  tiers: number[];
}

export function siteGraph(devices: readonly Device[], links: readonly Link[]): SiteGraph {
  const sorted = [...devices].sort((a, b) => naturalCompare(a.id, b.id));
  const byId = new Map(sorted.map((d) => [d.id, d]));
  const tier = tiersOf(sorted);
  const neighbours = neighboursOf(byId, links);
  const childrenOf = hostsByParent(sorted, byId, neighbours, tier);
  const byTier = new Map<number, Device[]>();
  for (const d of sorted) push(byTier, tier.get(d.id)!, d);
  const tiers = [...byTier.keys()].sort((a, b) => a - b);
  return { sorted, byId, tier, neighbours, childrenOf, byTier, tiers };
}
