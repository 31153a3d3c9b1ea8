/**
 * Routing figures for `pnpm bench`: the routing state of a
 * k=48 fat-tree built from scratch (UnderlayRouting: site graph, distance
 * vectors toward all 1,152 edge switches, two-level tables), and the
 * incremental update when one switch-to-switch link fails and comes back,
 * over 50 distinct links chosen by a seeded PRNG. Nothing here asserts.
 */
import { UnderlayRouting } from '../src/routing/underlay.ts';
import { buildSingleSiteEstate } from '../src/topology/multi-site.ts';
import { createPrng } from '../src/util/prng.ts';

export interface RoutingFigure {
  name: string;
  ms: number;
  heapMiB?: number;
}

const heapMiB = () => process.memoryUsage().heapUsed / 2 ** 20;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function routingFigures(k = 48, links = 50, builds = 3): RoutingFigure[] {
  const estate = buildSingleSiteEstate('fat-tree', { k });
  const figures: RoutingFigure[] = [];

  // Cold: the first construction in the process pays for JIT warm-up, as a fresh server would.
  let routing: UnderlayRouting | undefined;
  const buildMs: number[] = [];
  let growth = 0;
  for (let i = 0; i < builds; i++) {
    routing = undefined;
    const before = heapMiB();
    const t0 = performance.now();
    routing = new UnderlayRouting(estate);
    buildMs.push(performance.now() - t0);
    growth = Math.max(growth, heapMiB() - before);
  }
  figures.push({ name: `routing state k=${k} (cold)`, ms: buildMs[0]!, heapMiB: growth });
  figures.push({ name: `routing state k=${k} (best of ${builds})`, ms: Math.min(...buildMs) });

  const site = routing!.sites.get(`fat-tree-site`)!;
  const fabric = site.graph.links.filter(
    (l) => site.graph.indexOf.has(l.a) && site.graph.indexOf.has(l.b),
  );
  const prng = createPrng(48);
  const chosen = new Set<string>();
  while (chosen.size < Math.min(links, fabric.length)) chosen.add(prng.pick(fabric).id);
  const fail: number[] = [];
  const restore: number[] = [];
  for (const id of chosen) {
    let t0 = performance.now();
    routing!.setLinkState(id, false);
    fail.push(performance.now() - t0);
    t0 = performance.now();
    routing!.setLinkState(id, true);
    restore.push(performance.now() - t0);
  }
  for (const [what, times] of [
    ['link failure', fail],
    ['link restore', restore],
  ] as const) {
    const sorted = [...times].sort((a, b) => a - b);
    figures.push({ name: `${what} k=${k} (median of ${times.length})`, ms: quantile(sorted, 0.5) });
    figures.push({ name: `${what} k=${k} (max of ${times.length})`, ms: sorted.at(-1)! });
  }
  return figures;
}
