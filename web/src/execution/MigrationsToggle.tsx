/**
 * The header's Migrations button (also the key `x`), with the number of runs
 * going on and, apart, how many wave runs wait for an operator's approval:
 * with the panel closed, this is where an operator learns that a wave waits.
 */
import { useHotkey } from '../components/useHotkey.ts';
import {
  selectActiveCount,
  selectPanelOpen,
  selectStream,
  selectWaveRunsAwaiting,
} from '../store/execution-selectors.ts';
import { useWaveRunPolling } from './useWaveRunPolling.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { PANEL_ID } from './MigrationsPanel.tsx';
import { useNow } from '../components/useNow.ts';
import { staleAge, staleText } from './staleness.ts';

export function MigrationsToggle() {
  const actions = useAppActions();
  const open = useAppStore(selectPanelOpen);
  const active = useAppStore(selectActiveCount);
  useWaveRunPolling();
  const awaiting = useAppStore(selectWaveRunsAwaiting);
  const stream = useAppStore(selectStream);
  // Closed, the panel's figures still age: the button says so, with how long.
  const now = useNow(stream.downSince !== null);
  const staleMs = staleAge(stream.downSince, now);
  // Opened by the user: focus goes into the panel, so Tab reaches its controls (not when Execute opens it).
  const toggle = () => {
    actions.toggleMigrationsPanel();
    if (!open) requestAnimationFrame(() => document.getElementById(PANEL_ID)?.focus());
  };
  useHotkey('x', (e) => {
    if (e.defaultPrevented || (e.target as HTMLElement | null)?.closest('dialog')) return;
    e.preventDefault();
    toggle();
  });
  return (
    <button
      type="button"
      className={`btn btn-ghost migrations-toggle${stream.status === 'reconnecting' ? ' stream-warn' : ''}`}
      aria-expanded={open}
      aria-controls={PANEL_ID}
      aria-keyshortcuts="x"
      onClick={toggle}
      data-testid="migrations-toggle"
    >
      Migrations
      {active > 0 && (
        <span
          className={`badge${staleMs === null ? '' : ' badge-stale'}`}
          aria-label={
            staleMs === null
              ? `${active} running`
              : `${active} running when last heard, ${staleText(staleMs)}`
          }
          data-testid="migrations-count"
        >
          {active}
          {staleMs !== null && ` · ${staleText(staleMs)}`}
        </span>
      )}
      {awaiting > 0 && (
        <span className="badge badge-await" data-testid="wave-runs-awaiting">
          {awaiting === 1 ? 'a wave to approve' : `${awaiting} waves to approve`}
        </span>
      )}
      <kbd className="kbd">x</kbd>
    </button>
  );
}
