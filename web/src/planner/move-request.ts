/**
 * The request a prepared or staged move sends to the engine and the server.
 * A staged plan's mode is the one its report was computed for, so the
 * report, Accept and Recompute never disagree about live or cold.
 */
import type { ImpactReport, MoveMode, MoveRequest, MoveTarget } from '@vmmi/shared';
import type { StrategyChoice } from './types.ts';

export const requestOf = (p: {
  vmIds: string[];
  target: MoveTarget;
  strategy: StrategyChoice;
  mode?: MoveMode | undefined;
}): MoveRequest => ({
  vmIds: p.vmIds,
  target: p.target,
  // 'all' is 'best' plus the comparison of every applicable strategy, which the panel shows.
  strategy: p.strategy === 'best' ? 'all' : p.strategy,
  // A live request is sent as before, without the field (the schema's default).
  ...(p.mode === 'cold' && { mode: 'cold' }),
});

/** Live or cold: what the plan's report was computed for (older stored reports: live). */
export const modeOf = (plan: { report: ImpactReport }): MoveMode =>
  plan.report.request.mode === 'cold' ? 'cold' : 'live';

/** A staged plan's request, in the mode its report holds. */
export const planRequestOf = (plan: {
  vmIds: string[];
  target: MoveTarget;
  strategy: StrategyChoice;
  report: ImpactReport;
}): MoveRequest => requestOf({ ...plan, mode: modeOf(plan) });
