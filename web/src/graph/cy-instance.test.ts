import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { createGraph } from './cy-instance.ts';
import { NO_MARKS } from './scene-marks.ts';
import { globalElements, siteElements, type GraphElements } from './elements.ts';

const estate = buildDemoEstate();

function headless() {
  return createGraph(null, { style: [], zoomClasses: [{ className: 'far', below: 0.5 }] });
}

describe('createGraph (headless)', () => {
  it('adds everything once, then applies an identical update as a no-op', () => {
    const g = headless();
    const elements = siteElements(estate, 'ams1');
    const first = g.update(elements);
    expect(first).toEqual({
      added: elements.nodes.length + elements.edges.length,
      removed: 0,
      changed: 0,
    });
    // Rebuilt from scratch (new objects, same content): nothing to do.
    expect(g.update(siteElements(estate, 'ams1'))).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(g.count('node[role = "core"]')).toBe(16);
    g.destroy();
  });

  it('changes only what differs: one host with one more VM', () => {
    const g = headless();
    const before = siteElements(estate, 'sin1');
    g.update(before);
    const host = before.nodes.find((n) => n.data.role === 'host')!;
    const after: GraphElements = {
      nodes: before.nodes.map((n) =>
        n.id === host.id ? { ...n, data: { ...n.data, label: '99', vms: 99 } } : n,
      ),
      edges: before.edges,
    };
    expect(g.update(after)).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(g.count('node[vms = 99]')).toBe(1);
    g.destroy();
  });

  it('removes and adds by id when the view changes, and drops data fields that are gone', () => {
    const g = headless();
    g.update(globalElements(estate));
    expect(g.count('node[kind = "site"]')).toBe(estate.sites.length);
    const site = siteElements(estate, 'lon1');
    const result = g.update(site);
    expect(result.removed).toBe(estate.sites.length + estate.wanLinks.length);
    expect(result.added).toBe(site.nodes.length + site.edges.length);
    expect(g.count('node[kind = "site"]')).toBe(0);
    expect(g.nodeIds().sort()).toEqual(site.nodes.map((n) => n.id).sort());

    const spine = site.nodes.find((n) => n.data.role === 'spine')!;
    const { tier: _gone, ...rest } = spine.data;
    g.update({
      nodes: site.nodes.map((n) => (n.id === spine.id ? { ...n, data: rest } : n)),
      edges: site.edges,
    });
    expect(g.count('node[role = "spine"][tier]')).toBe(
      site.nodes.filter((n) => n.data.role === 'spine').length - 1,
    );
    g.destroy();
  });

  it('moves a node whose position changed', () => {
    const g = headless();
    const before = siteElements(estate, 'iad1');
    g.update(before);
    const [first, ...others] = before.nodes;
    const moved = { ...first!, position: { x: first!.position.x + 10, y: first!.position.y } };
    expect(g.update({ nodes: [moved, ...others], edges: before.edges }).changed).toBe(1);
    g.destroy();
  });

  it('names the drawn elements the marks give a kind, and counts only what Cytoscape draws', () => {
    const g = headless();
    const site = siteElements(estate, 'ams1');
    g.update(site);
    const [a, b] = site.nodes.filter((n) => n.data.role === 'host');
    const link = site.edges[0]!;
    g.setMarks({
      paths: new Map([[link.id, 'after']]),
      rings: new Map([
        [a!.id, 'target'],
        ['not-drawn', 'source'],
      ]),
      tunnels: [{ id: 'tunnel:x', from: a!.id, to: b!.id, kind: 'vxlan', change: 'created' }],
    });
    expect(g.marked('target')).toEqual([a!.id]);
    expect(g.marked('after')).toEqual([link.id]);
    // Marked, but not in this picture.
    expect(g.marked('source')).toEqual([]);
    // The marks are drawn on their own layer: Cytoscape's picture is unchanged.
    expect(g.count('node')).toBe(site.nodes.length);
    expect(g.count('edge')).toBe(site.edges.length);
    g.setMarks(NO_MARKS);
    expect(g.marked('target')).toEqual([]);
    g.destroy();
  });
});
