/**
 * Semantic zoom of a site view: which devices fold together (a pod, block,
 * rack or BCube cell with its hosts; a run of core, spine or upper-level
 * switches, a custom fabric's leaf with its hosts), which groups are folded;
 * fold-elements.ts draws the picture that results. Pure and deterministic, on
 * the plain elements of elements.ts: the canvas draws a folded fat-tree k=32
 * as a few dozen boxes instead of 33,000 elements.
 */
import type { TopologyKind } from '@vmmi/shared';
import type { GraphElements, GraphNode } from './elements.ts';
import { naturalCompare } from './natural-compare.ts';

/** Folding thresholds, with why each value. */
export const FOLD_DEFAULTS = {
  /** Sites drawing more devices and links than this open folded; the demo's largest (ams1, fat-tree k=8) draws 622. */
  autoFoldAbove: 2000,
  /** A tier of top switches folds, in runs of about √n, only above this size (a fat-tree k=32 has 256 cores). */
  topFoldMin: 16,
  /** At most this many unit groups: more pods or racks are merged in consecutive runs (1,024 leaves → 47 groups). */
  maxUnits: 48,
  /**
   * Lines a tier's runs would draw to the unit groups (runs × groups), above which the tier
   * also folds as a whole, around its runs. A fat-tree k=32's 16 core runs each reach all
   * 32 pods: 512 lines that say only that, and that cost Cytoscape ~250 ms to draw first.
   */
  meshMax: 128,
} as const;

/** A set of devices drawn as one node while folded. */
export interface FoldGroup {
  /** The node id of the folded group, `fold:<site>:<key>`. */
  id: string;
  label: string;
  /** `unit`: pods, blocks, racks or cells with their hosts; `top`: core, spine or upper-level switches. */
  kind: 'unit' | 'top';
  /** Device node ids, in layout order. */
  memberIds: readonly string[];
  switches: number;
  hosts: number;
  vms: number;
  /** Mean host load (0..1) of the member hosts. */
  load: number;
  /** A run of a tier that also folds as a whole: the id of the tier's group, which hides the run while folded. */
  parentId?: string;
}

export interface FoldPlan {
  groups: readonly FoldGroup[];
  /** Device id → id of the innermost group it folds into; devices absent here (gateways) are always drawn. */
  groupOf: ReadonlyMap<string, string>;
  /** Group id → id of the group around it (`FoldGroup.parentId`). */
  parentOf: ReadonlyMap<string, string>;
}

/** Which groups are folded: all or none, except those the user flipped one by one. */
export interface FoldState {
  base: 'folded' | 'unfolded';
  flipped: ReadonlySet<string>;
}

const UNIT_NOUN: Partial<Record<TopologyKind, [string, string]>> = {
  'fat-tree': ['Pod', 'Pods'],
  'three-tier': ['Block', 'Blocks'],
  'leaf-spine': ['Rack', 'Racks'],
  bcube: ['Cell', 'Cells'],
  custom: ['Pod', 'Pods'],
};

const TOP_CAPTION: Record<string, string> = { core: 'Cores', spine: 'Spines' };

interface Unit {
  key: string;
  /** Sort key: the pod, or where the cell's or custom unit's switch is drawn. */
  number: number;
  /** A unit around one switch without a pod (custom fabrics) is called by the switch's name. */
  name?: string;
  members: string[];
}

const isSwitch = (n: GraphNode) =>
  n.data.kind === 'device' && n.data.role !== 'host' && n.data.role !== 'gateway';

/**
 * The unit a switch belongs to, if any: its pod, its own cell for a BCube
 * level-0 switch, or, in a custom fabric, itself with its hosts for a switch
 * that hosts hang off and that has no pod (a leaf and its hosts fold together).
 */
function unitKeyOf(n: GraphNode, hasHosts: boolean): string | undefined {
  const { role, pod, level } = n.data;
  if (role === 'core' || role === 'spine') return undefined;
  if (typeof pod === 'number') return `pod-${pod}`;
  if (role === 'bcube-switch' && level === 0) return `cell-${n.id}`;
  if (hasHosts) return `switch-${n.id}`;
  return undefined;
}

