/**
 * The mobility strategies of DESIGN.md as a registry (STYLE.md practice 10),
 * and LISP after them, in the order the comparison lists them. `best` picks the lowest cost
 * (cost.ts, docs/strategies.md); ties go to the earlier entry here.
 */
import type { StrategyName } from '../impact/report.ts';
import { agentOverlay } from './agent-overlay.ts';
import { l2Overlay } from './l2-overlay.ts';
import { lisp } from './lisp.ts';
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
  lisp,
];

export const strategyByName: ReadonlyMap<StrategyName, MobilityStrategy> = new Map(
  STRATEGIES.map((s) => [s.name, s]),
);
