import { buildDemoEstate, buildSingleSiteEstate, type TopologyKind } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { siteElements, type GraphElements } from './elements.ts';
import {
  defaultFoldState,
  foldAll,
  foldedGroups,
  foldElements,
  isFolded,
  planFolds,
  toggleFold,
  type FoldPlan,
} from './fold.ts';

function site(kind: TopologyKind, params: Record<string, number>) {
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
    const g = plan.groupOf.get(e.source);
    return g !== undefined && folded.has(g) && plan.groupOf.get(e.target) === g;
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

  it('k=32: 32 pods of 16 + 16 switches and 256 hosts, cores in 16 runs of 16', () => {
    const { plan } = site('fat-tree', { k: 32 });
    const units = plan.groups.filter((g) => g.kind === 'unit');
    const tops = plan.groups.filter((g) => g.kind === 'top');
    expect(units).toHaveLength(32);
    for (const g of units) expect([g.switches, g.hosts]).toEqual([32, 256]);
    expect(tops).toHaveLength(16);
    expect(tops.map((g) => g.switches)).toEqual(Array(16).fill(16));
    expect(tops[0]!.label).toBe('Cores 1–16');
    expect(plan.groupOf.size).toBe(8192 + 1280);
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

  it('k=32 folded: 48 nodes and 512 edges whose capacities sum to the pod–core links', () => {
    const { full, plan } = site('fat-tree', { k: 32 });
    const state = defaultFoldState(full);
    expect(state.base).toBe('folded');
    const folded = foldedGroups(plan, state);
    const g = foldElements(full, plan, folded);
    expect(g.nodes).toHaveLength(32 + 16);
    expect(g.edges).toHaveLength(32 * 16);
    for (const e of g.edges) expect([e.data.links, e.data.capacity]).toEqual([16, 1600]);
    const podToCore = full.edges.filter((e) => e.target.includes('.core-'));
    expect(capacity(g.edges)).toBe(capacity(podToCore));
    expect(capacity(g.edges)).toBe(capacity(full.edges) - hiddenCapacity(full, plan, folded));
  });

  it('unfolding one pod adds exactly its switches and hosts, in a box', () => {
    const { full, plan } = site('fat-tree', { k: 32 });
    const before = foldElements(full, plan, foldedGroups(plan, foldAll(true)));
    const pod = plan.groups.find((g) => g.label === 'Pod 5')!;
    const state = toggleFold(foldAll(true), pod.id);
    expect(isFolded(state, pod.id)).toBe(false);
    const folded = foldedGroups(plan, state);
    const after = foldElements(full, plan, folded);
    expect(after.nodes.length - before.nodes.length).toBe(16 + 16 + 256);
    expect(new Set(devices(after).map((n) => n.id))).toEqual(new Set(pod.memberIds));
    expect(after.nodes.filter((n) => n.data.foldId === pod.id && n.data.kind === 'group')).toEqual([
      expect.objectContaining({ id: `foldbox:${pod.id}` }),
    ]);
    // 512 links inside the pod drawn one by one, each aggregation switch to its run of cores.
    expect(after.edges).toHaveLength(31 * 16 + 512 + 16);
    expect(capacity(after.edges)).toBe(capacity(full.edges) - hiddenCapacity(full, plan, folded));
    // Folding it again gives the first picture back.
    expect(foldElements(full, plan, foldedGroups(plan, toggleFold(state, pod.id)))).toEqual(before);
  });

  it('places every drawn node once, unfolded pods without overlapping folded ones', () => {
    const { full, plan } = site('fat-tree', { k: 16 });
    const pod = plan.groups[3]!;
    const g = foldElements(full, plan, foldedGroups(plan, toggleFold(foldAll(true), pod.id)));
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
    const tops = plan.groups.filter((g) => g.kind === 'top');
    expect(tops.reduce((s, g) => s + g.switches, 0)).toBe(128);
    expect(tops[0]!.label).toBe('Level 1 1–8');
  });
});
