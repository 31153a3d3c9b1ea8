/**
 * Tiers of an imported fabric, from its graph (docs/import-clab.md): switches next to
 * hosts are leaves, switches one hop above leaves are spines, and switches further up
 * super-spines (our role `core`). Each group of switches joined by switch links is
 * layered on its own; where it has no host, its lowest layer is taken to be the
 * switches with the fewest switch links. `graph-level` labels, when every switch has
 * one, give the layers instead: the highest level is the leaves.
 */
export type Tier = 'leaf' | 'spine' | 'core';

const TIERS: readonly Tier[] = ['leaf', 'spine', 'core'];
const tierAt = (layer: number): Tier => TIERS[Math.min(layer, TIERS.length - 1)]!;

export interface TierGraph {
  /** The switches whose tier is wanted (those without a role label); the others only relay. */
  unlabelled: readonly string[];
  /** Every switch, labelled or not. */
  switches: ReadonlySet<string>;
  hosts: ReadonlySet<string>;
  neighbours(node: string): readonly string[];
  /** The `graph-level` label of a switch, if it has a numeric one. */
  graphLevel(node: string): number | undefined;
}

export interface TierResult {
  tiers: Map<string, Tier>;
  /** How the tiers were found, for the report. */
  by: 'graph-level' | 'graph';
  /** Switch groups that had no host, so their leaves are a guess (the first switch of each). */
  hostless: string[];
  /** Switches more than two layers above the leaves (also `core`). */
  deep: string[];
}

function byGraphLevel(g: TierGraph): Map<string, Tier> | undefined {
  const levels = g.unlabelled.map((id) => g.graphLevel(id));
  if (!levels.length || levels.some((l) => l === undefined)) return undefined;
  const distinct = [...new Set(levels as number[])].sort((x, y) => y - x);
  return new Map(g.unlabelled.map((id, i) => [id, tierAt(distinct.indexOf(levels[i]!))]));
}

function switchNeighbours(g: TierGraph, id: string): string[] {
  return g.neighbours(id).filter((n) => g.switches.has(n) && n !== id);
}

/** The switches joined to `start` by switch links. */
function componentOf(g: TierGraph, start: string, seen: Set<string>): string[] {
  const component = [start];
  seen.add(start);
  for (let i = 0; i < component.length; i++)
    for (const n of switchNeighbours(g, component[i]!))
      if (!seen.has(n)) {
        seen.add(n);
        component.push(n);
      }
  return component;
}

export function inferTiers(g: TierGraph): TierResult {
  const fromLabels = byGraphLevel(g);
  if (fromLabels) return { tiers: fromLabels, by: 'graph-level', hostless: [], deep: [] };

  const layer = new Map<string, number>();
  const hostless: string[] = [];
  const seen = new Set<string>();
  for (const start of [...g.switches].sort()) {
    if (seen.has(start)) continue;
    const component = componentOf(g, start, seen);
    let seeds = component.filter((id) => g.neighbours(id).some((n) => g.hosts.has(n)));
    if (!seeds.length) {
      const degree = (id: string) => switchNeighbours(g, id).length;
      const fewest = Math.min(...component.map(degree));
      seeds = component.filter((id) => degree(id) === fewest);
      hostless.push(component.sort()[0]!);
    }
    // Breadth-first from the leaves: a switch's layer is its distance from them.
    const queue = [...seeds];
    for (const s of seeds) layer.set(s, 0);
    for (let i = 0; i < queue.length; i++) {
      const here = queue[i]!;
      for (const n of switchNeighbours(g, here))
        if (!layer.has(n)) {
          layer.set(n, layer.get(here)! + 1);
          queue.push(n);
        }
    }
  }
  const tiers = new Map<string, Tier>();
  const deep: string[] = [];
  for (const id of g.unlabelled) {
    const l = layer.get(id) ?? 0;
    tiers.set(id, tierAt(l));
    if (l > 2) deep.push(id);
  }
  return { tiers, by: 'graph', hostless, deep };
}
