/**
 * The execution slice's named actions: run an accepted
 * plan, abort a run, open the panel, the history and a run's events, inject
 * and clear faults. Thin: each calls the server through ExecutionApi and
 * records the answer; the live stream and the folding are in
 * execution-stream.ts.
 */
import { isTerminal, type FaultInput } from '@vmmi/shared';
import { parseWindowInput, type WindowInput } from '../execution/change-window-input.ts';
import { describeFault } from '../execution/describe.ts';
import type { ConvergenceName, ExecutionState, ExecutorName } from '../execution/types.ts';
import type { StagedPlan } from '../planner/types.ts';
import { createExecutionStream, type ExecutionDeps } from './execution-stream.ts';
import type { AppState } from './initial-state.ts';

export type { ExecutionDeps };

export interface ExecutionActions {
  /** Subscribes to every event while the page is open; returns the function that stops it. */
  connectExecution: () => () => void;
  /** Fetches the current estate's runs that have not ended (after another estate was opened). */
  loadActiveMigrations: () => Promise<void>;
  /**
   * Runs an accepted staged plan with the chosen executor, speed and
   * convergence; refusals come back on the plan, like Accept's.
   */
  executePlan: (stagedId: string) => Promise<void>;
  setTimeScale: (timeScale: number) => void;
  setExecutor: (executor: ExecutorName) => void;
  setConvergence: (convergence: ConvergenceName) => void;
  /** The change window for the next Execute (typed in local time), or none. */
  setWindow: (window: WindowInput | null) => void;
  /** Asks for an abort; the run records the outcome (rolled back, or refused after switchover). */
  abortMigration: (id: string) => Promise<void>;
  /** Takes a finished run's card away (it stays in the history). */
  dismissMigration: (id: string) => void;
  /** Opens or closes the migrations panel (the header button and the key `x`). */
  toggleMigrationsPanel: (open?: boolean) => void;
  /** Loads the estate's runs, newest first, and the states of the ended ones. */
  loadHistory: () => Promise<void>;
  /** Opens a run's full event list (null closes it). */
  openMigrationEvents: (id: string | null) => Promise<void>;
  /** Injects a fault (demos, tests); resolves to whether the server took it. */
  injectFault: (fault: FaultInput) => Promise<boolean>;
  clearFault: (id: string) => Promise<void>;
  dismissExecutionNotice: () => void;
}

type Set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

/** How many ended runs the history fetches the states of (outcome, downtime, duration). */
const HISTORY_LIMIT = 25;

