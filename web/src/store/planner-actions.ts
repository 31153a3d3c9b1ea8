/**
 * The planner's actions: thin steps that call the shared
 * engine through planner/browser-engine.ts and record the result. A drag, the
 * "Move to…" dialog and the keyboard all go through these same actions
 * (STYLE.md practice 5), so they behave alike and undo alike.
 */
import type { MoveTarget } from '@vmmi/shared';
import type { PlansApi } from '../api/plans-api.ts';
import { previewInBrowser } from '../planner/browser-engine.ts';
import { planRequestOf, requestOf } from '../planner/move-request.ts';
import { sameTarget } from '../planner/targets.ts';
import { reportVerdict } from '../planner/verdict.ts';
import {
  atServer,
  type ClientPoint,
  type HeldDrop,
  type MoveVia,
  type PlannerState,
  type StagedPlan,
  type StrategyChoice,
} from '../planner/types.ts';
import type { AppState } from './initial-state.ts';
import { selectEstate } from './selectors.ts';

export interface PlannerActions {
  /** Starts preparing a move of these VMs (a drag began, or the dialog opened). */
  beginMove: (vmIds: string[], via: MoveVia) => void;
  /** The target under the pointer or chosen in the dialog; null when there is none. Recomputes the preview. */
  setMoveTarget: (target: MoveTarget | null) => void;
  setMoveStrategy: (strategy: StrategyChoice) => void;
  /**
   * Stages the prepared move for review; returns whether it was staged. An
   * invalid target stages nothing; a blocked move is held (`planner.held`),
   * asking whether to keep it as a draft. `at`: where a drag released it.
   */
  stageMove: (at?: ClientPoint) => boolean;
  /**
   * Stages many one-VM moves at once (an evacuation's or a drain's, in wave
   * order), each previewed with `best` as a drop is; a blocked one is kept as a
   * draft, so the operator sees why. `what` names them in the notice. Returns
   * how many were staged and how many of those are drafts.
   */
  stageMoves: (
    moves: readonly { vmId: string; toHost: string }[],
    what: string,
  ) => { staged: number; drafts: number };
  /** Stages the held blocked drop as a draft: listed, never accepted. */
  keepHeldAsDraft: () => void;
  /** Lets the held blocked drop go: nothing is staged. */
  dismissHeld: () => void;
  cancelMove: (notice?: string) => void;
  /** Takes back the newest staged plan that is not accepted yet. */
  undoStage: () => void;
  redoStage: () => void;
  removeStaged: (id: string) => void;
  focusPlan: (id: string | null) => void;
  /** Asks the server to recompute and accept the plan; a changed estate comes back as a conflict. */
  acceptPlan: (id: string) => Promise<void>;
  /** Computes a staged plan again on the estate as loaded now (after a conflict and a reload). */
  recomputePlan: (id: string) => void;
  /** After a version conflict: reloads the estate in place, then computes the plan again on it. */
  refreshAndRecompute: (id: string) => Promise<void>;
  dismissNotice: () => void;
  /** Puts back the staged moves saved before a reload (planner/staged-storage.ts). */
  restoreStaged: (plans: StagedPlan[]) => void;
}

type Set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

export interface PlannerDeps {
  plans: PlansApi;
  /** Reloads the current estate without blanking the page; false when it could not. */
  reloadEstate: () => Promise<boolean>;
  /** Plan ids; injected so tests are deterministic. */
  newId?: () => string;
  now?: () => Date;
}

/** What staging says while the estate is being reloaded (no estate, or no version yet). */
const RELOADING = {
  kind: 'error',
  text: 'The estate is reloading: nothing was staged. Try again once it is drawn.',
} as const;

