/**
 * The folded picture of a site view: the elements of elements.ts with the
 * folded groups of a fold plan (fold.ts) drawn as one node each, placed by
 * fold-layout.ts, and the links between them merged. Pure and deterministic.
 */
import type { ElementData, GraphElements, GraphNode } from './elements.ts';
import { drawnAs, shownFolds, type FoldPlan } from './fold.ts';
import { layoutFolded } from './fold-layout.ts';
import { bundleData, mergeEdges } from './merge-edges.ts';

/**
 * The picture with the `folded` groups drawn as one node each. Links inside a
 * folded group vanish; links between two drawn ends that stand for groups are
 * merged into one edge per pair, carrying the summed capacity, the number of
 * links and their capacity-weighted utilisation. With nothing folded this is
 * `full` itself, so a site is drawn exactly as without folding.
 */
export function foldElements(
  full: GraphElements,
  plan: FoldPlan,
  folded: ReadonlySet<string>,
): GraphElements {
  if (folded.size === 0) return full;
  const rep = (id: string) => drawnAs(plan, folded, id);
  const positions = layoutFolded(full, plan, folded);
  const nodes: GraphNode[] = [];
  for (const b of positions.boxes)
    nodes.push({
      id: `foldbox:${b.groupId}`,
      position: { x: b.x, y: b.y },
      data: { kind: 'group', label: b.label, w: b.w, h: b.h, fontSize: 18, foldId: b.groupId },
    });
  for (const g of shownFolds(plan, folded)) {
    const b = positions.blocks.get(g.id)!;
    const counts =
      g.kind === 'unit'
        ? `${g.switches} switches\n${g.hosts} hosts · ${g.vms} VMs\nload ${Math.round(g.load * 100)}%`
        : `${g.switches} switches`;
    const data: ElementData = {
      kind: 'fold',
      foldId: g.id,
      groupKind: g.kind,
      name: g.label,
      label: `${g.label}\n${counts}`,
      switches: g.switches,
      hosts: g.hosts,
      vms: g.vms,
      load: g.load,
      w: b.w,
      h: b.h,
    };
    nodes.push({ id: g.id, position: { x: b.x, y: b.y }, data });
  }
  for (const n of full.nodes)
    if (n.data.kind === 'device' && rep(n.id) === n.id)
      nodes.push({ ...n, position: positions.devices.get(n.id) ?? n.position });

  const { kept: edges, merged } = mergeEdges(full.edges, rep);
  for (const m of merged)
    edges.push({
      id: `foldlink:${m.key}`,
      source: m.a,
      target: m.b,
      data: bundleData('fold-link', m.links),
    });
  return { nodes, edges };
}
