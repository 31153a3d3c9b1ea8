/**
 * When an executed plan leaves the staged list: once every run Execute started
 * for it has ended (succeeded, failed or rolled back). From then on the
 * migrations panel and its history hold the record, and the plan's preview
 * overlay (paths, rings) no longer describes anything that will happen.
 */
import { isTerminal, type MigrationState } from '@vmmi/shared';
import type { StagedPlan } from './types.ts';

/** The executed plans whose runs have all ended; a run the page has not seen yet keeps its plan. */
export function settledPlans(
  staged: readonly StagedPlan[],
  runs: ReadonlyMap<string, MigrationState>,
): StagedPlan[] {
  return staged.filter(
    (plan) =>
      plan.status === 'executed' &&
      (plan.migrationIds?.length ?? 0) > 0 &&
      plan.migrationIds!.every((id) => {
        const run = runs.get(id);
        return run !== undefined && isTerminal(run.status);
      }),
  );
}

/** One line for the operator: what ended, how, and where its record is. */
export function settledNotice(
  plans: readonly StagedPlan[],
  runs: ReadonlyMap<string, MigrationState>,
): string {
  const outcomes = plans.flatMap((plan) =>
    plan.migrationIds!.map((id) => {
      const run = runs.get(id)!;
      return `${run.spec.vmId} ${run.status.replace('-', ' ')}`;
    }),
  );
  const list = outcomes.join(', ');
  return plans.length === 1
    ? `Run ended (${list}): the move left the staged list; Migrations keeps its record.`
    : `Runs ended (${list}): ${plans.length} moves left the staged list; Migrations keeps their record.`;
}
