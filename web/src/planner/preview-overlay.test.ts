import { buildDemoEstate, createImpactEngine, previewMove, type ImpactReport } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { globalElements, siteElements } from '../graph/elements.ts';
import { dragOverlay, EMPTY_OVERLAY, reportOverlay } from './preview-overlay.ts';

const demo = buildDemoEstate();
const engine = createImpactEngine(demo);
const ams1Host = demo.devices.find((d) => d.siteId === 'ams1' && d.role === 'host')!.id;

function report(strategy: 'pmip' | 'l2-overlay'): ImpactReport {
  const r = previewMove(engine, {
    vmIds: ['acme-web-web-01'],
    target: { kind: 'host', hostId: ams1Host },
    strategy,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
}

const withClass = (o: ReturnType<typeof reportOverlay>, cls: string) =>
  [...o.classes].filter(([, c]) => c.includes(cls)).map(([id]) => id);

describe('the move preview on the canvas', () => {
  it('site view: every hop of every new path is a drawn link, and the target host is marked', () => {
    const r = report('l2-overlay');
    const elements = siteElements(demo, 'ams1');
    const o = reportOverlay(demo, r, elements, 'ams1');
    const edgeIds = new Set(elements.edges.map((e) => e.id));
    const marked = withClass(o, 'path-new').filter((id) => edgeIds.has(id));
    // Each ams1 hop of each flow's path afterwards is one link of the drawing.
    const hops = new Set<string>();
    for (const d of r.flows.flatMap((f) => [f.outbound, f.inbound])) {
      const devices = d.after?.devices ?? [];
      for (let i = 1; i < devices.length; i++) {
        const a = devices[i - 1]!;
        const b = devices[i]!;
        const link = elements.edges.find(
          (e) => (e.source === a && e.target === b) || (e.source === b && e.target === a),
        );
        if (link) hops.add(link.id);
      }
    }
    expect(hops.size).toBeGreaterThan(0);
    expect(new Set(marked)).toEqual(hops);
    expect(withClass(o, 'move-target')).toEqual([ams1Host]);
    expect(withClass(o, 'blocked')).toEqual([]);
  });

  it('global view: WAN links of the paths, both sites, the PMIP tunnel as a dashed edge and the trombone', () => {
    const r = report('pmip');
    const o = reportOverlay(demo, r, globalElements(demo), null);
    expect(withClass(o, 'move-source')).toEqual(['fra1']);
    expect(withClass(o, 'move-target')).toEqual(['ams1']);
    const wanIds = new Set(demo.wanLinks.map((w) => w.id));
    expect(withClass(o, 'path-new').every((id) => wanIds.has(id))).toBe(true);
    expect(o.edges).toHaveLength(r.tunnels.created.length);
    expect(o.edges[0]).toMatchObject({ data: { kind: 'tunnel', change: 'created' } });
    expect(new Set([o.edges[0]!.source, o.edges[0]!.target])).toEqual(new Set(['fra1', 'ams1']));
    // PMIP anchors both ways at the home site, fra1: a flow to a peer outside it trombones there.
    expect(r.traffic.outbound.trombonedFlows).toBeGreaterThan(0);
    expect(withClass(o, 'trombone')).toContain('fra1');
  });

  it('an illegal target under the pointer is marked, and only then', () => {
    const bad = previewMove(engine, {
      vmIds: ['acme-web-web-01'],
      target: { kind: 'host', hostId: 'fra1.core-1' },
    });
    expect(bad.ok).toBe(false);
    expect(dragOverlay(bad, 'fra1.core-1', EMPTY_OVERLAY).classes.get('fra1.core-1')).toEqual([
      'illegal',
    ]);
    const good = previewMove(engine, {
      vmIds: ['acme-web-web-01'],
      target: { kind: 'site', siteId: 'ams1' },
    });
    expect(dragOverlay(good, 'ams1', EMPTY_OVERLAY)).toBe(EMPTY_OVERLAY);
  });
});
