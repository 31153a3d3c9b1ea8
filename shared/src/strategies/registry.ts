/**
 * The mobility strategies of DESIGN.md as a registry (STYLE.md practice 10),
 * in the order the comparison lists them. `best` picks the lowest cost
 * (docs/strategies.md); ties go to the earlier entry here.
 */
import type { StrategyName } from '../impact/report.ts';
import { agentOverlay } from './agent-overlay.ts';
import { l2Overlay } from './l2-overlay.ts';
import { pmip } from './pmip.ts';
import { renumber } from './renumber.ts';
import { sameL2 } from './same-l2.ts';
import type { MobilityStrategy } from './types.ts';

export const STRATEGIES: readonly MobilityStrategy[] = [
  sameL2,
  l2Overlay,
  agentOverlay,
  pmip,
  renumber,
];

export const strategyByName: ReadonlyMap<StrategyName, MobilityStrategy> = new Map(
  STRATEGIES.map((s) => [s.name, s]),
);

/**
 * The cost `best` minimises. Downtime dominates (1 point per 10 ms), then what
 * clients notice: renumbering breaks their sessions (50), latency added to the
 * VM's flows (1 per ms of mean added latency: a ratio would make a 10 µs
 * in-rack path look worse than a 70 ms WAN detour), each tromboned flow (5),
 * and last the state the network must hold: 0.1 per tunnel added.
 */
export const STRATEGY_COST_WEIGHTS = {
  perDowntimeMs: 0.1,
  renumbered: 50,
  perAddedLatencyMs: 1,
  perTromboned: 5,
  perTunnel: 0.1,
  perWarning: 1,
} as const;

export function strategyCost(s: {
  downtimeMs: number;
  renumbered: boolean;
  /** Mean over the VM's flows of (latency after − latency before), ms. */
  meanAddedLatencyMs: number;
  trombonedFlows: number;
  tunnelsAdded: number;
  warnings: number;
}): number {
  const w = STRATEGY_COST_WEIGHTS;
  const cost =
    s.downtimeMs * w.perDowntimeMs +
    (s.renumbered ? w.renumbered : 0) +
    Math.max(0, s.meanAddedLatencyMs) * w.perAddedLatencyMs +
    s.trombonedFlows * w.perTromboned +
    s.tunnelsAdded * w.perTunnel +
    s.warnings * w.perWarning;
  return Math.round(cost * 100) / 100;
}
