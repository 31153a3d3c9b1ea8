/**
 * The planner's keyboard shortcuts, as named actions (STYLE.md practice 5):
 * the same actions the buttons call. Not while typing in a field.
 */
import { useEffect } from 'react';
import type { AppActions } from '../store/app-store.ts';
import { useAppStoreApi } from '../store/store-context.tsx';
import { atServer, type PlannerState } from './types.ts';

/** What a shortcut may look at. */
export interface PlannerKeyContext {
  planner: PlannerState;
  /** The VM selected in the table, the search or the tenant view. */
  selectedVmId: string | null;
  /** Why the caller may not move VMs (useCan); null: may. */
  moveRefusal: string | null;
}

export interface PlannerKeyAction {
  name: string;
  keyTest: (e: KeyboardEvent) => boolean;
  predicate: (c: PlannerKeyContext) => boolean;
  perform: (a: AppActions, c: PlannerKeyContext) => void;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;

export const PLANNER_KEY_ACTIONS: PlannerKeyAction[] = [
  {
    name: 'undoStage',
    keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'z',
    predicate: ({ planner }) => planner.staged.some((p) => !atServer(p.status)),
    perform: (a) => a.undoStage(),
  },
  {
    name: 'redoStage',
    keyTest: (e) => mod(e) && e.shiftKey && e.key.toLowerCase() === 'z',
    predicate: ({ planner }) => planner.undone.length > 0,
    perform: (a) => a.redoStage(),
  },
  {
    // "Move to…" for the selected VM: the path without dragging (WCAG 2.2, 2.5.7).
    name: 'moveSelectedVm',
    keyTest: (e) => !mod(e) && !e.altKey && e.key.toLowerCase() === 'm',
    predicate: ({ planner, selectedVmId }) => selectedVmId !== null && planner.draft === null,
    perform: (a, { selectedVmId, moveRefusal }) =>
      moveRefusal === null
        ? a.beginMove([selectedVmId!], 'dialog')
        : a.setAuthNotice(`Moving a VM ${moveRefusal}.`),
  },
];

/** The planner's state is read when a key is pressed, so the page does not re-render on its every change. */
export function usePlannerKeys(
  actions: AppActions,
  selectedVmId: string | null,
  moveRefusal: string | null = null,
): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Rows handle their own M; fields and open dialogs keep their keys.
      if (e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      const tag = target?.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || target?.closest('dialog'))
        return;
      const ctx = { planner: store.getState().planner, selectedVmId, moveRefusal };
      const action = PLANNER_KEY_ACTIONS.find((a) => a.keyTest(e) && a.predicate(ctx));
      if (!action) return;
      e.preventDefault();
      action.perform(actions, ctx);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, store, selectedVmId, moveRefusal]);
}
