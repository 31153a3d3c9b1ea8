/**
 * The wall screen's view of execution: the runs going on, one entry each with
 * their progress, and the last few events; nothing to click. Shown only while
 * there is something to show. Runs that failed or rolled back are the alarm
 * strip's (kiosk/KioskAlarms.tsx), not listed here again.
 */
import { isTerminal, type MigrationState } from '@vmmi/shared';
import { useNow } from '../components/useNow.ts';
import { selectCards, selectStream, selectTicker } from '../store/execution-selectors.ts';
import type { TickerEntry } from './types.ts';
import { useAppStore } from '../store/store-context.tsx';
import { isAlarmRun, isRecent } from '../kiosk/alarms.ts';
import { describeEvent, fmtDuration, progressOf, realEtaMs } from './describe.ts';
import { earliestDown, staleAge, staleText } from './staleness.ts';
import { useExecutionStream } from './useExecutionStream.ts';
import './execution.css';

/** Entries that fit the wall screen's column at its type size; the rest are counted, never shrunk. */
const MAX_RUNS = 3;
const TICKER_LINES = 3;

/** `serverDownSince`: since when the kiosk's checks of the server fail (null: they pass). */
export function KioskMigrations({ serverDownSince }: { serverDownSince: number | null }) {
  useExecutionStream();
  const cards = useAppStore(selectCards);
  const ticker = useAppStore(selectTicker);
  const stream = useAppStore(selectStream);
  // Each second: a stale run's age counts up on the wall as it does anywhere else.
  const now = useNow();
  const staleMs = staleAge(earliestDown(serverDownSince, stream.downSince), now);
  const shown = cards.filter((m) => !isAlarmRun(m) && (!isTerminal(m.status) || isRecent(m, now)));
  return <KioskMigrationList runs={shown} ticker={ticker} staleMs={staleMs} />;
}

/**
 * The column itself, from the runs to show (newest first) and the ticker; nothing without
 * runs. `staleMs`: how old the figures are while the server or stream is down (null: live).
 */
export function KioskMigrationList({
  runs: shown,
  ticker,
  staleMs = null,
}: {
  runs: readonly MigrationState[];
  ticker: readonly TickerEntry[];
  staleMs?: number | null;
}) {
  if (shown.length === 0) return null;
  const more = shown.length - MAX_RUNS;
  return (
    <section className="kiosk-migrations" aria-label="Migrations" data-testid="kiosk-migrations">
      <h2>Migrations</h2>
      <ul>
        {shown.slice(0, MAX_RUNS).map((m) => {
          const pct = Math.round(progressOf(m).fraction * 100);
          const eta = realEtaMs(m);
          return (
            <li key={m.id} data-status={m.status}>
              <span className="kiosk-run-head">
                <strong>{m.spec.vmId}</strong>{' '}
                <span className={`mig-status mig-status-${m.status}`}>
                  {m.status === 'running' ? (m.step ?? 'running') : m.status}
                </span>{' '}
                {pct} %
                {!isTerminal(m.status) &&
                  (staleMs !== null ? (
                    <>
                      {' · '}
                      <span className="stale-mark" data-testid="kiosk-migration-stale">
                        {staleText(staleMs)}
                      </span>
                    </>
                  ) : (
                    eta !== null && <> · ETA {fmtDuration(eta)}</>
                  ))}
              </span>
              <span className="kiosk-run-path">
                {m.spec.fromHost} → {m.spec.toHost}
              </span>
            </li>
          );
        })}
      </ul>
      {more > 0 && <p className="kiosk-more">+{more} more</p>}
      <ol className="kiosk-ticker" aria-live="polite" data-testid="kiosk-ticker">
        {ticker.slice(0, TICKER_LINES).map(({ record, vmId }) => (
          <li key={record.id}>
            {vmId ?? 'system'}: {describeEvent(record)}
          </li>
        ))}
      </ol>
    </section>
  );
}
