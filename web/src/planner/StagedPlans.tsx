/**
 * The moves staged for review: accept (the server checks them again),
 * recompute, remove, undo; once accepted, execute with a chosen executor,
 * speed and convergence. A draft (a blocked move kept on purpose) is listed
 * as such and cannot be accepted; a control that cannot be used says why in
 * text beside it. Each entry's first button is where the keyboard lands
 * after staging and after Accept (`focusStagedEntry`).
 */
import type { Estate } from '@vmmi/shared';
import { ExecuteControls } from '../execution/ExecuteControls.tsx';
import type { WindowInput } from '../execution/change-window-input.ts';
import type { ConvergenceName, ExecutorName } from '../execution/types.ts';
import { modeOf } from './move-request.ts';
import { describeTarget } from './targets.ts';
import { atServer, type StagedPlan } from './types.ts';
import { reportVerdict } from './verdict.ts';

/** Moves the keyboard focus to a staged plan's entry (after staging it, or accepting it). */
export function focusStagedEntry(id: string): void {
  document.querySelector<HTMLElement>(`[data-staged-entry="${CSS.escape(id)}"]`)?.focus();
}

/** Why a plan's Accept cannot be used, in words; null when it can. */
function acceptBlockedBecause(plan: StagedPlan, refusal: string | null): string | null {
  if (refusal !== null) return `Accepting ${refusal}.`;
  if (plan.draft) return `Draft: ${reportVerdict(plan.report).reason ?? 'blocked'}`;
  if (!plan.report.feasible) return `Blocked: ${reportVerdict(plan.report).reason}`;
  return null;
}

const STATUS_TEXT: Record<StagedPlan['status'], string> = {
  staged: 'staged',
  accepting: 'asking the server…',
  accepted: 'accepted',
  conflict: 'estate changed',
  refused: 'refused',
  error: 'not sent',
  executing: 'starting…',
  executed: 'executed: see Migrations',
};

export interface StagedPlansProps {
  estate: Estate;
  plans: StagedPlan[];
  focusedId: string | null;
  canRedo: boolean;
  onFocus: (id: string) => void;
  onAccept: (id: string) => void;
  onRecompute: (id: string) => void;
  onRemove: (id: string) => void;
  onUndo: () => void;
  onRedo: () => void;
  /** The speed the next Execute uses (simulated ms per real ms). */
  timeScale: number;
  onTimeScale: (timeScale: number) => void;
  /** The executor the next Execute uses. */
  executor: ExecutorName;
  onExecutor: (executor: ExecutorName) => void;
  /** What the next Execute's runs do when their copy does not converge. */
  convergence: ConvergenceName;
  onConvergence: (convergence: ConvergenceName) => void;
  /** The change window the next Execute's switchovers wait for. */
  window: WindowInput | null;
  onWindow: (window: WindowInput | null) => void;
  onExecute: (id: string) => void;
  /** Why the caller may not accept or execute (the buttons say so, disabled); null: may. */
  refusal?: string | null;
}

export function StagedPlans(p: StagedPlansProps) {
  if (p.plans.length === 0 && !p.canRedo) return null;
  return (
    <section aria-labelledby="staged-heading" data-testid="staged-plans">
      <h3 id="staged-heading" className="sub-heading">
        Staged moves ({p.plans.length})
      </h3>
      <ol className="staged-list">
        {p.plans.map((plan) => {
          const cold = modeOf(plan) === 'cold';
          const blockedBecause = acceptBlockedBecause(plan, p.refusal ?? null);
          const reasonId = `accept-reason-${plan.id}`;
          return (
            <li
              key={plan.id}
              className={`staged staged-${plan.status}${plan.draft ? ' staged-draft' : ''}${plan.id === p.focusedId ? ' focused' : ''}`}
              data-testid="staged-plan"
              data-status={plan.status}
              data-draft={plan.draft ? 'true' : undefined}
            >
              <button
                type="button"
                className="link-btn"
                data-staged-entry={plan.id}
                aria-describedby={`staged-status-${plan.id}`}
                onClick={() => p.onFocus(plan.id)}
              >
                {plan.draft && <span className="draft-tag">Draft</span>}
                {cold && (
                  <span className="mode-tag" data-testid="staged-cold">
                    Cold
                  </span>
                )}
                {plan.vmIds.join(', ')} → {describeTarget(p.estate, plan.target)}
              </button>
              <div className="small" id={`staged-status-${plan.id}`}>
                {plan.report.strategy ?? 'no strategy'}
                {cold ? ', cold migration' : ''} · {plan.report.feasible ? 'feasible' : 'blocked'} ·
                v{plan.estateVersion} ·{' '}
                <span data-testid="staged-status">
                  {plan.draft ? 'draft: cannot be accepted' : STATUS_TEXT[plan.status]}
                </span>
              </div>
              {plan.message && (
                <p className="small reason blocking" role="alert">
                  {plan.message}
                </p>
              )}
              <div className="staged-actions">
                {(plan.status === 'accepted' || plan.status === 'executing') && (
                  <ExecuteControls
                    timeScale={p.timeScale}
                    executor={p.executor}
                    convergence={p.convergence}
                    busy={plan.status === 'executing'}
                    onTimeScale={p.onTimeScale}
                    onExecutor={p.onExecutor}
                    onConvergence={p.onConvergence}
                    window={p.window}
                    onWindow={p.onWindow}
                    onExecute={() => p.onExecute(plan.id)}
                    cold={cold}
                    refusal={p.refusal ?? null}
                  />
                )}
                {plan.status === 'conflict' ? (
                  <button type="button" className="btn" onClick={() => p.onRecompute(plan.id)}>
                    Recompute
                  </button>
                ) : (
                  !atServer(plan.status) && (
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={blockedBecause !== null || plan.status === 'accepting'}
                      aria-describedby={blockedBecause ? reasonId : undefined}
                      title="The server recomputes the report and checks the estate version"
                      data-testid="staged-accept"
                      onClick={() => {
                        // The button goes once the server answers: the entry keeps the focus.
                        focusStagedEntry(plan.id);
                        p.onAccept(plan.id);
                      }}
                    >
                      Accept
                    </button>
                  )
                )}
                {(!atServer(plan.status) || plan.status === 'executed') && (
                  <button
                    type="button"
                    className="btn btn-ghost"
                    disabled={plan.status === 'accepting'}
                    onClick={() => p.onRemove(plan.id)}
                  >
                    Remove
                  </button>
                )}
                {blockedBecause && !atServer(plan.status) && plan.status !== 'conflict' && (
                  <p className="disabled-reason" id={reasonId} data-testid="accept-reason">
                    {blockedBecause}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <div className="staged-actions">
        <button type="button" className="btn btn-ghost" onClick={p.onUndo} title="Ctrl+Z">
          Undo
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          disabled={!p.canRedo}
          onClick={p.onRedo}
          title="Ctrl+Shift+Z"
        >
          Redo
        </button>
      </div>
    </section>
  );
}
