/**
 * Large additions to the canvas in slices, one per animation frame, so that
 * the page keeps answering and shows how far it got ("Unfold all" of a
 * fat-tree k=32 adds 9,472 nodes and 24,576 edges; added at once, that froze
 * the page for seconds). The planning is pure; `startChunks` runs a plan.
 */
import type { Core, ElementDefinition } from 'cytoscape';
import { fmtCount } from '../planner/format.ts';

/** How much is added per frame, and above what an addition is sliced at all (docs/performance.md). */
export const CHUNK_DEFAULTS = {
  /** Elements per frame: about 10 ms of Cytoscape's work each on the bench machine. */
  size: 1500,
  /** Additions up to this many elements are made at once: slicing them would only add frames. */
  atOnceMax: 3000,
} as const;

/** How far a sliced addition is: elements added so far, of how many. */
export interface ChunkProgress {
  added: number;
  total: number;
}

/**
 * The additions in slices of at most `size`, nodes before edges: an edge
 * needs both of its ends on the canvas, and they are either there already or
 * among the nodes, which all come first. One slice when there are at most
 * `atOnceMax`.
 */
export function planChunks(
  additions: readonly ElementDefinition[],
  options: { size?: number; atOnceMax?: number } = {},
): ElementDefinition[][] {
  const o = { ...CHUNK_DEFAULTS, ...options };
  if (additions.length === 0) return [];
  const nodes = additions.filter((d) => d.group === 'nodes');
  const edges = additions.filter((d) => d.group !== 'nodes');
  const ordered = [...nodes, ...edges];
  if (ordered.length <= o.atOnceMax) return [ordered];
  const size = Math.max(1, o.size);
  const out: ElementDefinition[][] = [];
  for (let i = 0; i < ordered.length; i += size) out.push(ordered.slice(i, i + size));
  return out;
}

/** Before the picture is made, its size is not known yet: what "Unfold all" shows in its first frame. */
export const PROGRESS_STARTING: ChunkProgress = { added: 0, total: -1 };

/** What the canvas toolbar says while a sliced addition runs, or before (`PROGRESS_STARTING`). */
export function progressText({ added, total }: ChunkProgress): string {
  if (total < 0) return 'Drawing…';
  const percent = total > 0 ? Math.floor((100 * added) / total) : 100;
  return `Drawing ${percent} % (${fmtCount(added)} of ${fmtCount(total)} elements)…`;
}

export interface ChunkRun {
  /** Stops before the next slice; what was added stays. */
  cancel(): void;
}

/**
 * Adds the slices one per animation frame. `prepare` runs on each slice's
 * definitions just before they are added (the classes of the zoom now);
 * `onProgress` after each slice; `onDone` after the last (not after a cancel).
 */
export function startChunks(
  cy: Core,
  chunks: readonly ElementDefinition[][],
  hooks: {
    prepare: (defs: ElementDefinition[]) => void;
    onProgress: (progress: ChunkProgress) => void;
    onDone: () => void;
  },
): ChunkRun {
  const total = chunks.reduce((s, c) => s + c.length, 0);
  let next = 0;
  let added = 0;
  let frame = 0;
  const step = () => {
    frame = 0;
    const defs = chunks[next++]!;
    hooks.prepare(defs);
    cy.batch(() => cy.add(defs));
    added += defs.length;
    hooks.onProgress({ added, total });
    if (next < chunks.length) frame = requestAnimationFrame(step);
    else hooks.onDone();
  };
  hooks.onProgress({ added, total });
  frame = requestAnimationFrame(step);
  return {
    cancel() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}
