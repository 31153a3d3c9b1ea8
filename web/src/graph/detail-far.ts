/**
 * The farthest level of detail of a large site picture (detail.ts): each run
 * of switches (a pod's edge or aggregation switches, a run of cores: the
 * switches of one fold group and role) drawn as one node, the hosts under a
 * run as one node, and the links between two such nodes as one line. An
 * unfolded fat-tree k=32 is then 112 nodes and 576 lines, its tiers and pods
 * still where the full picture has them. Pure and deterministic.
 */
import type { GraphElements, GraphNode } from './elements.ts';
import { bundleData, mergeEdges } from './merge-edges.ts';
import { growBounds } from './bounds.ts';
import type { ModelRect } from './graph-handle.ts';

/** Half the size of a switch node (graph-style.ts), for the box of a run. */
const SWITCH_HALF = { w: 15, h: 8 };

export interface FarPicture {
  elements: GraphElements;
  /** What a device or link not drawn far out is drawn as. */
  aliasOf: ReadonlyMap<string, string>;
}

/** Plural of a role in a run node's label ("16 aggregation switches"). */
const roleWords = (role: string) => (role === 'bcube-switch' ? 'switches' : `${role} switches`);

/**
 * The far picture: `runs` are the switches by run key (with `runOf`),
 * `hostsOf` the aggregated hosts by the switch they hang off. A run of one
 * switch is drawn as the switch; every node that is not a device is kept.
 */
export function farPicture(
  picture: GraphElements,
  runs: ReadonlyMap<string, readonly GraphNode[]>,
  runOf: (id: string) => string,
  hostsOf: ReadonlyMap<string, readonly string[]>,
): FarPicture {
  const nodeById = new Map(picture.nodes.map((n) => [n.id, n]));
  const aliasOf = new Map<string, string>();
  const added: GraphNode[] = [];
  const hostRuns = new Map<string, string[]>();
  for (const [key, members] of runs) {
    for (const m of members) {
      const hosts = hostsOf.get(m.id);
      if (!hosts) continue;
      const list = hostRuns.get(key);
      if (list) list.push(...hosts);
      else hostRuns.set(key, [...hosts]);
    }
    if (members.length < 2) continue;
    const id = `detail:run:${key}`;
    let box: ModelRect | null = null;
    for (const m of members) {
      box = growBounds(box, m.position.x, m.position.y, SWITCH_HALF.w, SWITCH_HALF.h);
      aliasOf.set(m.id, id);
    }
    const b = box!;
    const first = members[0]!.data;
    const data: Record<string, string | number> = {
      kind: 'detail-switches',
      label: `${members.length} ${roleWords(String(first.role))}`,
      role: String(first.role),
      switches: members.length,
      w: b.x2 - b.x1,
      h: b.y2 - b.y1,
    };
    if (first.tier !== undefined) data.tier = first.tier;
    added.push({ id, position: { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 }, data });
  }
  for (const [key, hosts] of hostRuns) {
    const id = `detail:hostrun:${key}`;
    let box: ModelRect | null = null;
    let vms = 0;
    let load = 0;
    for (const h of hosts) {
      const n = nodeById.get(h)!;
      box = growBounds(box, n.position.x, n.position.y, 11);
      vms += Number(n.data.vms ?? 0);
      load += Number(n.data.load ?? 0);
      aliasOf.set(h, id);
    }
    const b = box!;
    added.push({
      id,
      position: { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 },
      data: {
        kind: 'detail-hosts',
        label: `${hosts.length} hosts`,
        hosts: hosts.length,
        vms,
        load: load / hosts.length,
        w: b.x2 - b.x1,
        h: b.y2 - b.y1,
      },
    });
  }
  const kept = picture.nodes.filter((n) => !aliasOf.has(n.id));

  const { kept: edges, merged } = mergeEdges(picture.edges, (id) => aliasOf.get(id) ?? id);
  for (const m of merged) {
    const id = `detail:far:${m.key}`;
    edges.push({ id, source: m.a, target: m.b, data: bundleData('detail-link', m.links) });
    for (const l of m.links) aliasOf.set(l.id, id);
  }
  return { elements: { nodes: [...kept, ...added], edges }, aliasOf };
}
