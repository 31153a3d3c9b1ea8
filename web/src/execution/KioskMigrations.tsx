/**
 * The wall screen's view of execution: the runs going on, one line each with
 * their progress, and the last few events; nothing to click. Shown only while
 * there is something to show.
 */
import { isTerminal } from '@vmmi/shared';
import { useNow } from '../components/useNow.ts';
import { selectCards, selectStream, selectTicker } from '../store/execution-selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { describeEvent, fmtDuration, progressOf, realEtaMs } from './describe.ts';
import { earliestDown, staleAge, staleText } from './staleness.ts';
import { useExecutionStream } from './useExecutionStream.ts';
import './execution.css';

/** A finished run stays on the wall this long after its last event, then makes room. */
const LINGER_MS = 60_000;

/** `serverDownSince`: since when the kiosk's checks of the server fail (null: they pass). */
export function KioskMigrations({ serverDownSince }: { serverDownSince: number | null }) {
  useExecutionStream();
  const cards = useAppStore(selectCards);
  const ticker = useAppStore(selectTicker);
  const stream = useAppStore(selectStream);
  // Each second: a stale run's age counts up on the wall as it does anywhere else.
  const now = useNow();
  const staleMs = staleAge(earliestDown(serverDownSince, stream.downSince), now);
  const shown = cards.filter(
    (m) => !isTerminal(m.status) || now - Date.parse(m.updatedAt) < LINGER_MS,
  );
  if (shown.length === 0) return null;
  return (
    <section className="kiosk-migrations" aria-label="Migrations" data-testid="kiosk-migrations">
      <h2>Migrations</h2>
      <ul>
        {shown.map((m) => {
          const pct = Math.round(progressOf(m).fraction * 100);
          const eta = realEtaMs(m);
          return (
            <li key={m.id} data-status={m.status}>
              <strong>{m.spec.vmId}</strong> {m.spec.fromHost} → {m.spec.toHost}{' '}
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
            </li>
          );
        })}
      </ul>
      <ol className="kiosk-ticker" aria-live="polite">
        {ticker.slice(0, 4).map(({ record, vmId }) => (
          <li key={record.id}>
            {vmId ?? 'system'}: {describeEvent(record)}
          </li>
        ))}
      </ol>
    </section>
  );
}