export function createPlannerActions(set: Set, get: Get, deps: PlannerDeps): PlannerActions {
  let counter = 0;
  const newId = deps.newId ?? (() => `staged-${Date.now().toString(36)}-${++counter}`);
  const now = deps.now ?? (() => new Date());
  const planner = (): PlannerState => get().planner;
  const patch = (p: Partial<PlannerState>) => set((s) => ({ planner: { ...s.planner, ...p } }));
  const patchPlan = (id: string, p: Partial<StagedPlan>) =>
    set((s) => ({
      planner: {
        ...s.planner,
        staged: s.planner.staged.map((plan) => (plan.id === id ? { ...plan, ...p } : plan)),
      },
    }));

  /** Adds a plan to the staged list, in focus; a draft is one kept though blocked. */
  function stage(
    move: Pick<StagedPlan, 'vmIds' | 'target' | 'strategy' | 'report' | 'estateVersion'>,
    draft: boolean,
  ): void {
    const plan: StagedPlan = {
      id: newId(),
      estateId: move.report.estateId,
      estateVersion: move.estateVersion,
      vmIds: move.vmIds,
      target: move.target,
      strategy: move.strategy,
      report: move.report,
      stagedAt: now().toISOString(),
      status: 'staged',
      message: null,
      planId: null,
      ...(draft && { draft }),
    };
    patch({ staged: [...planner().staged, plan], undone: [], focusedPlanId: plan.id });
  }

  function recompute(): void {
    const { draft } = planner();
    const estate = selectEstate(get());
    if (!draft || !draft.target || !estate) return patch({ preview: null });
    patch({
      preview: previewInBrowser(
        estate,
        requestOf({ ...draft, target: draft.target }),
        get().previewOptions,
      ),
    });
  }

  const actions: PlannerActions = {
    beginMove(vmIds, via) {
      patch({
        draft: { vmIds, target: null, strategy: 'best', via },
        preview: null,
        notice: null,
        held: null,
      });
    },

    setMoveTarget(target) {
      const { draft } = planner();
      if (!draft || sameTarget(draft.target, target)) return;
      patch({ draft: { ...draft, target } });
      recompute();
    },

    setMoveStrategy(strategy) {
      const { draft } = planner();
      if (!draft || draft.strategy === strategy) return;
      patch({ draft: { ...draft, strategy } });
      recompute();
    },

    stageMove(at) {
      const { draft, preview } = planner();
      const state = get();
      const estate = selectEstate(state);
      if (!draft) return false;
      if (!estate || state.estateVersion === null) {
        patch({
          notice: RELOADING,
        });
        return false;
      }
      if (!draft.target || !preview) {
        actions.cancelMove('Dropped outside any host or site: nothing was staged.');
        return false;
      }
      if (!preview.ok) {
        actions.cancelMove(`Not staged: ${preview.error.message}`);
        return false;
      }
      if (!preview.report.feasible) {
        const held: HeldDrop = {
          vmIds: draft.vmIds,
          target: draft.target,
          strategy: draft.strategy,
          report: preview.report,
          via: draft.via,
          estateVersion: state.estateVersion,
          at: at ?? null,
        };
        patch({ held, draft: null, preview: null, notice: null });
        return false;
      }
      stage(
        {
          ...draft,
          target: draft.target,
          report: preview.report,
          estateVersion: state.estateVersion,
        },
        false,
      );
      patch({
        draft: null,
        preview: null,
        notice: { kind: 'info', text: 'Staged for review. Nothing runs until you accept it.' },
      });
      return true;
    },

    stageMoves(moves, what) {
      const state = get();
      const estate = selectEstate(state);
      const version = state.estateVersion;
      if (!estate || version === null) {
        patch({
          notice: RELOADING,
        });
        return { staged: 0, drafts: 0 };
      }
      let staged = 0;
      let drafts = 0;
      const failed: string[] = [];
      for (const m of moves) {
        const move = {
          vmIds: [m.vmId],
          target: { kind: 'host', hostId: m.toHost } as const,
          strategy: 'best' as const,
        };
        const preview = previewInBrowser(estate, requestOf(move), state.previewOptions);
        if (!preview.ok) {
          failed.push(`${m.vmId}: ${preview.error.message}`);
          continue;
        }
        stage(
          { ...move, report: preview.report, estateVersion: version },
          !preview.report.feasible,
        );
        staged++;
        if (!preview.report.feasible) drafts++;
      }
      const parts = [
        `Staged ${staged} move${staged === 1 ? '' : 's'} of ${what}`,
        drafts ? `${drafts} kept as draft${drafts === 1 ? '' : 's'}: blocked` : '',
        failed.length ? `not staged: ${failed.join('; ')}` : '',
      ].filter(Boolean);
      patch({
        notice: {
          kind: failed.length ? 'error' : 'info',
          text: `${parts.join('; ')}. Nothing runs until you accept.`,
        },
      });
      return { staged, drafts };
    },

    keepHeldAsDraft() {
      const { held } = planner();
      if (!held) return;
      stage(held, true);
      patch({
        held: null,
        notice: {
          kind: 'info',
          text: 'Kept as a draft: it cannot be accepted while the move is blocked.',
        },
      });
    },

    dismissHeld() {
      const { held } = planner();
      if (!held) return;
      patch({
        held: null,
        notice: { kind: 'error', text: `Not staged: ${reportVerdict(held.report).reason}` },
      });
    },

    cancelMove(notice) {
      patch({
        draft: null,
        preview: null,
        notice: notice ? { kind: 'error', text: notice } : null,
      });
    },

    undoStage() {
      const { staged, undone, focusedPlanId } = planner();
      const last = [...staged].reverse().find((p) => !atServer(p.status));
      if (!last) return;
      patch({
        staged: staged.filter((p) => p !== last),
        undone: [...undone, last],
        focusedPlanId: focusedPlanId === last.id ? null : focusedPlanId,
        notice: { kind: 'info', text: 'Staged move taken back. Redo (Ctrl+Shift+Z) restores it.' },
      });
    },

    redoStage() {
      const { staged, undone } = planner();
      const last = undone.at(-1);
      if (!last) return;
      patch({
        staged: [...staged, last],
        undone: undone.slice(0, -1),
        focusedPlanId: last.id,
        notice: null,
      });
    },

    removeStaged(id) {
      const { staged, focusedPlanId } = planner();
      const plan = staged.find((p) => p.id === id);
      if (!plan || plan.status === 'accepting' || plan.status === 'executing') return;
      patch({
        staged: staged.filter((p) => p.id !== id),
        undone: [...planner().undone, plan],
        focusedPlanId: focusedPlanId === id ? null : focusedPlanId,
      });
    },

    focusPlan(id) {
      patch({ focusedPlanId: id });
    },

    async acceptPlan(id) {
      const plan = planner().staged.find((p) => p.id === id);
      if (!plan || plan.draft || atServer(plan.status)) return;
      patchPlan(id, { status: 'accepting', message: null });
      const outcome = await deps.plans.accept({
        estateId: plan.estateId,
        request: planRequestOf(plan),
        expectedVersion: plan.estateVersion,
      });
      if (outcome.kind === 'accepted')
        patchPlan(id, { status: 'accepted', planId: outcome.planId, message: null });
      else patchPlan(id, { status: outcome.kind, message: outcome.message });
    },

    recomputePlan(id) {
      const state = get();
      const estate = selectEstate(state);
      const plan = state.planner.staged.find((p) => p.id === id);
      if (!plan || !estate || state.estateVersion === null) return;
      const result = previewInBrowser(estate, planRequestOf(plan), state.previewOptions);
      if (!result.ok) {
        patchPlan(id, { status: 'refused', message: result.error.message });
        return;
      }
      patchPlan(id, {
        report: result.report,
        estateVersion: state.estateVersion,
        status: 'staged',
        message: null,
      });
    },

    async refreshAndRecompute(id) {
      if (await deps.reloadEstate()) actions.recomputePlan(id);
      else
        patchPlan(id, {
          message: 'The estate could not be reloaded from the server; try Recompute again.',
        });
    },

    dismissNotice() {
      patch({ notice: null });
    },

    restoreStaged(plans) {
      if (plans.length > 0) patch({ staged: plans });
    },
  };
  return actions;
}
