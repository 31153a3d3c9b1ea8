import { describe, expect, it } from 'vitest';
import {
  CUSTOM_SITE_ID,
  customEstate,
  demoAsCustom,
  irregularFabric,
} from './custom-site-fixtures.ts';
import { siteElements } from './elements.ts';
import { foldElements } from './fold-elements.ts';
import { drawnAs, foldAll, foldedGroups, planFolds } from './fold.ts';

const capacity = (edges: { data: { capacity?: string | number } }[]) =>
  edges.reduce((s, e) => s + Number(e.data.capacity ?? 0), 0);

describe('folding a custom fabric', () => {
  const full = siteElements(customEstate(irregularFabric()), CUSTOM_SITE_ID);
  const plan = planFolds(full, 'custom');
  const units = plan.groups.filter((g) => g.kind === 'unit');

  it('folds each leaf with the hosts under it, called by the leaf; a leaf without hosts stays apart', () => {
    const byLabel = Object.fromEntries(units.map((g) => [g.label, [...g.memberIds].sort()]));
    // The dual-homed host h-ab folds with leaf-a, the first of its leaves by id.
    expect(byLabel).toEqual({
      'leaf-a': ['h-a1', 'h-a2', 'h-ab', 'leaf-a'],
      'leaf-b': ['h-b1', 'leaf-b'],
      'leaf-c': ['h-c1', 'h-c2', 'h-c3', 'leaf-c'],
    });
    expect(plan.groupOf.has('leaf-d')).toBe(false);
    // Two spines and four leaves are under topFoldMin (16): no runs of top switches.
    expect(plan.groups.filter((g) => g.kind === 'top')).toEqual([]);
  });

  it('all folded: the gateway, spines and leaf-d drawn, three folds, the capacity between them kept', () => {
    const folded = foldedGroups(plan, foldAll(true));
    const g = foldElements(full, plan, folded);
    const devices = g.nodes.filter((n) => n.data.kind === 'device').map((n) => n.id);
    expect(devices.sort()).toEqual(['gw', 'leaf-d', 's1', 's2']);
    expect(g.nodes.filter((n) => n.data.kind === 'fold')).toHaveLength(3);
    // Links inside a fold vanish: the 7 host links (25G each) and no other.
    const inside = full.edges.filter((e) => {
      const a = drawnAs(plan, folded, e.source);
      return a !== e.source && drawnAs(plan, folded, e.target) === a;
    });
    expect(inside).toHaveLength(7);
    expect(capacity(g.edges)).toBe(capacity(full.edges) - 7 * 25);
    // leaf-b's link to h-ab joins the leaf-b and leaf-a folds.
    expect(
      g.edges.filter((e) => e.data.kind === 'fold-link').map((e) => [e.source, e.target]),
    ).toContainEqual([plan.groupOf.get('h-ab'), plan.groupOf.get('leaf-b')].sort());
  });

  it('a generated estate relabelled custom keeps folding by its pods', () => {
    const estate = demoAsCustom();
    const ams = siteElements(estate, 'ams1');
    const pods = planFolds(ams, 'custom').groups.filter((g) => g.kind === 'unit');
    // ams1 is a fat-tree k=8: 8 pods of 4 + 4 switches and 16 hosts.
    expect(pods).toHaveLength(8);
    for (const g of pods) expect([g.switches, g.hosts]).toEqual([8, 16]);
  });
});