/** The tier of a top switch: its role, or its level for BCube. */
const topTierOf = (n: GraphNode): string =>
  n.data.role === 'bcube-switch' ? `level-${n.data.level ?? 0}` : String(n.data.role);

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Which devices of a site's elements fold together. Small sites get groups too: folding is always possible. */
export function planFolds(
  full: GraphElements,
  kind: TopologyKind | undefined,
  options: Partial<typeof FOLD_DEFAULTS> = {},
): FoldPlan {
  const o = { ...FOLD_DEFAULTS, ...options };
  // In the elements' order: groups and runs are sorted below, where the order shows.
  const devices = full.nodes.filter((n) => n.data.kind === 'device');
  const byId = new Map(devices.map((n) => [n.id, n]));
  // Left to right, then top to bottom, as drawn: cheaper than comparing ids, and as deterministic.
  // Each id's position is looked up once, not at every comparison.
  const sortByLayout = (ids: string[]) => {
    const at = ids.map((id) => ({ id, p: byId.get(id)!.position }));
    at.sort((a, b) => a.p.y - b.p.y || a.p.x - b.p.x || naturalCompare(a.id, b.id));
    for (let i = 0; i < at.length; i++) ids[i] = at[i]!.id;
  };
  const siteId = String(devices[0]?.data.siteId ?? '');

  // Units: switches by pod or cell (custom fabrics: or alone with their hosts), then each host with the unit of a neighbour switch.
  const withHosts = new Set<string>();
  if (kind === 'custom')
    for (const e of full.edges) {
      if (byId.get(e.source)?.data.role === 'host') withHosts.add(e.target);
      if (byId.get(e.target)?.data.role === 'host') withHosts.add(e.source);
    }
  const units = new Map<string, Unit>();
  const unitOf = new Map<string, string>();
  const tops = new Map<string, string[]>();
  for (const n of devices) {
    if (!isSwitch(n)) continue;
    const key = unitKeyOf(n, withHosts.has(n.id));
    if (key === undefined) {
      const tier = topTierOf(n);
      const run = tops.get(tier);
      if (run) run.push(n.id);
      else tops.set(tier, [n.id]);
      continue;
    }
    let unit = units.get(key);
    if (!unit) {
      const pod = n.data.pod;
      unit = { key, number: typeof pod === 'number' ? pod : n.position.x, members: [] };
      if (key.startsWith('switch-')) unit.name = String(n.data.name);
      units.set(key, unit);
    }
    unit.members.push(n.id);
    unitOf.set(n.id, key);
  }
  const hostUnit = new Map<string, string>();
  const joinUnit = (host: string, other: string) => {
    if (byId.get(host)?.data.role !== 'host') return;
    const key = unitOf.get(other);
    if (key === undefined) return;
    // A host next to several units (not in the generated fabrics) joins the first by id.
    const current = hostUnit.get(host);
    if (current === undefined || naturalCompare(key, current) < 0) hostUnit.set(host, key);
  };
  // Both ends of every link (a k=32 fat-tree has 33,000): no pair arrays allocated per link.
  for (const e of full.edges) {
    joinUnit(e.source, e.target);
    joinUnit(e.target, e.source);
  }
  for (const n of devices)
    if (n.data.role === 'host') {
      const key = hostUnit.get(n.id);
      if (key !== undefined) units.get(key)!.members.push(n.id);
    }
  for (const u of units.values()) sortByLayout(u.members);
  for (const ids of tops.values()) sortByLayout(ids);

  const groups: FoldGroup[] = [];
  const [noun, plural] = (kind && UNIT_NOUN[kind]) ?? ['Group', 'Groups'];
  const ordered = [...units.values()].sort(
    (a, b) => a.number - b.number || naturalCompare(a.key, b.key),
  );
  // Fat-tree pods count from 0 like the full drawing's boxes; blocks, racks and cells from 1.
  const ordinal = new Map(ordered.map((u, i) => [u, i + 1]));
  const shown = (u: Unit) => (kind === 'fat-tree' ? u.number : ordinal.get(u)!);
  const runSize = Math.ceil(ordered.length / o.maxUnits);
  for (const run of chunk(ordered, runSize)) {
    const first = run[0]!;
    const last = run.at(-1)!;
    const single = run.length === 1;
    const label =
      first.name !== undefined && last.name !== undefined
        ? single
          ? first.name
          : `${first.name}–${last.name}`
        : single
          ? `${noun} ${shown(first)}`
          : `${plural} ${shown(first)}–${shown(last)}`;
    groups.push(
      summarise(
        single ? first.key : `${first.key}..${last.key}`,
        label,
        'unit',
        run.flatMap((u) => u.members),
      ),
    );
  }
  const unitGroups = groups.length;
  for (const [tier, ids] of [...tops].sort(([a], [b]) => naturalCompare(a, b))) {
    if (ids.length <= o.topFoldMin) continue;
    const caption = TOP_CAPTION[tier] ?? tier.replace('level-', 'Level ');
    const size = Math.ceil(Math.sqrt(ids.length));
    const runs = chunk(ids, size);
    const whole =
      runs.length * unitGroups > o.meshMax
        ? summarise(tier, `${caption} 1–${ids.length}`, 'top', ids)
        : undefined;
    if (whole) groups.push(whole);
    runs.forEach((run, i) => {
      const from = i * size + 1;
      const g = summarise(
        `${tier}-${i + 1}`,
        `${caption} ${from}–${from + run.length - 1}`,
        'top',
        run,
      );
      groups.push(whole ? { ...g, parentId: whole.id } : g);
    });
  }

  function summarise(key: string, label: string, k: FoldGroup['kind'], ids: string[]): FoldGroup {
    const hosts = ids.map((id) => byId.get(id)!).filter((n) => n.data.role === 'host');
    const vms = hosts.reduce((s, h) => s + Number(h.data.vms ?? 0), 0);
    const load = hosts.reduce((s, h) => s + Number(h.data.load ?? 0), 0);
    return {
      id: `fold:${siteId}:${key}`,
      label,
      kind: k,
      memberIds: ids,
      switches: ids.length - hosts.length,
      hosts: hosts.length,
      vms,
      load: hosts.length ? load / hosts.length : 0,
    };
  }

  // Runs come after their tier's group, so a device maps to its run.
  const groupOf = new Map<string, string>();
  const parentOf = new Map<string, string>();
  for (const g of groups) {
    for (const id of g.memberIds) groupOf.set(id, g.id);
    if (g.parentId !== undefined) parentOf.set(g.id, g.parentId);
  }
  return { groups, groupOf, parentOf };
}

