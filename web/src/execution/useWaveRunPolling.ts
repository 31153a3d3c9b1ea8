/**
 * The wave runs kept current while the planner is open, panel open or not:
 * the event stream says nothing of wave runs themselves, so they are read once
 * per estate (after the page's first frame: nobody needs them before), again
 * every POLL_MS as long as one is active, and at once when one of their runs
 * changes status (a wave's last run ending is when the server takes the next
 * step). Mounted by the header's Migrations button, so that a wave awaiting
 * approval is said there with the panel closed.
 */
import { useEffect } from 'react';
import { afterFirstFrame } from '../perf-marks.ts';
import { selectAnyWaveRunActive, selectWaveRunRunsKey } from '../store/execution-selectors.ts';
import { selectEstateId } from '../store/selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';

/** How often the wave runs are read while one is active, real ms. */
export const POLL_MS = 2_000;

export function useWaveRunPolling(): void {
  const actions = useAppActions();
  const estateId = useAppStore(selectEstateId);
  const active = useAppStore(selectAnyWaveRunActive);
  const runsKey = useAppStore(selectWaveRunRunsKey);
  useEffect(() => {
    if (estateId === null) return;
    return afterFirstFrame(() => void actions.loadWaveRuns());
  }, [actions, estateId, runsKey]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void actions.loadWaveRuns(), POLL_MS);
    return () => clearInterval(timer);
  }, [actions, active]);
}
