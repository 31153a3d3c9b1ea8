/**
 * Applies plain elements to a Cytoscape instance as a diff by id (add, remove,
 * change data or position), so a state change that leaves the drawing as it was
 * costs a comparison and no redraw, and selection and viewport survive it.
 */
import type { Core, ElementDefinition, NodeSingular } from 'cytoscape';
import type { ElementData, GraphEdge, GraphElements, GraphNode } from './elements.ts';
import type { UpdateResult } from './graph-handle.ts';

const sameData = (a: Record<string, unknown>, b: ElementData): boolean => {
  const keys = Object.keys(b);
  // Cytoscape keeps `id` (and `source`/`target` on edges) in data; compare only our fields.
  const extra = Object.keys(a).filter(
    (k) => !(k in b) && k !== 'id' && k !== 'source' && k !== 'target',
  );
  return extra.length === 0 && keys.every((k) => a[k] === b[k]);
};

export const nodeDef = (n: GraphNode): ElementDefinition => ({
  group: 'nodes',
  data: { ...n.data, id: n.id },
  position: { ...n.position },
});

export const edgeDef = (e: GraphEdge): ElementDefinition => ({
  group: 'edges',
  data: { ...e.data, id: e.id, source: e.source, target: e.target },
});

/**
 * Brings the instance to `next` but for what it lacks: removes and changes
 * now (call inside `cy.batch`), and returns the definitions of the elements
 * to add, nodes first, which the caller adds at once or in slices (cy-chunks.ts).
 */
export function applyDiff(
  cy: Core,
  next: GraphElements,
): { result: UpdateResult; additions: ElementDefinition[] } {
  const result: UpdateResult = { added: 0, removed: 0, changed: 0 };
  const nodeIds = new Set(next.nodes.map((n) => n.id));
  const edgeById = new Map(next.edges.map((e) => [e.id, e]));
  // Edges whose ends moved to other nodes are removed and added again.
  const stale = cy.elements().filter((el) => {
    if (el.isNode()) return !nodeIds.has(el.id());
    const e = edgeById.get(el.id());
    return !e || e.source !== el.data('source') || e.target !== el.data('target');
  });
  result.removed = stale.length;
  cy.remove(stale);

  const additions: ElementDefinition[] = [];
  for (const n of next.nodes) {
    const el = cy.getElementById(n.id);
    if (el.empty()) {
      additions.push(nodeDef(n));
      continue;
    }
    if (changeNode(el, n)) result.changed++;
  }
  for (const e of next.edges) {
    const el = cy.getElementById(e.id);
    if (el.empty()) {
      additions.push(edgeDef(e));
      continue;
    }
    if (!sameData(el.data() as Record<string, unknown>, e.data)) {
      el.data({ ...e.data });
      result.changed++;
    }
  }
  result.added = additions.length;
  return { result, additions };
}

/** Brings a drawn node to `n`'s data and position; true if anything changed. */
function changeNode(node: NodeSingular, n: GraphNode): boolean {
  let changed = false;
  const data = node.data() as Record<string, unknown>;
  if (!sameData(data, n.data)) {
    const gone = Object.keys(data).filter((k) => !(k in n.data) && k !== 'id');
    if (gone.length) node.removeData(gone.join(' '));
    node.data({ ...n.data });
    changed = true;
  }
  const p = node.position();
  if (p.x !== n.position.x || p.y !== n.position.y) {
    node.position({ ...n.position });
    changed = true;
  }
  return changed;
}