/** What a device is drawn as: the outermost folded group around it, or itself. */
export function drawnAs(plan: FoldPlan, folded: ReadonlySet<string>, id: string): string {
  const group = plan.groupOf.get(id);
  if (group === undefined) return id;
  const parent = plan.parentOf.get(group);
  if (parent !== undefined && folded.has(parent)) return parent;
  return folded.has(group) ? group : id;
}

/** The folded groups that are drawn: those not inside another folded group. */
export function shownFolds(plan: FoldPlan, folded: ReadonlySet<string>): FoldGroup[] {
  return plan.groups.filter(
    (g) => folded.has(g.id) && !(g.parentId !== undefined && folded.has(g.parentId)),
  );
}

/** How a site opens: folded when its full drawing is larger than `autoFoldAbove` devices and links. */
export function defaultFoldState(
  full: GraphElements,
  autoFoldAbove: number = FOLD_DEFAULTS.autoFoldAbove,
): FoldState {
  const size = full.edges.length + full.nodes.filter((n) => n.data.kind === 'device').length;
  return { base: size > autoFoldAbove ? 'folded' : 'unfolded', flipped: new Set() };
}

export function isFolded(state: FoldState, groupId: string): boolean {
  return state.flipped.has(groupId) !== (state.base === 'folded');
}

/** The ids of the plan's groups folded in `state`. */
export function foldedGroups(plan: FoldPlan, state: FoldState): Set<string> {
  return new Set(plan.groups.filter((g) => isFolded(state, g.id)).map((g) => g.id));
}

/**
 * Folds an unfolded group, or unfolds a folded one. Unfolding a run inside a
 * folded tier (from the group list) unfolds the tier too, so that it shows.
 */
export function toggleFold(state: FoldState, groupId: string, plan: FoldPlan): FoldState {
  const flipped = new Set(state.flipped);
  const flip = (id: string) => {
    if (!flipped.delete(id)) flipped.add(id);
  };
  const parent = plan.parentOf.get(groupId);
  if (parent !== undefined && isFolded(state, groupId) && isFolded(state, parent)) flip(parent);
  flip(groupId);
  return { base: state.base, flipped };
}

/** Every group folded (`folded`) or none. */
export const foldAll = (folded: boolean): FoldState => ({
  base: folded ? 'folded' : 'unfolded',
  flipped: new Set(),
});
