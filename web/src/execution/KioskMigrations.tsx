/**
 * The wall screen's view of execution: the runs going on, one line each with
 * their progress, and the last few events; nothing to click. Shown only while
 * there is something to show.
 */
import { isTerminal } from '@vmmi/shared';
import { useEffect, useState } from 'react';
import { selectCards, selectTicker } from '../store/execution-selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { describeEvent, fmtDuration, progressOf, realEtaMs } from './describe.ts';
import { useExecutionStream } from './useExecutionStream.ts';
import './execution.css';

/** A finished run stays on the wall this long after its last event, then makes room. */
const LINGER_MS = 60_000;

export function KioskMigrations() {
  useExecutionStream();
  const cards = useAppStore(selectCards);
  const ticker = useAppStore(selectTicker);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
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
              {pct} %{!isTerminal(m.status) && eta !== null && <> · ETA {fmtDuration(eta)}</>}
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
