import { buildSingleSiteEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { siteElements, type GraphElements } from './elements.ts';
import { planFolds } from './fold.ts';
import {
  chooseDetail,
  detailElements,
  detailIndex,
  detailMarks,
  FAR,
  NO_DETAIL,
  type DetailIndex,
} from './detail.ts';
import { MarkSet } from './scene-marks.ts';

function fatTree(k: number) {
  const estate = buildSingleSiteEstate('fat-tree', { k });
  const full = siteElements(estate, estate.sites[0]!.id);
  return { full, plan: planFolds(full, 'fat-tree') };
}

const byKind = (g: GraphElements, kind: string) => g.nodes.filter((n) => n.data.kind === kind);
const hosts = (g: GraphElements) => g.nodes.filter((n) => n.data.role === 'host');
const switches = (g: GraphElements) =>
  byKind(g, 'device').filter((n) => n.data.role !== 'host' && n.data.role !== 'gateway');

/** A fat-tree k=4 with levels of detail at any size: 4 pods of 2 edge + 2 aggregation switches, 2 hosts per edge switch, 4 cores. */
function small(): { full: GraphElements; index: DetailIndex } {
  const { full, plan } = fatTree(4);
  return { full, index: detailIndex(full, plan, 0)! };
}

describe('detailIndex', () => {
  it('draws the demo-sized sites as they are: k=8 has 622 devices and links', () => {
    const { full, plan } = fatTree(8);
    expect(detailIndex(full, plan)).toBeNull();
  });

  it('fat-tree k=4 between far and near: each edge switch with one node for its 2 hosts; 48 links drawn as 24 lines', () => {
    const { full, index } = small();
    const far = detailElements(index, NO_DETAIL);
    // 4 pods × (2 + 2) switches + 4 cores, all drawn; no host drawn.
    expect(switches(far)).toHaveLength(20);
    expect(hosts(far)).toHaveLength(0);
    const aggregates = byKind(far, 'detail-hosts');
    expect(aggregates).toHaveLength(8);
    expect(aggregates.every((n) => n.data.hosts === 2 && n.data.label === '2 hosts')).toBe(true);
    // Links: 16 host links, 16 edge–aggregation, 16 aggregation–core. Far out: one line per
    // edge switch to its hosts (8), one per edge switch to its pod's 2 aggregation switches (8),
    // one per aggregation switch to the 2 cores it reaches (8), each standing for 2 links.
    expect(full.edges).toHaveLength(48);
    expect(far.edges).toHaveLength(24);
    expect(far.edges.every((e) => e.data.kind === 'detail-link' && e.data.links === 2)).toBe(true);
    // Every node a line ends at is drawn.
    const drawn = new Set(far.nodes.map((n) => n.id));
    expect(far.edges.every((e) => drawn.has(e.source) && drawn.has(e.target))).toBe(true);
    // Group boxes and row captions are kept.
    const other = (g: GraphElements) =>
      g.nodes.filter((n) => n.data.kind === 'group' || n.data.kind === 'row').length;
    expect(other(far)).toBe(other(full));
  });

  it('fat-tree k=32 between far and near: 1,280 switches, 512 host nodes and 1,536 lines instead of 34,050 elements', () => {
    const { full, plan } = fatTree(32);
    const index = detailIndex(full, plan)!;
    const far = detailElements(index, NO_DETAIL);
    expect(switches(far)).toHaveLength(1280);
    expect(hosts(far)).toHaveLength(0);
    const aggregates = byKind(far, 'detail-hosts');
    expect(aggregates).toHaveLength(512);
    expect(aggregates.every((n) => n.data.hosts === 16)).toBe(true);
    // 512 edge switches to their hosts, 512 to their pod's aggregation tier, 512 aggregation
    // switches each to the run of 16 cores it reaches (a run is √256 = 16 cores).
    expect(far.edges).toHaveLength(512 * 3);
    expect(far.edges.every((e) => e.data.links === 16)).toBe(true);
  });
});

describe('the far picture', () => {
  it('fat-tree k=4: a node per pod tier, one per pod for its hosts, one for the 4 cores; 12 lines', () => {
    const { full, index } = small();
    const far = detailElements(index, FAR);
    expect(byKind(far, 'device')).toHaveLength(0);
    // 4 pods × (edge run + aggregation run), and the cores (not in runs below 16: one run).
    const runs = byKind(far, 'detail-switches');
    expect(runs).toHaveLength(9);
    expect(runs.filter((n) => n.data.switches === 2)).toHaveLength(8);
    expect(runs.filter((n) => n.data.label === '4 core switches')).toHaveLength(1);
    const hostNodes = byKind(far, 'detail-hosts');
    expect(hostNodes.map((n) => n.data.hosts)).toEqual([4, 4, 4, 4]);
    // Per pod: hosts–edge (4 links), edge–aggregation (4), aggregation–cores (4).
    expect(far.edges).toHaveLength(12);
    expect(far.edges.every((e) => e.data.links === 4)).toBe(true);
    const drawn = new Set(far.nodes.map((n) => n.id));
    expect(far.edges.every((e) => drawn.has(e.source) && drawn.has(e.target))).toBe(true);
    expect(full.edges).toHaveLength(48);
  });

  it('fat-tree k=32: 112 nodes and 576 lines', () => {
    const { full, plan } = fatTree(32);
    const far = detailElements(detailIndex(full, plan)!, FAR);
    // 32 pods × 2 tiers + 16 runs of 16 cores; the 256 hosts of each pod.
    expect(byKind(far, 'detail-switches')).toHaveLength(32 * 2 + 16);
    expect(byKind(far, 'detail-hosts')).toHaveLength(32);
    expect(byKind(far, 'detail-hosts').every((n) => n.data.hosts === 256)).toBe(true);
    // Per pod: hosts–edge, edge–aggregation, and one line to each of the 16 core runs.
    expect(far.edges).toHaveLength(32 * (1 + 1 + 16));
  });
});

describe('chooseDetail', () => {
  it('draws the far picture before the view is known and below the far zoom', () => {
    const { index } = small();
    const extent = index.tiles[0]!.box;
    expect(chooseDetail(index, null).far).toBe(true);
    expect(chooseDetail(index, { zoom: 0.05, extent }).far).toBe(true);
    expect(chooseDetail(index, { zoom: 0.2, extent }).far).toBe(false);
  });

  it('below the detail zoom draws nothing in full; at it, the tiles in view', () => {
    const { index } = small();
    const tile = index.tiles[0]!;
    const view = (zoom: number) => ({ zoom, extent: tile.box });
    expect(chooseDetail(index, view(0.2), [], { margin: 0 }).tiles.size).toBe(0);
    const near = chooseDetail(index, view(0.5), [], { margin: 0 });
    expect([...near.tiles]).toContain(tile.id);
    const drawn = detailElements(index, near);
    for (const h of tile.hostIds) expect(drawn.nodes.some((n) => n.id === h)).toBe(true);
    expect(drawn.nodes.some((n) => n.id === tile.id)).toBe(false);
    // Hosts are 28 apart within a tile, and pods further: a tile's box meets no other pod's.
    expect(near.tiles.size).toBeLessThan(index.tiles.length);
  });

  it('a selected host is drawn in full at any zoom', () => {
    const { index } = small();
    const tile = index.tiles[3]!;
    const host = tile.hostIds[1]!;
    const detail = chooseDetail(index, { zoom: 0.01, extent: tile.box }, [host]);
    expect(detail.far).toBe(false);
    expect([...detail.tiles]).toEqual([tile.id]);
    expect(detailElements(index, detail).nodes.some((n) => n.id === host)).toBe(true);
  });
});

describe('detailMarks', () => {
  it('moves marks on what is not drawn onto what stands for it', () => {
    const { full, index } = small();
    const tile = index.tiles[0]!;
    const host = tile.hostIds[0]!;
    const hostLink = full.edges.find((e) => e.source === host || e.target === host)!;
    const bundle = index.bundles[0]!;
    const [l1, l2] = bundle.linkIds;
    const m = new MarkSet();
    m.ring(host, 'target');
    m.path(hostLink.id, 'after');
    m.path(l1!, 'before');
    m.path(l2!, 'after');
    m.tunnel({ id: 't', from: host, to: tile.switchId, kind: 'vxlan', change: 'created' });
    const far = detailMarks(index, NO_DETAIL, m.done());
    expect([...far.rings]).toEqual([[tile.id, 'target']]);
    const lineToHosts = tile.edges[0]!.id;
    // The bundle stands for a link before and one after the move: on both paths.
    expect(new Map(far.paths)).toEqual(
      new Map([
        [lineToHosts, 'after'],
        [bundle.id, 'both'],
      ]),
    );
    expect(far.tunnels.map((t) => [t.from, t.to])).toEqual([[tile.id, tile.switchId]]);

    // Farthest out, the host is ringed on its pod's hosts, the switch on its run.
    const farthest = detailMarks(index, FAR, m.done());
    expect([...farthest.rings]).toEqual([[index.far.aliasOf.get(host), 'target']]);
    expect(index.far.aliasOf.get(host)).toMatch(/^detail:hostrun:/);
    expect(farthest.tunnels.map((t) => t.to)).toEqual([index.far.aliasOf.get(tile.switchId)]);

    // Drawn in full, the marks stay where they were made.
    const all = { far: false, tiles: new Set([tile.id]), bundles: new Set([bundle.id]) };
    const near = detailMarks(index, all, m.done());
    expect([...near.rings]).toEqual([[host, 'target']]);
    expect(near.paths.get(l1!)).toBe('before');
  });
});
