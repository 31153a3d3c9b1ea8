/**
 * The report a plan is stored with: the move recomputed on the stored estate,
 * refused unless it can be previewed and is feasible. One rule for accepting
 * a move (plans.accept) and for the moves a wave run begins.
 */
import {
  previewMove,
  type ImpactEngine,
  type ImpactReport,
  type PreviewOptions,
} from '@vmmi/shared';
import { refuse } from '../errors.ts';

/** BAD_REQUEST preview-error, PRECONDITION_FAILED infeasible (named `what`: "the move" by default). */
export function feasibleReport(
  engine: ImpactEngine,
  request: unknown,
  options: PreviewOptions,
  what = 'the move',
): ImpactReport {
  const result = previewMove(engine, request, options);
  if (!result.ok) throw refuse({ kind: 'preview-error', ...result.error }, result.error.message);
  const { report } = result;
  if (!report.feasible)
    throw refuse(
      { kind: 'infeasible', blocking: report.blocking },
      `${what} is blocked: ${report.blocking.map((r) => r.message).join('; ')}`,
    );
  return report;
}
