/**
 * What the move preview marks on the picture, as typed marks: each marked
 * edge is on a path of one kind, each marked node wears a ring of one kind,
 * and tunnels are arcs between two drawn nodes. The preview
 * (planner/preview-overlay.ts) decides the kinds; overlay-looks.ts gives each
 * kind its look; cy-overlay.ts and overlay-layer.ts draw them. Where an
 * element earns several kinds, `MarkSet` keeps the one that matters most, so
 * nothing downstream merges looks.
 */

/**
 * An edge on the traffic's path before the move, after it, on both (a hop
 * the move keeps), or on a path that trombones through a third site.
 */
export type PathKind = 'before' | 'after' | 'both' | 'trombone';

/**
 * A node on the new path, at an end of a tunnel the move changes, a site
 * traffic trombones through, the VM's source, its target (blocked or not),
 * or a drop target the engine refuses while a VM is carried over it.
 */
export type RingKind =
  'on-path' | 'tunnel-end' | 'trombone' | 'source' | 'target' | 'blocked-target' | 'illegal';

/** A tunnel the move creates or removes, between two drawn nodes. */
export interface TunnelMark {
  id: string;
  from: string;
  to: string;
  /** The tunnel's kind (vxlan, gre, pmip…). */
  kind: string;
  change: 'created' | 'removed';
}

export interface SceneMarks {
  /** Marked edges of the picture by id. */
  paths: ReadonlyMap<string, PathKind>;
  /** Marked nodes of the picture by id. */
  rings: ReadonlyMap<string, RingKind>;
  tunnels: readonly TunnelMark[];
}

export const NO_MARKS: SceneMarks = { paths: new Map(), rings: new Map(), tunnels: [] };

export const hasMarks = (marks: SceneMarks): boolean =>
  marks.paths.size > 0 || marks.rings.size > 0 || marks.tunnels.length > 0;

/** Ring kinds from the least to the most urgent: a node shows the most urgent it has. */
const RING_ORDER: readonly RingKind[] = [
  'on-path',
  'tunnel-end',
  'source',
  // The VM's home site that its traffic turns back through: the warning says more than "source".
  'trombone',
  'target',
  'blocked-target',
  'illegal',
];

function strongerPath(had: PathKind | undefined, kind: PathKind): PathKind {
  if (!had || had === kind) return kind;
  if (had === 'trombone' || kind === 'trombone') return 'trombone';
  // Before and after (or either with both): the hop is on both paths.
  return 'both';
}

const strongerRing = (had: RingKind | undefined, kind: RingKind): RingKind =>
  had && RING_ORDER.indexOf(had) > RING_ORDER.indexOf(kind) ? had : kind;

/** Marks being collected: each element keeps the kind that matters most of those it is given. */
export class MarkSet {
  private readonly paths = new Map<string, PathKind>();
  private readonly rings = new Map<string, RingKind>();
  private readonly tunnels: TunnelMark[] = [];

  path(edgeId: string, kind: PathKind): void {
    this.paths.set(edgeId, strongerPath(this.paths.get(edgeId), kind));
  }

  ring(nodeId: string, kind: RingKind): void {
    this.rings.set(nodeId, strongerRing(this.rings.get(nodeId), kind));
  }

  tunnel(mark: TunnelMark): void {
    if (!this.tunnels.some((t) => t.id === mark.id)) this.tunnels.push(mark);
  }

  done(): SceneMarks {
    return { paths: this.paths, rings: this.rings, tunnels: this.tunnels };
  }
}

/** The ids marked with `kind` (a path's or a ring's), for the test hook and the tests. */
export function markedWith(marks: SceneMarks, kind: PathKind | RingKind): string[] {
  const ids: string[] = [];
  for (const [id, k] of marks.paths) if (k === kind) ids.push(id);
  for (const [id, k] of marks.rings) if (k === kind) ids.push(id);
  return ids;
}
