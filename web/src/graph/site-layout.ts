/**
 * The layered layout of one site's fabric: tiers as rows (gateway on top,
 * hosts at the bottom), pods side by side, hosts under the switch they hang
 * off. Pure and deterministic. Custom fabrics (imported graphs) are laid out
 * by custom-layout.ts instead.
 */
import type { Device, Link, TopologyKind } from '@vmmi/shared';
import { layoutCustomSite } from './custom-layout.ts';
import type { LayoutGroup, LayoutRow, Point, SiteLayout } from './layout-types.ts';
import { naturalCompare } from './natural-compare.ts';
import {
  chooseHostRows,
  HOST_TIER,
  placeHostGrid,
  push,
  rowCaption,
  rowGapFor,
  siteGraph,
  settingsOf,
  tiersOf,
  type SiteLayoutOptions,
  type SiteLayoutSettings,
} from './site-tiers.ts';

export { SITE_LAYOUT_DEFAULTS, type SiteLayoutOptions } from './site-tiers.ts';

/** Infers the topology from the roles present, for estates whose site record is not at hand. */
export function inferTopologyKind(devices: readonly Device[]): TopologyKind | undefined {
  const roles = new Set(devices.map((d) => d.role));
  if (roles.has('bcube-switch')) return 'bcube';
  if (roles.has('edge')) return 'fat-tree';
  if (roles.has('access')) return 'three-tier';
  if (roles.has('leaf') || roles.has('spine')) return 'leaf-spine';
  return undefined;
}

const byPodThenId = (a: Device, b: Device): number =>
  (a.pod ?? Number.MAX_SAFE_INTEGER) - (b.pod ?? Number.MAX_SAFE_INTEGER) ||
  naturalCompare(a.id, b.id);

/**
 * Each device placed only by its order: its row (y, the tier) and its rank in
 * that row (x). The layered layout below puts every row's switches left to
 * right in this order (`byPodThenId`) when they are spread over the whole
 * width or stand in the slot row; only switches spread over their own pod and
 * hosts in their grids differ, and the folded opening draws neither
 * (fold-opening.ts checks that before it trusts this). Hosts keep their given order.
 */
export function rowOrderPositions(devices: readonly Device[]): Map<string, Point> {
  const tier = tiersOf(devices);
  const rows = new Map<number, Device[]>();
  for (const d of devices) push(rows, tier.get(d.id)!, d);
  const positions = new Map<string, Point>();
  for (const [y, members] of rows) {
    if (y !== HOST_TIER) members.sort(byPodThenId);
    members.forEach((d, x) => positions.set(d.id, { x, y }));
  }
  return positions;
}

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
 * spread evenly over the whole width. A custom fabric (`kind` 'custom') gets
 * the layered layout of custom-layout.ts. The result depends only on the
 * devices and links given, never on their order.
 */
export function layoutSite(
  devices: readonly Device[],
  links: readonly Link[],
  kind: TopologyKind | undefined = inferTopologyKind(devices),
  options: SiteLayoutOptions = {},
): SiteLayout {
  if (kind === 'custom') return layoutCustomSite(devices, links, options);
  const o = settingsOf(options);
  const { sorted, tier, childrenOf, byTier, tiers } = siteGraph(devices, links);

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
  const rowMembers = tiers.map((t) => byTier.get(t)!.sort(byPodThenId));
  // Pods of the slot row; switches of other rows in those pods spread over their pod.
  const slotPods = new Set(slots.filter((s) => s.switchId !== null).map((s) => s.pod));
  const unpodded = (ds: Device[]) => ds.filter((d) => d.pod === undefined || !slotPods.has(d.pod));
  const switchRowsWidth = Math.max(
    0,
    ...rowMembers.map((ds) => (ds[0]!.role === 'host' ? 0 : unpodded(ds).length * o.switchSpacing)),
  );
  const switchRows = tiers.filter((t) => t !== HOST_TIER).length;
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
  const rowGap = rowGapFor(width, hostRows, tiers.length, o);
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
        const last = placeHostGrid(slot.hosts, slot.centre, slot.cols, y, o.hostSpacing, positions);
        hostRowsBelow = Math.max(hostRowsBelow, last);
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
  o: SiteLayoutSettings,
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
