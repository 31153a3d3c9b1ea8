/**
 * The migrations panel: the stream's state, a card per run
 * seen in this page, the faults menu, the history, and the event ticker.
 * Opened by the header's Migrations button or the key `x` (focus moves into
 * it); Esc closes it.
 */
import type { Estate } from '@vmmi/shared';
import { useCallback, useMemo, useRef } from 'react';
import {
  selectAborts,
  selectActiveRuns,
  selectCards,
  selectEstateFaults,
  selectExecutionNotice,
  selectHistory,
  selectHistoryStatus,
  selectMigrations,
  selectOpened,
  selectStream,
  selectSyncing,
  selectTicker,
} from '../store/execution-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { EventListDialog } from './EventListDialog.tsx';
import { EventTicker } from './EventTicker.tsx';
import { FaultsMenu } from './FaultsMenu.tsx';
import { MigrationCard } from './MigrationCard.tsx';
import { MigrationHistory } from './MigrationHistory.tsx';
import { fmtAge, staleAge } from './staleness.ts';
import { WaveRunsSection } from './WaveRunsSection.tsx';
import { useNow } from '../components/useNow.ts';
import './execution.css';
import { useCan, useCanForAllTenants } from '../auth/useCan.ts';

export const PANEL_ID = 'migrations-panel';

const STREAM_TEXT = {
  off: 'not connected',
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
} as const;

export function MigrationsPanel({ estate }: { estate: Estate | null }) {
  const actions = useAppActions();
  const refusal = useCan('operator');
  // Faults act on every tenant's runs: refused to an operator limited to tenants, as the server does.
  const faultRefusal = useCanForAllTenants('operator');
  const cards = useAppStore(selectCards);
  const aborts = useAppStore(selectAborts);
  const syncing = useAppStore(selectSyncing);
  const stream = useAppStore(selectStream);
  const ticker = useAppStore(selectTicker);
  const notice = useAppStore(selectExecutionNotice);
  const historyStatus = useAppStore(selectHistoryStatus);
  const history = useAppStore(selectHistory);
  const opened = useAppStore(selectOpened);
  const faults = useAppStore(selectEstateFaults);
  const activeRuns = useAppStore(selectActiveRuns);
  const migrations = useAppStore(selectMigrations);
  const panel = useRef<HTMLElement>(null);
  const now = useNow(stream.downSince !== null);
  const staleMs = staleAge(stream.downSince, now);
  const onAbort = useCallback((id: string) => void actions.abortMigration(id), [actions]);
  const onOpenEvents = useCallback((id: string) => void actions.openMigrationEvents(id), [actions]);

  const vmNames = useMemo(
    () => new Map((estate?.vms ?? []).map((v) => [v.id, v.name] as const)),
    [estate],
  );

  return (
    <aside
      id={PANEL_ID}
      ref={panel}
      tabIndex={-1}
      className="migrations-panel"
      aria-labelledby="migrations-heading"
      data-testid="migrations-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && opened === null) {
          e.stopPropagation();
          actions.toggleMigrationsPanel(false);
          // Back to the button that opened it.
          document.querySelector<HTMLElement>(`[aria-controls="${PANEL_ID}"]`)?.focus();
        }
      }}
    >
      <header className="migrations-head">
        <h2 id="migrations-heading" className="panel-heading">
          Migrations
        </h2>
        <span
          className={`stream-state stream-${stream.status}`}
          role="status"
          title={stream.error ?? undefined}
          data-testid="stream-status"
        >
          {STREAM_TEXT[stream.status]}
          {staleMs !== null && ` · ${fmtAge(staleMs)}`}
        </span>
        <button
          type="button"
          className="link-btn"
          aria-label="Close the migrations panel"
          onClick={() => actions.toggleMigrationsPanel(false)}
        >
          ×
        </button>
      </header>
      {stream.status === 'reconnecting' && (
        <p className="small reason warning" data-testid="stream-reconnecting">
          The event stream dropped; reconnecting by itself. The cards show the last state received
          {stream.error ? ` (${stream.error})` : ''}.
        </p>
      )}
      {notice && (
        <p className={`notice notice-${notice.kind}`} role="status" data-testid="execution-notice">
          {notice.text}{' '}
          <button
            type="button"
            className="link-btn"
            onClick={actions.dismissExecutionNotice}
            aria-label="Dismiss"
          >
            ×
          </button>
        </p>
      )}
      <WaveRunsSection estate={estate} migrations={migrations} streamDownSince={stream.downSince} />
      <section aria-label="Running and recent migrations" className="mig-cards">
        {cards.length === 0 && (
          <p className="small muted">
            No migration running. Stage a move, accept it, then Execute it from the side panel.
          </p>
        )}
        {cards.map((m) => (
          <MigrationCard
            key={m.id}
            state={m}
            vmName={vmNames.get(m.spec.vmId) ?? m.spec.vmId}
            abort={aborts[m.id]}
            syncing={syncing.has(m.id)}
            onAbort={onAbort}
            onDismiss={actions.dismissMigration}
            onOpenEvents={onOpenEvents}
            abortRefusal={refusal}
            staleMs={staleMs}
          />
        ))}
      </section>
      {estate && (
        <FaultsMenu
          estate={estate}
          activeRuns={activeRuns}
          faults={faults}
          onInject={actions.injectFault}
          onClear={(id) => void actions.clearFault(id)}
          refusal={faultRefusal}
        />
      )}
      <MigrationHistory
        status={historyStatus}
        items={history}
        onOpen={() => void actions.loadHistory()}
        onOpenEvents={onOpenEvents}
      />
      <EventTicker entries={ticker} />
      <EventListDialog opened={opened} onClose={() => void actions.openMigrationEvents(null)} />
    </aside>
  );
}