export function createExecutionActions(set: Set, get: Get, deps: ExecutionDeps): ExecutionActions {
  const { api } = deps;
  const patch = (p: Partial<ExecutionState> | ((e: ExecutionState) => Partial<ExecutionState>)) =>
    set((s) => ({
      execution: { ...s.execution, ...(typeof p === 'function' ? p(s.execution) : p) },
    }));
  const patchPlan = (id: string, p: Partial<StagedPlan>) =>
    set((s) => ({
      planner: {
        ...s.planner,
        staged: s.planner.staged.map((plan) => (plan.id === id ? { ...plan, ...p } : plan)),
      },
    }));
  const notice = (kind: 'info' | 'error', text: string) => patch({ notice: { kind, text } });

  // The history is reloaded when a run ends, if it was loaded (at most one reload at a time).
  let historyLoading = false;
  const stream = createExecutionStream(set, get, deps, () => {
    if (get().execution.history.status === 'ready' && !historyLoading) void actions.loadHistory();
  });

  const actions: ExecutionActions = {
    connectExecution: () => stream.connect(),

    loadActiveMigrations() {
      // Another estate: its history is another list.
      patch({ history: { status: 'idle' }, opened: null });
      return stream.resync();
    },

    async executePlan(stagedId) {
      const plan = get().planner.staged.find((p) => p.id === stagedId);
      if (!plan || plan.status !== 'accepted' || plan.planId === null) return;
      const { timeScale, executor, convergence, window: typed } = get().execution;
      const window = typed ? parseWindowInput(typed, Date.now()) : null;
      if (window && !window.ok) {
        patchPlan(stagedId, { message: `Not started: ${window.message}` });
        return;
      }
      patchPlan(stagedId, { status: 'executing', message: null });
      const res = await api.execute({
        planId: plan.planId,
        timeScale,
        executor,
        convergence,
        ...(window && { window: window.window }),
      });
      if (res.ok) {
        const ids = res.value.map((m) => m.id);
        patchPlan(stagedId, {
          status: 'executed',
          migrationIds: ids,
          message: null,
        });
        patch((e) => ({
          panelOpen: true,
          cards: [...ids.filter((id) => !e.cards.includes(id)), ...e.cards],
        }));
        // Without the stream the runs would never show: read them once.
        if (get().execution.stream.status !== 'live')
          for (const id of ids)
            if (!get().execution.migrations.has(id)) void stream.refetch(id, true);
        // A fast run may have ended before this answer came: its plan leaves the list now.
        stream.settle();
        return;
      }
      const why = res.message;
      if (res.refusal === 'stale-estate')
        patchPlan(stagedId, {
          status: 'conflict',
          message: `Not started: ${why}. Recompute, accept it again, then execute.`,
        });
      else if (res.refusal === 'plan-not-executable')
        patchPlan(stagedId, { status: 'refused', message: `Not started: ${why}` });
      else if (res.refusal === 'vm-busy')
        patchPlan(stagedId, {
          status: 'accepted',
          message: `Not started: ${why}. Execute again once that run has ended.`,
        });
      else
        patchPlan(stagedId, {
          status: 'accepted',
          message: res.unreachable
            ? `Not started: ${why}. Nothing runs; execute again when the server is back.`
            : `Not started: ${why}`,
        });
    },

    setTimeScale(timeScale) {
      patch({ timeScale });
    },

    setExecutor(executor) {
      patch({ executor });
    },

    setConvergence(convergence) {
      patch({ convergence });
    },

    setWindow(window) {
      patch({ window });
    },

    async abortMigration(id) {
      const current = get().execution.aborts[id];
      if (current?.status === 'asking') return;
      patch((e) => ({ aborts: { ...e.aborts, [id]: { status: 'asking', message: null } } }));
      const res = await api.abort(id);
      const entry: ExecutionState['aborts'][string] = res.ok
        ? {
            status: 'asked',
            message: res.value.already
              ? 'abort already requested'
              : 'abort requested: the run records what it does',
          }
        : {
            status: 'refused',
            message:
              res.refusal === 'migration-finished'
                ? `nothing to abort: ${res.message}`
                : `abort not sent: ${res.message}`,
          };
      // The run may have recorded its answer meanwhile (abort refused after switchover): that one stays.
      patch((e) =>
        e.aborts[id]?.status === 'refused' && res.ok
          ? {}
          : { aborts: { ...e.aborts, [id]: entry } },
      );
    },

    dismissMigration(id) {
      const s = get().execution.migrations.get(id);
      if (s && !isTerminal(s.status)) return;
      patch((e) => ({ cards: e.cards.filter((c) => c !== id) }));
    },

    toggleMigrationsPanel(open) {
      patch((e) => ({ panelOpen: open ?? !e.panelOpen }));
    },

    async loadHistory() {
      const estateId = get().estateId;
      if (estateId === null) return;
      historyLoading = true;
      if (get().execution.history.status !== 'ready') patch({ history: { status: 'loading' } });
      const res = await api.list(estateId, { active: false, limit: 100 });
      historyLoading = false;
      if (!res.ok) {
        patch({ history: { status: 'error', message: res.message } });
        return;
      }
      patch({ history: { status: 'ready', rows: res.value } });
      const { migrations } = get().execution;
      const missing = res.value
        .filter((r) => isTerminal(r.status as 'succeeded') && !migrations.has(r.id))
        .slice(0, HISTORY_LIMIT);
      await Promise.all(missing.map((r) => stream.refetch(r.id, false)));
    },

    async openMigrationEvents(id) {
      if (id === null) {
        patch({ opened: null });
        return;
      }
      patch({ opened: { id, status: 'loading' } });
      const res = await api.get(id);
      if (get().execution.opened?.id !== id) return;
      patch({
        opened: res.ok
          ? { id, status: 'ready', events: res.value.events }
          : { id, status: 'error', message: res.message },
      });
    },

    async injectFault(fault) {
      const estateId = get().estateId;
      if (estateId === null) return false;
      const res = await api.injectFault(estateId, fault);
      if (!res.ok) {
        notice('error', `Fault not injected: ${res.message}`);
        return false;
      }
      const stored = res.value;
      patch((e) => ({
        faults: [...e.faults.filter((f) => f.id !== stored.id), stored],
        notice: {
          kind: 'info',
          text: `Injected: ${describeFault(stored.fault, (id) => e.migrations.get(id)?.spec.vmId)}`,
        },
      }));
      return true;
    },

    async clearFault(id) {
      const res = await api.clearFault(id);
      if (!res.ok) {
        notice('error', `Fault not cleared: ${res.message}`);
        return;
      }
      patch((e) => ({
        faults: e.faults.filter((f) => f.id !== id),
        notice: {
          kind: 'info',
          text: `Cleared: ${describeFault(res.value.fault, (m) => e.migrations.get(m)?.spec.vmId)}`,
        },
      }));
    },

    dismissExecutionNotice() {
      patch({ notice: null });
    },
  };
  return actions;
}
