/** What a strategy costs, part by part (docs/strategies.md, "The cost"). */
import type { CostPart } from '../impact/report.ts';

/**
 * The cost `best` minimises, in points; docs/strategies.md gives the reason
 * for each weight. The interruption users see is a one-off: 1 point per
 * 10 ms. Latency added to the VM's flows is paid by every packet for as long
 * as the VM stays: 5 points per ms of the rate-weighted mean, each way (so a
 * permanent 1 ms weighs as much as a 50 ms blip; a ratio would make a 10 µs
 * in-rack path look worse than a 70 ms WAN detour). Renumbering breaks every
 * client session and waits on DNS: 100 points per VM, a second of
 * interruption. Last, the state the network must hold: 0.1 per tunnel added,
 * 0.01 per table entry added, changed or removed.
 */
export const STRATEGY_COST_WEIGHTS = {
  interruption: 0.1,
  addedLatencyOut: 5,
  addedLatencyIn: 5,
  renumbered: 100,
  tunnels: 0.1,
  tableEntries: 0.01,
} as const satisfies Record<string, number>;

/** The measured quantities a strategy's cost is made of. */
export interface CostInputs {
  /** The interruption of the worst VM of the move (stop-and-copy + announcements + network switch, interruption.ts), ms. */
  interruptionMs: number;
  /** Rate-weighted mean latency added to the flows, each way, ms (0 when no flow is measured). */
  addedLatencyOutMs: number;
  addedLatencyInMs: number;
  renumberedVms: number;
  tunnelsAdded: number;
  /** Entries the strategy adds, changes or removes in device tables (FDB, agent, binding, FIB). */
  tableEntries: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The cost's parts with units. Points are weight × value, rounded to 0.01;
 * latency a move takes away earns nothing (points are weight × max(0, value)),
 * so the cost counts harm only.
 */
export function strategyCostParts(c: CostInputs): CostPart[] {
  const w = STRATEGY_COST_WEIGHTS;
  const part = (name: CostPart['part'], value: number, unit: string, weight: number) => ({
    part: name,
    value: round2(value),
    unit,
    weight,
    points: round2(Math.max(0, value) * weight),
  });
  return [
    part('interruption', c.interruptionMs, 'ms', w.interruption),
    part('added-latency-out', c.addedLatencyOutMs, 'ms', w.addedLatencyOut),
    part('added-latency-in', c.addedLatencyInMs, 'ms', w.addedLatencyIn),
    part('renumbered', c.renumberedVms, 'VMs', w.renumbered),
    part('tunnels', c.tunnelsAdded, 'tunnels', w.tunnels),
    part('table-entries', c.tableEntries, 'entries', w.tableEntries),
  ];
}

/** The cost: the sum of the parts' points (so anyone can add them up again from the report). */
export function costOfParts(parts: readonly CostPart[]): number {
  return round2(parts.reduce((t, p) => t + p.points, 0));
}
