import { buildDemoEstate, createImpactEngine, previewMove, type ImpactReport } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { globalElements, siteElements } from '../graph/elements.ts';
import { markedWith, NO_MARKS, type PathKind, type RingKind } from '../graph/scene-marks.ts';
import { dragMarks, reportMarks } from './preview-overlay.ts';

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

const withKind = (o: ReturnType<typeof reportMarks>, ...kinds: (PathKind | RingKind)[]) =>
  kinds.flatMap((k) => markedWith(o, k));

describe('the move preview on the canvas', () => {
  it('site view: every hop of every new path is a drawn link, and the target host is marked', () => {
    const r = report('l2-overlay');
    const elements = siteElements(demo, 'ams1');
    const o = reportMarks(demo, r, elements, 'ams1');
    const edgeIds = new Set(elements.edges.map((e) => e.id));
    // On the new path: hops only it takes, and hops the old path took too.
    const marked = withKind(o, 'after', 'both').filter((id) => edgeIds.has(id));
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
    // The target is on the new path too: its ring is the target's, the stronger kind.
    expect(withKind(o, 'target')).toEqual([ams1Host]);
    expect(withKind(o, 'blocked-target')).toEqual([]);
    expect(withKind(o, 'on-path')).not.toContain(ams1Host);
  });

  it('global view: WAN links of the paths, the source and target sites', () => {
    const o = reportMarks(demo, report('l2-overlay'), globalElements(demo), null);
    expect(withKind(o, 'source')).toEqual(['fra1']);
    expect(withKind(o, 'target')).toEqual(['ams1']);
    const wanIds = new Set(demo.wanLinks.map((w) => w.id));
    const onPaths = withKind(o, 'before', 'after', 'both');
    expect(onPaths.length).toBeGreaterThan(0);
    expect(onPaths.every((id) => wanIds.has(id))).toBe(true);
  });

  it('global view under PMIP: the tunnel as a dashed arc, and the home site the traffic turns back through', () => {
    const r = report('pmip');
    const o = reportMarks(demo, r, globalElements(demo), null);
    expect(withKind(o, 'target')).toEqual(['ams1']);
    expect(o.tunnels).toHaveLength(r.tunnels.created.length);
    expect(o.tunnels[0]).toMatchObject({ change: 'created', kind: r.tunnels.created[0]!.kind });
    expect(new Set([o.tunnels[0]!.from, o.tunnels[0]!.to])).toEqual(new Set(['fra1', 'ams1']));
    // PMIP anchors both ways at the home site, fra1: a flow to a peer outside it trombones there,
    // and that warning is the ring fra1 wears (it is also the source).
    expect(r.traffic.outbound.trombonedFlows).toBeGreaterThan(0);
    expect(o.rings.get('fra1')).toBe('trombone');
    expect(withKind(o, 'trombone').length).toBeGreaterThan(1);
  });

  it('an illegal target under the pointer is marked, and only then', () => {
    const bad = previewMove(engine, {
      vmIds: ['acme-web-web-01'],
      target: { kind: 'host', hostId: 'fra1.core-1' },
    });
    expect(bad.ok).toBe(false);
    expect(dragMarks(bad, 'fra1.core-1', NO_MARKS).rings.get('fra1.core-1')).toBe('illegal');
    const good = previewMove(engine, {
      vmIds: ['acme-web-web-01'],
      target: { kind: 'site', siteId: 'ams1' },
    });
    expect(dragMarks(good, 'ams1', NO_MARKS)).toBe(NO_MARKS);
  });
});
