/**
 * Live or cold (R15): the operator takes the cold migration a preview offers,
 * or goes back to live. The engine previews the move again in that mode (the
 * web computes no downtime of its own); a staged plan keeps the new report, so
 * Accept sends the request that report was computed for.
 */
import type { MoveMode } from '@vmmi/shared';
import { previewInBrowser } from '../planner/browser-engine.ts';
import { modeOf, requestOf } from '../planner/move-request.ts';
import { atServer, type PlannerState, type StagedPlan } from '../planner/types.ts';
import { fmtMs } from '../planner/format.ts';
import type { AppState } from './initial-state.ts';
import { selectEstate } from './selectors.ts';

export interface PlannerModeActions {
  /** Previews the move being prepared as a live or a cold migration (until the next move). */
  setMoveMode: (mode: MoveMode) => void;
  /**
   * Previews a staged plan (not yet at the server) again as a live or a cold
   * migration and keeps that report; blocked in the new mode, it is a draft.
   */
  setPlanMode: (id: string, mode: MoveMode) => void;
}

type Set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

/** What the notice says once a plan's mode changed. */
function modeNotice(plan: StagedPlan): PlannerState['notice'] {
  const downtime = plan.report.interruption ? fmtMs(plan.report.interruption.totalMs) : null;
  if (!plan.report.feasible)
    return { kind: 'error', text: 'Blocked as a live migration: kept as a draft.' };
  return {
    kind: 'info',
    text:
      modeOf(plan) === 'cold'
        ? `Planned as a cold migration${downtime ? `: the VM is off for ${downtime}` : ''}. Nothing runs until you accept it.`
        : 'Planned as a live migration. Nothing runs until you accept it.',
  };
}

export function createPlannerModeActions(set: Set, get: Get): PlannerModeActions {
  const patch = (p: Partial<PlannerState>) => set((s) => ({ planner: { ...s.planner, ...p } }));
  return {
    setMoveMode(mode) {
      const state = get();
      const { draft } = state.planner;
      const estate = selectEstate(state);
      if (!draft || (draft.mode ?? 'live') === mode) return;
      const next = { ...draft, mode };
      patch({
        draft: next,
        preview:
          next.target && estate
            ? previewInBrowser(
                estate,
                requestOf({ ...next, target: next.target }),
                state.previewOptions,
              )
            : null,
      });
    },

    setPlanMode(id, mode) {
      const state = get();
      const estate = selectEstate(state);
      const plan = state.planner.staged.find((p) => p.id === id);
      if (!plan || !estate || state.estateVersion === null) return;
      if (atServer(plan.status) || modeOf(plan) === mode) return;
      const result = previewInBrowser(estate, requestOf({ ...plan, mode }), state.previewOptions);
      if (!result.ok) {
        patch({ notice: { kind: 'error', text: `Not changed: ${result.error.message}` } });
        return;
      }
      const updated: StagedPlan = {
        ...plan,
        report: result.report,
        estateVersion: state.estateVersion,
        status: 'staged',
        message: null,
        // Blocked in the new mode, it is kept as a draft (never accepted), as a blocked drop is.
        draft: result.report.feasible ? undefined : true,
      };
      patch({
        staged: state.planner.staged.map((p) => (p.id === id ? updated : p)),
        notice: modeNotice(updated),
      });
    },
  };
}
