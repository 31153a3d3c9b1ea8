import {
  buildDemoEstate,
  buildSingleSiteEstate,
  type Estate,
  type GeneratedTopologyKind,
} from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { customEstate, CUSTOM_SITE_ID, irregularFabric } from './custom-site-fixtures.ts';
import { siteElements, type GraphElements } from './elements.ts';
import { foldedGroups, foldAll, planFolds, type FoldPlan } from './fold.ts';
import { foldElements } from './fold-elements.ts';
import { foldsInRowOrder } from './fold-opening.ts';

/** A mean load summed in another order differs in its last bits: 12 digits are kept. */
const digits12 = (x: number) => Number(x.toPrecision(12));

/** A plan with each unit's members as a set: their order inside a folded unit is never drawn. */
const comparable = (plan: FoldPlan) => ({
  groups: plan.groups.map((g) => ({
    ...g,
    load: digits12(g.load),
    memberIds: g.kind === 'unit' ? [...g.memberIds].sort() : g.memberIds,
  })),
  groupOf: [...plan.groupOf].sort(([a], [b]) => (a < b ? -1 : 1)),
  parentOf: [...plan.parentOf],
});

const rounded = (g: GraphElements): GraphElements => ({
  nodes: g.nodes.map((n) =>
    typeof n.data.load === 'number'
      ? { ...n, data: { ...n.data, load: digits12(n.data.load) } }
      : n,
  ),
  edges: g.edges,
});

/** The full layout's plan and folded picture, against those made in row order. */
function bothWays(estate: Estate, siteId: string) {
  const site = estate.sites.find((s) => s.id === siteId)!;
  const full = siteElements(estate, siteId);
  const plan = planFolds(full, site.topology.kind);
  const rowOrder = foldsInRowOrder(estate, site);
  expect(rowOrder, `${siteId} is folded in row order`).not.toBeNull();
  const allFolded = foldedGroups(plan, foldAll(true));
  return {
    full: { plan: comparable(plan), picture: rounded(foldElements(full, plan, allFolded)) },
    rowOrder: {
      plan: comparable(rowOrder!.plan),
      picture: rounded(foldElements(rowOrder!.elements, rowOrder!.plan, allFolded)),
    },
  };
}

const generated: [GeneratedTopologyKind, Record<string, number>][] = [
  ['fat-tree', { k: 4 }],
  ['fat-tree', { k: 8 }],
  ['fat-tree', { k: 16 }],
  ['leaf-spine', { spines: 4, leaves: 8, hostsPerLeaf: 8 }],
  ['leaf-spine', { spines: 32, leaves: 200, hostsPerLeaf: 4 }],
  ['three-tier', {}],
  ['bcube', { n: 4, k: 2 }],
  ['bcube', { n: 8, k: 2 }],
];

describe('foldsInRowOrder: a generated site folded without its full layout', () => {
  it.each(generated)(
    '%s %j: the same plan and the same folded picture as the full layout',
    (kind, params) => {
      const estate = buildSingleSiteEstate(kind, params);
      const { full, rowOrder } = bothWays(estate, estate.sites[0]!.id);
      expect(rowOrder.plan).toEqual(full.plan);
      expect(rowOrder.picture).toEqual(full.picture);
    },
  );

  it('the same on each of the demo estate’s sites', () => {
    const estate = buildDemoEstate();
    for (const site of estate.sites) {
      const { full, rowOrder } = bothWays(estate, site.id);
      expect(rowOrder.plan, site.id).toEqual(full.plan);
      expect(rowOrder.picture, site.id).toEqual(full.picture);
    }
  });

  it('leaves a custom fabric to its own layout, and an unknown site alone', () => {
    const estate = customEstate(irregularFabric());
    expect(
      foldsInRowOrder(
        estate,
        estate.sites.find((s) => s.id === CUSTOM_SITE_ID)!,
      ),
    ).toBeNull();
    const demo = buildDemoEstate();
    expect(foldsInRowOrder(demo, { ...demo.sites[0]!, id: 'nowhere' })).toBeNull();
  });

  it('declines a site with a host hanging off no pod, which the full layout places in its own way', () => {
    const estate = buildSingleSiteEstate('fat-tree', { k: 4 });
    const host = estate.devices.find((d) => d.role === 'host')!;
    const orphan = { ...host, id: 'orphan-host', name: 'orphan-host' };
    const gateway = estate.devices.find((d) => d.role === 'gateway');
    const withOrphan: Estate = {
      ...estate,
      devices: [...estate.devices, orphan],
      links: gateway
        ? [...estate.links, { ...estate.links[0]!, id: 'orphan-link', a: gateway.id, b: orphan.id }]
        : estate.links,
    };
    expect(foldsInRowOrder(withOrphan, withOrphan.sites[0]!)).toBeNull();
  });
});
