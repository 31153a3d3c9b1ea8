/**
 * The planner's keyboard shortcuts, as named actions (STYLE.md practice 5):
 * the same actions the buttons call. Not while typing in a field.
 */
import { useEffect } from 'react';
import type { AppActions } from '../store/app-store.ts';
import type { PlannerState } from './types.ts';

export interface PlannerKeyAction {
  name: string;
  keyTest: (e: KeyboardEvent) => boolean;
  predicate: (s: PlannerState) => boolean;
  perform: (a: AppActions) => void;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;

export const PLANNER_KEY_ACTIONS: PlannerKeyAction[] = [
  {
    name: 'undoStage',
    keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'z',
    predicate: (s) => s.staged.some((p) => p.status !== 'accepted' && p.status !== 'accepting'),
    perform: (a) => a.undoStage(),
  },
  {
    name: 'redoStage',
    keyTest: (e) => mod(e) && e.shiftKey && e.key.toLowerCase() === 'z',
    predicate: (s) => s.undone.length > 0,
    perform: (a) => a.redoStage(),
  },
];

export function usePlannerKeys(actions: AppActions, planner: PlannerState): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
      const action = PLANNER_KEY_ACTIONS.find((a) => a.keyTest(e) && a.predicate(planner));
      if (!action) return;
      e.preventDefault();
      action.perform(actions);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, planner]);
}
