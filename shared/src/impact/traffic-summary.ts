/**
 * The traffic headline of a move, per direction (R17): the latency the move
 * adds to the VM's flows, in ms, as a mean weighted by each flow's rate and
 * at the worst flow, and one latency ratio over all of them, Σ rate × after /
 * Σ rate × before. A mean of per-flow ratios is deliberately not reported: a
 * 10 µs in-rack flow that becomes 20 µs counts as ×2, as much as a 35 ms WAN
 * flow that becomes 70 ms, though only the second matters to anyone.
 */
import type { FlowDirection, FlowImpact, TrafficDirection } from './report.ts';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The headline of one direction over these flows. Flows with a path before
 * and after count; their rates weigh them, unless every rate is zero (then
 * each counts once).
 *
 * @example
 * // Two flows: 100 Mbit/s +10 ms (10 → 20 ms), 300 Mbit/s unchanged (5 ms):
 * // meanAddedMs = (100·10 + 300·0) / 400 = 2.5; maxAddedMs = 10;
 * // latencyRatio = (100·20 + 300·5) / (100·10 + 300·5) = 3500 / 2500 = 1.4
 */
export function trafficDirection(
  flows: readonly FlowImpact[],
  pick: (f: FlowImpact) => FlowDirection,
): TrafficDirection {
  const measured = flows.filter((f) => pick(f).before && pick(f).after);
  const totalRate = measured.reduce((t, f) => t + f.rateMbps, 0);
  const weight = (f: FlowImpact) => (totalRate > 0 ? f.rateMbps : 1);
  let weights = 0;
  let added = 0;
  let before = 0;
  let after = 0;
  let max: number | null = null;
  for (const f of measured) {
    const d = pick(f);
    const w = weight(f);
    weights += w;
    added += w * d.addedMs!;
    before += w * d.before!.latencyMs;
    after += w * d.after!.latencyMs;
    max = max === null ? d.addedMs! : Math.max(max, d.addedMs!);
  }
  return {
    meanAddedMs: weights > 0 ? round3(added / weights) : null,
    maxAddedMs: max,
    latencyRatio: before > 0 ? round3(after / before) : weights > 0 ? 1 : null,
    trombonedFlows: flows.filter((f) => pick(f).tromboneVia !== null).length,
  };
}
