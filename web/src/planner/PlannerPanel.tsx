/**
 * The planner's part of the side panel: the move being prepared (or the
 * staged plan in focus) with its strategy, the comparison and the whole
 * report; then the staged moves. Reads the store; calls its actions.
 */
import type { Estate } from '@vmmi/shared';
import { selectFocusedPlan } from '../store/selectors.ts';
import {
  selectChangeWindow,
  selectConvergence,
  selectExecutor,
  selectTimeScale,
} from '../store/execution-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { useCan } from '../auth/useCan.ts';
import { ImpactReportView } from './ImpactReportView.tsx';
import { StagedPlans } from './StagedPlans.tsx';
import { StrategyCompare, StrategySelect } from './StrategyCompare.tsx';
import { modeOf } from './move-request.ts';
import { describeTarget } from './targets.ts';
import { atServer } from './types.ts';

export function PlannerPanel({ estate }: { estate: Estate }) {
  const planner = useAppStore((s) => s.planner);
  const actions = useAppActions();
  const refusal = useCan('operator');
  const focused = useAppStore(selectFocusedPlan);
  const timeScale = useAppStore(selectTimeScale);
  const executor = useAppStore(selectExecutor);
  const convergence = useAppStore(selectConvergence);
  const changeWindow = useAppStore(selectChangeWindow);
  const { draft, preview, staged, focusedPlanId, notice } = planner;

  return (
    <>
      {notice && (
        <p className={`notice notice-${notice.kind}`} role="status" data-testid="planner-notice">
          {notice.text}{' '}
          <button
            type="button"
            className="link-btn"
            onClick={actions.dismissNotice}
            aria-label="Dismiss"
          >
            ×
          </button>
        </p>
      )}
      {draft && (
        <section aria-labelledby="move-heading" data-testid="move-preview">
          <h3 id="move-heading" className="sub-heading">
            Move {draft.vmIds.join(', ')}
          </h3>
          <p className="small">
            {draft.target ? (
              <>to {describeTarget(estate, draft.target)}</>
            ) : (
              <span className="muted">Drag over a host or a data center to see the impact.</span>
            )}
          </p>
          <StrategySelect value={draft.strategy} onChange={actions.setMoveStrategy} />
          {preview && !preview.ok && (
            <p className="reason blocking" role="alert" data-testid="preview-error">
              {preview.error.message}
            </p>
          )}
          {preview?.ok && (
            <>
              <p className="verdict-line" data-testid="preview-verdict">
                <strong data-testid="preview-strategy">{preview.report.strategy ?? 'none'}</strong>
                {' · '}
                <span className={preview.report.feasible ? 'ok' : 'bad'}>
                  {preview.report.feasible ? 'feasible' : 'blocked'}
                </span>
                {modeOf(preview) === 'cold' && ' · cold migration'}
              </p>
              <StrategyCompare report={preview.report} onPick={actions.setMoveStrategy} />
              <ImpactReportView report={preview.report} onMode={actions.setMoveMode} />
            </>
          )}
        </section>
      )}
      {focused && (
        <section aria-labelledby="focused-heading" data-testid="focused-plan">
          <h3 id="focused-heading" className="sub-heading">
            Staged: {focused.vmIds.join(', ')} → {describeTarget(estate, focused.target)}
          </h3>
          <p className="verdict-line">
            <strong>{focused.report.strategy ?? 'none'}</strong> ·{' '}
            <span className={focused.report.feasible ? 'ok' : 'bad'}>
              {focused.report.feasible ? 'feasible' : 'blocked'}
            </span>
            {modeOf(focused) === 'cold' && ' · cold migration'}
          </p>
          <StrategyCompare report={focused.report} />
          <ImpactReportView
            report={focused.report}
            // Once the server holds the plan, its mode is the accepted one: stage it again to change it.
            onMode={
              atServer(focused.status) ? undefined : (mode) => actions.setPlanMode(focused.id, mode)
            }
          />
        </section>
      )}
      <StagedPlans
        estate={estate}
        plans={staged}
        focusedId={focusedPlanId}
        canRedo={planner.undone.length > 0}
        onFocus={actions.focusPlan}
        onAccept={(id) => void actions.acceptPlan(id)}
        onRecompute={(id) => void actions.refreshAndRecompute(id)}
        onRemove={actions.removeStaged}
        onUndo={actions.undoStage}
        onRedo={actions.redoStage}
        timeScale={timeScale}
        onTimeScale={actions.setTimeScale}
        executor={executor}
        onExecutor={actions.setExecutor}
        convergence={convergence}
        onConvergence={actions.setConvergence}
        window={changeWindow}
        onWindow={actions.setWindow}
        onExecute={(id) => void actions.executePlan(id)}
        refusal={refusal}
      />
    </>
  );
}
