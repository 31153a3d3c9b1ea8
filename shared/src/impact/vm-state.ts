/**
 * What a VM's stated `state` (R15) changes in which strategies apply
 * (docs/strategies.md, "Stateful and stateless VMs"). A stateful VM (a
 * database, sessions in memory) cannot run twice: a parallel run (R5) would
 * let the source and its copy take writes apart and diverge, so a strategy
 * whose outcome is a parallel run does not apply to it. A VM whose state is
 * not stated keeps today's rules.
 */
import type { StrategyOutcome } from '../strategies/types.ts';
import type { VmMove } from './move-context.ts';

/** Why these outcomes cannot be used for the moved VMs' state, or null when they can. */
export function stateRefusal(
  moves: readonly VmMove[],
  outcomes: readonly StrategyOutcome[],
): string | null {
  const i = outcomes.findIndex((o, k) => o.parallelRun && moves[k]?.vm.state === 'stateful');
  if (i < 0) return null;
  const id = moves[i]!.vm.id;
  return `${id} is stateful: its source and a copy cannot run in parallel (they would diverge), so there is no parallel run for it`;
}
