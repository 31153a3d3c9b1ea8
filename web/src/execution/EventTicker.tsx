/**
 * The last events, newest first, one line each (progress events are left
 * out: the cards show them). A polite live region, so a screen reader reads
 * new lines without interrupting.
 */
import { memo } from 'react';
import { formatClock } from '../kiosk/connection-label.ts';
import { describeEvent, toneOf } from './describe.ts';
import type { TickerEntry } from './types.ts';

export interface EventTickerProps {
  entries: readonly TickerEntry[];
  /** Lines shown (the store keeps more). */
  max?: number;
}

export const EventTicker = memo(function EventTicker({ entries, max = 200 }: EventTickerProps) {
  return (
    <section className="ticker" aria-labelledby="ticker-heading">
      <h3 id="ticker-heading" className="sub-heading">
        Events
      </h3>
      {entries.length === 0 && <p className="small muted">No event since this page opened.</p>}
      <ol
        className="ticker-list"
        aria-live="polite"
        aria-relevant="additions"
        data-testid="event-ticker"
      >
        {entries.slice(0, max).map(({ record: r, vmId }) => {
          const who = r.scope === 'system' ? 'system' : (vmId ?? r.migrationId);
          return (
            <li key={r.id} className={`ticker-line tone-${toneOf(r)}`} data-type={r.event.type}>
              <time dateTime={r.at} className="muted">
                {formatClock(Date.parse(r.at))}
              </time>{' '}
              <span className="ticker-who">{who}</span> {describeEvent(r)}
            </li>
          );
        })}
      </ol>
    </section>
  );
});
