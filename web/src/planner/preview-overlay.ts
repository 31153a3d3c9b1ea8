/**
 * The move preview drawn on the canvas: which elements of
 * the current picture get which classes, and the tunnels to draw dashed. Pure:
 * the report and the picture in, plain data out; graph-style.ts says how each
 * class looks and cy-instance.ts applies it.
 *
 * Site view: device paths before (`path-old`) and after (`path-new`), the
 * source and target hosts, tunnels whose two ends are drawn. Global view: the
 * WAN links of those paths, the sites at both ends, tunnels between sites,
 * and the sites traffic trombones through.
 */
import type { Estate, ImpactReport, PathSummary, PreviewResult } from '@vmmi/shared';
import type { GraphOverlay } from '../graph/cy-instance.ts';
import type { GraphEdge, GraphElements } from '../graph/elements.ts';

export const EMPTY_OVERLAY: GraphOverlay = { classes: new Map(), edges: [] };

class ClassMap {
  readonly map = new Map<string, string[]>();
  add(id: string, cls: string) {
    const list = this.map.get(id);
    if (!list) this.map.set(id, [cls]);
    else if (!list.includes(cls)) list.push(cls);
  }
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

interface PictureIndex {
  /** Edge ids of the drawn picture by their (unordered) ends. */
  byEnds: Map<string, string>;
  /** Node ids drawn. */
  drawn: Set<string>;
}

// Kept per picture and per estate: the preview changes with every drag target, they do not.
const pictureIndexes = new WeakMap<GraphElements, PictureIndex>();
const siteOfDevices = new WeakMap<Estate, Map<string, string>>();

function pictureIndex(elements: GraphElements): PictureIndex {
  let index = pictureIndexes.get(elements);
  if (!index) {
    const byEnds = new Map<string, string>();
    for (const e of elements.edges) byEnds.set(pairKey(e.source, e.target), e.id);
    index = { byEnds, drawn: new Set(elements.nodes.map((n) => n.id)) };
    pictureIndexes.set(elements, index);
  }
  return index;
}

function siteOfDevice(estate: Estate): Map<string, string> {
  let siteOf = siteOfDevices.get(estate);
  if (!siteOf)
    siteOfDevices.set(estate, (siteOf = new Map(estate.devices.map((d) => [d.id, d.siteId]))));
  return siteOf;
}

function markPath(
  path: PathSummary | null,
  cls: 'path-old' | 'path-new',
  view: 'site' | 'global',
  byEnds: Map<string, string>,
  out: ClassMap,
) {
  if (!path) return;
  if (view === 'global') {
    for (const w of path.wanLinks) out.add(w, cls);
    return;
  }
  for (let i = 1; i < path.devices.length; i++) {
    const id = byEnds.get(pairKey(path.devices[i - 1]!, path.devices[i]!));
    if (id) out.add(id, cls);
  }
  if (cls === 'path-new') for (const d of path.devices) out.add(d, 'on-path');
}

/** The overlay of a report on the picture shown (site view when `siteId` is set, else global). */
export function reportOverlay(
  estate: Estate,
  report: ImpactReport,
  elements: GraphElements,
  siteId: string | null,
): GraphOverlay {
  const view = siteId ? 'site' : 'global';
  const out = new ClassMap();
  const { byEnds, drawn } = pictureIndex(elements);
  const siteOf = siteOfDevice(estate);
  const at = (deviceId: string) =>
    view === 'global' ? (siteOf.get(deviceId) ?? deviceId) : deviceId;

  for (const f of report.flows)
    for (const d of [f.outbound, f.inbound]) {
      markPath(d.before, 'path-old', view, byEnds, out);
      markPath(d.after, 'path-new', view, byEnds, out);
      if (d.tromboneVia && view === 'global') {
        out.add(d.tromboneVia, 'trombone');
        for (const w of d.after?.wanLinks ?? []) out.add(w, 'trombone');
      }
    }
  for (const p of report.placements) {
    out.add(at(p.fromHost), 'move-source');
    out.add(at(p.toHost), 'move-target');
    if (!report.feasible) out.add(at(p.toHost), 'blocked');
  }

  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const tunnels = [
    ...report.tunnels.created.map((t) => ({ t, change: 'created' })),
    ...report.tunnels.removed.map((t) => ({ t, change: 'removed' })),
  ];
  for (const { t, change } of tunnels) {
    const a = at(t.a);
    const b = at(t.b);
    if (a === b) continue;
    for (const end of [a, b]) if (drawn.has(end)) out.add(end, 'tunnel-end');
    const id = `tunnel:${change}:${pairKey(a, b)}:${t.kind}`;
    if (seen.has(id) || !drawn.has(a) || !drawn.has(b)) continue;
    seen.add(id);
    edges.push({
      id,
      source: a,
      target: b,
      data: { kind: 'tunnel', change, label: `${change === 'created' ? '+' : '−'}${t.kind}` },
    });
  }
  return { classes: out.map, edges };
}

/** The overlay while dragging: the hovered target, marked as a legal drop or not. */
export function dragOverlay(
  preview: PreviewResult | null,
  hoveredId: string | null,
  report: GraphOverlay,
): GraphOverlay {
  if (!hoveredId || !preview || preview.ok) return report;
  const classes = new Map(report.classes);
  classes.set(hoveredId, ['illegal']);
  return { classes, edges: report.edges };
}
