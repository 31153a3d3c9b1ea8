/**
 * Preview latency on the large estate: engine build time and
 * heap, then 1,000 random single-VM moves (to another site or another host),
 * median and p99. Targets: median <= 5 ms, p99 <= 20 ms.
 */
import { createImpactEngine } from '../src/impact/engine.ts';
import { previewMove } from '../src/impact/preview.ts';
import { createPrng } from '../src/util/prng.ts';
import { buildLargeEstate } from './large-estate.ts';

export interface PreviewFigures {
  vms: number;
  flows: number;
  buildMs: number;
  heapMiB: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  feasibleShare: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export function previewFigures(moves = 1000): PreviewFigures {
  const estate = buildLargeEstate();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const engine = createImpactEngine(estate);
  const buildMs = performance.now() - t0;
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const rng = createPrng(11);
  const hosts = estate.devices.filter((d) => d.role === 'host');
  const times: number[] = [];
  let feasible = 0;
  for (let i = 0; i < moves + 50; i++) {
    const vm = estate.vms[rng.int(0, estate.vms.length - 1)]!;
    const target =
      i % 2
        ? { kind: 'site' as const, siteId: estate.sites[rng.int(0, 3)]!.id }
        : { kind: 'host' as const, hostId: hosts[rng.int(0, hosts.length - 1)]!.id };
    const t = performance.now();
    const r = previewMove(engine, { vmIds: [vm.id], target });
    const ms = performance.now() - t;
    if (i < 50) continue; // warm-up: JIT and the lazily built per-network tables
    times.push(ms);
    if (r.ok && r.report.feasible) feasible++;
  }
  times.sort((a, b) => a - b);
  return {
    vms: estate.vms.length,
    flows: estate.flows.length,
    buildMs,
    heapMiB,
    medianMs: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    maxMs: times.at(-1)!,
    feasibleShare: feasible / moves,
  };
}

if (process.argv[1]?.endsWith('preview.ts')) {
  const f = previewFigures();
  console.log(JSON.stringify(f, null, 2));
}
