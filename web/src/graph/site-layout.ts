/**
 * The layered layout of one site's fabric: tiers as rows (gateway on top,
 * hosts at the bottom), pods side by side, hosts under the switch they hang
 * off. Pure and deterministic.
 */
import type { Device, Link, TopologyKind } from '@vmmi/shared';
import type { LayoutGroup, LayoutRow, Point, SiteLayout } from './layout-types.ts';
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
  /** Extra horizontal space between two pods or blocks. */
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

/** Infers the topology from the roles present, for estates whose site record is not at hand. */
export function inferTopologyKind(devices: readonly Device[]): TopologyKind | undefined {
  const roles = new Set(devices.map((d) => d.role));
  if (roles.has('bcube-switch')) return 'bcube';
  if (roles.has('edge')) return 'fat-tree';
  if (roles.has('access')) return 'three-tier';
  if (roles.has('leaf') || roles.has('spine')) return 'leaf-spine';
  return undefined;
}

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

/**
 * The tier of a device, smaller is higher on screen. Gaps between values are
 * compacted into consecutive rows later, so leaf-spine (no aggregation) has no
 * empty row. BCube's highest level sits at the top, level 0 just above the servers.
 */
function tierOf(d: Device, maxLevel: number): number {
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
      return 100;
  }
}

function rowCaption(devices: readonly Device[], kind: TopologyKind | undefined): string {
  const first = devices[0]!;
  if (first.role === 'bcube-switch') return `Level ${first.level ?? 0}`;
  if (first.role === 'host') return kind === 'bcube' ? 'Servers' : 'Hosts';
  const roles = [...new Set(devices.map((d) => ROLE_CAPTION[d.role]))];
  return roles.join(' / ');
}

/** Divisors of n, ascending: host grids are only ever full rectangles. */
function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
}

