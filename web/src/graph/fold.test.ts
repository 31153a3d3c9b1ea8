import { buildDemoEstate, buildSingleSiteEstate, type GeneratedTopologyKind } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { siteElements, type GraphElements } from './elements.ts';
import {
  defaultFoldState,
  drawnAs,
  foldAll,
  foldedGroups,
  isFolded,
  planFolds,
  toggleFold,
  type FoldPlan,
} from './fold.ts';
import { foldElements } from './fold-elements.ts';

function site(kind: GeneratedTopologyKind, params: Record<string, number>) {
  const estate = buildSingleSiteEstate(kind, params);
  const full = siteElements(estate, estate.sites[0]!.id);
  return { estate, full, plan: planFolds(full, kind) };
}

const devices = (g: GraphElements) => g.nodes.filter((n) => n.data.kind === 'device');
const folds = (g: GraphElements) => g.nodes.filter((n) => n.data.kind === 'fold');
const capacity = (edges: GraphElements['edges']) =>
  edges.reduce((s, e) => s + Number(e.data.capacity), 0);

/** Capacity of the links whose two ends fold into the same folded group: they are not drawn. */
function hiddenCapacity(full: GraphElements, plan: FoldPlan, folded: ReadonlySet<string>) {
  const inside = full.edges.filter((e) => {
    const g = drawnAs(plan, folded, e.source);
    return g !== e.source && drawnAs(plan, folded, e.target) === g;
  });
  return capacity(inside);
}

