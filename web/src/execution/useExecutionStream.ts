/**
 * Keeps the page on the event stream while it is mounted (the planner and
 * the kiosk alike), and loads the runs of each estate it opens.
 */
import { useEffect } from 'react';
import { selectEstateId } from '../store/selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';

export function useExecutionStream(): void {
  const actions = useAppActions();
  const estateId = useAppStore(selectEstateId);
  useEffect(() => actions.connectExecution(), [actions]);
  useEffect(() => {
    if (estateId !== null) void actions.loadActiveMigrations();
  }, [actions, estateId]);
}