/** Width of the slot row when every host grid has at most `rows` rows. */
function slotRowWidth(
  slots: readonly Slot[],
  rows: number,
  o: Required<SiteLayoutOptions>,
): number {
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
function chooseHostRows(
  slots: readonly Slot[],
  switchRows: number,
  minWidth: number,
  o: Required<SiteLayoutOptions>,
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

const byPodThenId = (a: Device, b: Device): number =>
  (a.pod ?? Number.MAX_SAFE_INTEGER) - (b.pod ?? Number.MAX_SAFE_INTEGER) ||
  naturalCompare(a.id, b.id);

interface Slot {
  switchId: string | null;
  pod: number | undefined;
  hosts: Device[];
  cols: number;
  width: number;
  centre: number;
}

/**
 * The layered layout of one site: one row per tier (gateway on top, hosts at
 * the bottom), and below-to-above nesting: hosts in a grid under the switch
 * they hang off, those switches grouped by pod, and the switches of a pod's
 * upper tiers (fat-tree aggregation, three-tier aggregation) spread over the
 * width of their pod. Rows without pods (core, spine, BCube upper levels) are
 * spread evenly over the whole width. The result depends only on the devices
 * and links given, never on their order.
 */
export function layoutSite(
  devices: readonly Device[],
  links: readonly Link[],
  kind: TopologyKind | undefined = inferTopologyKind(devices),
  options: SiteLayoutOptions = {},
): SiteLayout {
  const o = { ...SITE_LAYOUT_DEFAULTS, ...options };
  const sorted = [...devices].sort((a, b) => naturalCompare(a.id, b.id));
  const byId = new Map(sorted.map((d) => [d.id, d]));
  const maxLevel = Math.max(
    0,
    ...sorted.filter((d) => d.role === 'bcube-switch').map((d) => d.level ?? 0),
  );
  const tier = new Map(sorted.map((d) => [d.id, tierOf(d, maxLevel)]));

  // Lists grow in place: copying them per link is quadratic in the degree (a k=32 core has 32 links).
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const neighbours = new Map<string, string[]>();
  for (const l of links) {
    if (!byId.has(l.a) || !byId.has(l.b)) continue;
    push(neighbours, l.a, l.b);
    push(neighbours, l.b, l.a);
  }

  // A host's parent is the switch just above it: the neighbour switch of the lowest row (the
  // first by id on a tie). One pass per host, no arrays: a k=32 fat-tree has 8,192 hosts.
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

  // The slot row: every switch that some host hangs off, plus its row mates without hosts.
  const parentTiers = new Set(
    [...childrenOf.keys()].filter((id) => id !== null).map((id) => tier.get(id)!),
  );
  const slotTier = parentTiers.size ? Math.max(...parentTiers) : undefined;
  const slotSwitches = sorted
    .filter((d) => d.role !== 'host' && d.role !== 'gateway' && tier.get(d.id) === slotTier)
    .sort(byPodThenId);
  const slots: Slot[] = slotSwitches.map((s) => ({
    switchId: s.id,
    pod: s.pod,
    hosts: childrenOf.get(s.id) ?? [],
    cols: 1,
    width: 0,
    centre: 0,
  }));
  const orphans = childrenOf.get(null);
  if (orphans)
    slots.push({ switchId: null, pod: undefined, hosts: orphans, cols: 1, width: 0, centre: 0 });

  // Rows: distinct tiers, top to bottom.
  // One pass over the devices into their rows, still in id order, then each row by pod.
  const byTier = new Map<number, Device[]>();
  for (const d of sorted) push(byTier, tier.get(d.id)!, d);
  const tiers = [...byTier.keys()].sort((a, b) => a - b);
  const rowMembers = tiers.map((t) => byTier.get(t)!.sort(byPodThenId));
  // Pods of the slot row; switches of other rows in those pods spread over their pod.
  const slotPods = new Set(slots.filter((s) => s.switchId !== null).map((s) => s.pod));
  const unpodded = (ds: Device[]) => ds.filter((d) => d.pod === undefined || !slotPods.has(d.pod));
  const switchRowsWidth = Math.max(
    0,
    ...rowMembers.map((ds) => (ds[0]!.role === 'host' ? 0 : unpodded(ds).length * o.switchSpacing)),
  );
  const switchRows = tiers.filter((t) => t !== 100).length;
  const hostRows = chooseHostRows(slots, switchRows, switchRowsWidth, o);

  // Place the slots left to right, with a gap whenever the pod changes.
  const podExtent = new Map<number, { x1: number; x2: number }>();
  let cursor = 0;
  slots.forEach((slot, i) => {
    if (i > 0 && slot.pod !== slots[i - 1]!.pod) cursor += o.podGap;
    slot.cols = Math.max(1, Math.ceil(slot.hosts.length / hostRows));
    slot.width = Math.max(o.switchSpacing, slot.cols * o.hostSpacing);
    slot.centre = cursor + slot.width / 2;
    if (slot.pod !== undefined && slot.switchId !== null) {
      const e = podExtent.get(slot.pod) ?? { x1: cursor, x2: cursor };
      podExtent.set(slot.pod, { x1: Math.min(e.x1, cursor), x2: cursor + slot.width });
    }
    cursor += slot.width;
  });
  const slotWidth = cursor;
  const width = Math.max(slotWidth, switchRowsWidth);
  const hostBlock = (hostRows - 1) * o.hostSpacing;
  const rowGap = Math.min(
    o.maxRowGap,
    Math.max(
      o.rowGap,
      ((width * o.viewportHeight) / o.viewportWidth - hostBlock) / Math.max(1, tiers.length - 1),
    ),
  );
  const shift = (width - slotWidth) / 2;
  for (const slot of slots) slot.centre += shift;
  for (const [pod, e] of podExtent) podExtent.set(pod, { x1: e.x1 + shift, x2: e.x2 + shift });

  const positions = new Map<string, Point>();
  const spread = (ds: Device[], x1: number, x2: number, y: number) => {
    const step = Math.min((x2 - x1) / ds.length, o.maxSpread);
    const start = (x1 + x2) / 2 - (step * (ds.length - 1)) / 2;
    ds.forEach((d, i) => positions.set(d.id, { x: start + i * step, y }));
  };

  const rows: LayoutRow[] = [];
  let hostRowsBelow = 0;
  tiers.forEach((t, r) => {
    const ds = rowMembers[r]!;
    const y = r * rowGap;
    rows.push({ id: `row-${r}`, label: rowCaption(ds, kind), y });
    if (ds[0]!.role === 'host') {
      for (const slot of slots) {
        slot.hosts.forEach((h, i) => {
          const row = Math.floor(i / slot.cols);
          const inRow = Math.min(slot.cols, slot.hosts.length - row * slot.cols);
          const col = i % slot.cols;
          positions.set(h.id, {
            x: slot.centre + (col - (inRow - 1) / 2) * o.hostSpacing,
            y: y + row * o.hostSpacing,
          });
          hostRowsBelow = Math.max(hostRowsBelow, row);
        });
      }
      return;
    }
    if (t === slotTier) {
      for (const slot of slots)
        if (slot.switchId) positions.set(slot.switchId, { x: slot.centre, y });
      return;
    }
    // Switches of a pod spread over their pod; the rest over the whole width.
    const byPod = new Map<number, Device[]>();
    for (const d of ds) if (d.pod !== undefined && podExtent.has(d.pod)) push(byPod, d.pod, d);
    for (const [pod, members] of byPod) {
      const e = podExtent.get(pod)!;
      spread(members, e.x1, e.x2, y);
    }
    const rest = unpodded(ds);
    if (rest.length) spread(rest, 0, width, y);
  });

  const groups = podGroups(sorted, positions, podExtent, kind, { ...o, rowGap });
  const bottom = (rows.at(-1)?.y ?? 0) + hostRowsBelow * o.hostSpacing;
  return {
    positions,
    rows,
    groups,
    bounds: { x1: 0, y1: 0, x2: width, y2: bottom },
  };
}

/** Boxes behind pods that hold more than one switch of the slot row (fat-tree pods, three-tier blocks). */
function podGroups(
  devices: readonly Device[],
  positions: Map<string, Point>,
  podExtent: Map<number, { x1: number; x2: number }>,
  kind: TopologyKind | undefined,
  o: Required<SiteLayoutOptions>,
): LayoutGroup[] {
  if (kind !== 'fat-tree' && kind !== 'three-tier') return [];
  const groups: LayoutGroup[] = [];
  // The highest and lowest member of each pod, in one pass over the devices.
  const ys = new Map<number, { min: number; max: number }>();
  for (const d of devices) {
    if (d.pod === undefined || d.role === 'gateway' || !podExtent.has(d.pod)) continue;
    const y = positions.get(d.id)!.y;
    const r = ys.get(d.pod);
    if (r) {
      r.min = Math.min(r.min, y);
      r.max = Math.max(r.max, y);
    } else ys.set(d.pod, { min: y, max: y });
  }
  const pods = [...podExtent.keys()].sort((a, b) => a - b);
  for (const pod of pods) {
    const e = podExtent.get(pod)!;
    const { min, max } = ys.get(pod) ?? { min: Infinity, max: -Infinity };
    const pad = o.podGap / 2 - 4;
    const y1 = min - Math.min(o.rowGap / 2, 60) + 8;
    const y2 = max + o.hostSpacing / 2 + 6;
    groups.push({
      id: `pod-${pod}`,
      label: kind === 'fat-tree' ? `Pod ${pod}` : `Block ${pod + 1}`,
      x: (e.x1 + e.x2) / 2,
      y: (y1 + y2) / 2,
      width: e.x2 - e.x1 + 2 * pad,
      height: y2 - y1,
    });
  }
  return groups;
}
