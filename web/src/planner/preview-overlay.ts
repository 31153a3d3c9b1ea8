/**
 * The move preview drawn on the canvas, as typed marks (graph/scene-marks.ts):
 * which edges of the current picture are on which path, which nodes wear
 * which ring, and the tunnels to draw dashed. Pure: the report and the
 * picture in, plain data out; overlay-looks.ts gives each kind its look.
 *
 * Site view: device paths before and after the move, the nodes on the new
 * path, the source and target hosts, tunnels whose two ends are drawn. Global
 * view: the WAN links of those paths, the sites at both ends, tunnels between
 * sites, and the sites traffic trombones through.
 */
import type { Estate, ImpactReport, PathSummary, PreviewResult } from '@vmmi/shared';
import type { GraphElements } from '../graph/elements.ts';
import { MarkSet, type PathKind, type SceneMarks } from '../graph/scene-marks.ts';

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
  kind: Extract<PathKind, 'before' | 'after'>,
  view: 'site' | 'global',
  byEnds: Map<string, string>,
  out: MarkSet,
) {
  if (!path) return;
  if (view === 'global') {
    for (const w of path.wanLinks) out.path(w, kind);
    return;
  }
  for (let i = 1; i < path.devices.length; i++) {
    const id = byEnds.get(pairKey(path.devices[i - 1]!, path.devices[i]!));
    if (id) out.path(id, kind);
  }
  if (kind === 'after') for (const d of path.devices) out.ring(d, 'on-path');
}

/** The marks of a report on the picture shown (site view when `siteId` is set, else global). */
export function reportMarks(
  estate: Estate,
  report: ImpactReport,
  elements: GraphElements,
  siteId: string | null,
): SceneMarks {
  const view = siteId ? 'site' : 'global';
  const out = new MarkSet();
  const { byEnds, drawn } = pictureIndex(elements);
  const siteOf = siteOfDevice(estate);
  const at = (deviceId: string) =>
    view === 'global' ? (siteOf.get(deviceId) ?? deviceId) : deviceId;

  for (const f of report.flows)
    for (const d of [f.outbound, f.inbound]) {
      markPath(d.before, 'before', view, byEnds, out);
      markPath(d.after, 'after', view, byEnds, out);
      if (d.tromboneVia && view === 'global') {
        out.ring(d.tromboneVia, 'trombone');
        for (const w of d.after?.wanLinks ?? []) out.path(w, 'trombone');
      }
    }
  for (const p of report.placements) {
    out.ring(at(p.fromHost), 'source');
    out.ring(at(p.toHost), report.feasible ? 'target' : 'blocked-target');
  }

  const tunnels = [
    ...report.tunnels.created.map((t) => ({ t, change: 'created' as const })),
    ...report.tunnels.removed.map((t) => ({ t, change: 'removed' as const })),
  ];
  for (const { t, change } of tunnels) {
    const from = at(t.a);
    const to = at(t.b);
    if (from === to) continue;
    for (const end of [from, to]) if (drawn.has(end)) out.ring(end, 'tunnel-end');
    if (!drawn.has(from) || !drawn.has(to)) continue;
    out.tunnel({
      id: `tunnel:${change}:${pairKey(from, to)}:${t.kind}`,
      from,
      to,
      kind: t.kind,
      change,
    });
  }
  return out.done();
}

/** The marks while dragging: the hovered target ringed as refused when the engine refuses the drop there. */
export function dragMarks(
  preview: PreviewResult | null,
  hoveredId: string | null,
  report: SceneMarks,
): SceneMarks {
  if (!hoveredId || !preview || preview.ok) return report;
  const rings = new Map(report.rings);
  rings.set(hoveredId, 'illegal');
  return { ...report, rings };
}