describe('planFolds on a fat-tree', () => {
  it('k=8: one group per pod (k/2 + k/2 switches, (k/2)^2 hosts); 16 cores stay apart', () => {
    const { plan } = site('fat-tree', { k: 8 });
    const units = plan.groups.filter((g) => g.kind === 'unit');
    expect(units.map((g) => g.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((p) => `Pod ${p}`));
    for (const g of units) expect([g.switches, g.hosts]).toEqual([8, 16]);
    expect(plan.groups.filter((g) => g.kind === 'top')).toHaveLength(0);
  });

  it('k=32: 32 pods of 16 + 16 switches and 256 hosts, cores in 16 runs of 16 inside one tier group', () => {
    const { plan } = site('fat-tree', { k: 32 });
    const units = plan.groups.filter((g) => g.kind === 'unit');
    const tops = plan.groups.filter((g) => g.kind === 'top');
    expect(units).toHaveLength(32);
    for (const g of units) expect([g.switches, g.hosts]).toEqual([32, 256]);
    // 16 runs × 32 pods = 512 lines > meshMax: the tier folds as a whole too.
    const [tier, ...runs] = tops;
    expect([tier!.label, tier!.switches, tier!.parentId]).toEqual(['Cores 1–256', 256, undefined]);
    expect(runs.map((g) => [g.switches, g.parentId])).toEqual(Array(16).fill([16, tier!.id]));
    expect(runs[0]!.label).toBe('Cores 1–16');
    expect(plan.parentOf.size).toBe(16);
    // Each device maps to its innermost group: a core to its run.
    expect(plan.groupOf.size).toBe(8192 + 1280);
    expect(plan.groupOf.get(runs[0]!.memberIds[0]!)).toBe(runs[0]!.id);
  });

  it('k=16: 8 runs × 16 pods = 128 lines, so the cores fold in runs only', () => {
    const { plan } = site('fat-tree', { k: 16 });
    const tops = plan.groups.filter((g) => g.kind === 'top');
    expect(tops.map((g) => [g.switches, g.parentId])).toEqual(Array(8).fill([8, undefined]));
  });
});

describe('foldElements', () => {
  it('draws a site exactly as before when nothing is folded', () => {
    const estate = buildDemoEstate();
    for (const s of estate.sites) {
      const full = siteElements(estate, s.id);
      const plan = planFolds(full, s.topology.kind);
      const state = defaultFoldState(full);
      expect(state.base, s.id).toBe('unfolded');
      expect(foldElements(full, plan, foldedGroups(plan, state))).toBe(full);
    }
  });

  it('k=8 folded: 8 pod nodes and 16 cores, one edge per pod–core pair', () => {
    const { full, plan } = site('fat-tree', { k: 8 });
    const folded = foldedGroups(plan, foldAll(true));
    const g = foldElements(full, plan, folded);
    expect(folds(g)).toHaveLength(8);
    expect(devices(g).map((n) => n.data.role)).toEqual(Array(16).fill('core'));
    expect(g.edges).toHaveLength(8 * 16);
    expect(capacity(g.edges)).toBe(capacity(full.edges) - hiddenCapacity(full, plan, folded));
  });

  it('k=32 folded: 33 nodes and 32 edges whose capacities sum to the pod–core links', () => {
    const { full, plan } = site('fat-tree', { k: 32 });
    const state = defaultFoldState(full);
    expect(state.base).toBe('folded');
    const folded = foldedGroups(plan, state);
    const g = foldElements(full, plan, folded);
    expect(g.nodes).toHaveLength(32 + 1);
    expect(folds(g).find((n) => n.data.groupKind === 'top')!.data.name).toBe('Cores 1–256');
    // Each pod's 16 aggregation switches have 16 uplinks of 100 Gb/s each.
    expect(g.edges).toHaveLength(32);
    for (const e of g.edges) expect([e.data.links, e.data.capacity]).toEqual([256, 25600]);
    const podToCore = full.edges.filter((e) => e.target.includes('.core-'));
    expect(capacity(g.edges)).toBe(capacity(podToCore));
    expect(capacity(g.edges)).toBe(capacity(full.edges) - hiddenCapacity(full, plan, folded));
  });

  it('k=32: unfolding the cores shows their 16 runs, each linked to all 32 pods', () => {
    const { full, plan } = site('fat-tree', { k: 32 });
    const tier = plan.groups.find((g) => g.label === 'Cores 1–256')!;
    const folded = foldedGroups(plan, toggleFold(foldAll(true), tier.id, plan));
    const g = foldElements(full, plan, folded);
    expect(g.nodes).toHaveLength(32 + 16);
    expect(g.edges).toHaveLength(32 * 16);
    for (const e of g.edges) expect([e.data.links, e.data.capacity]).toEqual([16, 1600]);
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(g.nodes.length);
  });

  it('unfolding a run of a folded tier (the group list) unfolds the tier too, and only that run', () => {
    const { full, plan } = site('fat-tree', { k: 32 });
    const run = plan.groups.find((g) => g.label === 'Cores 17–32')!;
    const state = toggleFold(foldAll(true), run.id, plan);
    expect([isFolded(state, run.id), isFolded(state, run.parentId!)]).toEqual([false, false]);
    const g = foldElements(full, plan, foldedGroups(plan, state));
    expect(devices(g).map((n) => n.id)).toEqual(run.memberIds);
    expect(folds(g)).toHaveLength(32 + 15);
    // Folding the run again leaves the tier unfolded.
    const again = toggleFold(state, run.id, plan);
    expect([isFolded(again, run.id), isFolded(again, run.parentId!)]).toEqual([true, false]);
  });

  it('unfolding one pod adds exactly its switches and hosts, in a box', () => {
    const { full, plan } = site('fat-tree', { k: 32 });
    const before = foldElements(full, plan, foldedGroups(plan, foldAll(true)));
    const pod = plan.groups.find((g) => g.label === 'Pod 5')!;
    const state = toggleFold(foldAll(true), pod.id, plan);
    expect(isFolded(state, pod.id)).toBe(false);
    const folded = foldedGroups(plan, state);
    const after = foldElements(full, plan, folded);
    expect(after.nodes.length - before.nodes.length).toBe(16 + 16 + 256);
    expect(new Set(devices(after).map((n) => n.id))).toEqual(new Set(pod.memberIds));
    expect(after.nodes.filter((n) => n.data.foldId === pod.id && n.data.kind === 'group')).toEqual([
      expect.objectContaining({ id: `foldbox:${pod.id}` }),
    ]);
    // 512 links inside the pod drawn one by one, each aggregation switch to the folded cores.
    expect(after.edges).toHaveLength(31 + 512 + 16);
    expect(capacity(after.edges)).toBe(capacity(full.edges) - hiddenCapacity(full, plan, folded));
    // Folding it again gives the first picture back.
    expect(foldElements(full, plan, foldedGroups(plan, toggleFold(state, pod.id, plan)))).toEqual(
      before,
    );
  });

  it('places every drawn node once, unfolded pods without overlapping folded ones', () => {
    const { full, plan } = site('fat-tree', { k: 16 });
    const pod = plan.groups[3]!;
    const g = foldElements(full, plan, foldedGroups(plan, toggleFold(foldAll(true), pod.id, plan)));
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(g.nodes.length);
    const box = g.nodes.find((n) => n.id === `foldbox:${pod.id}`)!;
    const [bw, bh] = [Number(box.data.w) / 2, Number(box.data.h) / 2];
    for (const n of devices(g).filter((d) => pod.memberIds.includes(d.id))) {
      expect(Math.abs(n.position.x - box.position.x)).toBeLessThan(bw);
      expect(Math.abs(n.position.y - box.position.y)).toBeLessThan(bh);
    }
    for (const f of folds(g).filter((n) => n.data.groupKind === 'unit')) {
      const apart =
        Math.abs(f.position.x - box.position.x) >= bw + Number(f.data.w) / 2 ||
        Math.abs(f.position.y - box.position.y) >= bh + Number(f.data.h) / 2;
      expect(apart, f.id).toBe(true);
    }
  });
});

describe('planFolds on the other topologies', () => {
  it('three-tier: one block per aggregation pair', () => {
    const { plan } = site('three-tier', { aggregations: 8 });
    const units = plan.groups.filter((g) => g.kind === 'unit');
    expect(units.map((g) => g.label)).toEqual(['Block 1', 'Block 2', 'Block 3', 'Block 4']);
  });

  it('leaf-spine: racks of a leaf and its hosts, merged into runs past 48', () => {
    const small = site('leaf-spine', { spines: 4, leaves: 8, hostsPerLeaf: 8 }).plan;
    expect(small.groups.map((g) => [g.label, g.switches, g.hosts])[0]).toEqual(['Rack 1', 1, 8]);
    const { full, plan } = site('leaf-spine', { spines: 32, leaves: 200, hostsPerLeaf: 4 });
    const units = plan.groups.filter((g) => g.kind === 'unit');
    expect(units.length).toBeLessThanOrEqual(48);
    expect(units[0]!.label).toBe('Racks 1–5');
    expect(units.reduce((s, g) => s + g.hosts, 0)).toBe(800);
    const g = foldElements(full, plan, foldedGroups(plan, foldAll(true)));
    expect(capacity(g.edges)).toBe(
      capacity(full.edges) - hiddenCapacity(full, plan, foldedGroups(plan, foldAll(true))),
    );
  });

  it('BCube: a cell per level-0 switch with its servers; upper levels in runs', () => {
    const cells = site('bcube', { n: 4, k: 2 }).plan.groups;
    expect(cells.map((g) => [g.label, g.switches, g.hosts])[15]).toEqual(['Cell 16', 1, 4]);
    expect(cells).toHaveLength(16);
    const { plan } = site('bcube', { n: 8, k: 2 });
    const units = plan.groups.filter((g) => g.kind === 'unit');
    // 64 cells are more than 48: runs of two.
    expect(units).toHaveLength(32);
    for (const g of units) expect([g.switches, g.hosts]).toEqual([2, 16]);
    // Two upper levels of 64 switches, in runs of 8: 8 runs × 32 cells is past meshMax.
    const tops = plan.groups.filter((g) => g.kind === 'top');
    const tiers = tops.filter((g) => g.parentId === undefined);
    expect(tiers.map((g) => [g.label, g.switches])).toEqual([
      ['Level 1 1–64', 64],
      ['Level 2 1–64', 64],
    ]);
    const runs = tops.filter((g) => g.parentId !== undefined);
    expect(runs.reduce((s, g) => s + g.switches, 0)).toBe(128);
    expect(runs[0]!.label).toBe('Level 1 1–8');
  });
});
