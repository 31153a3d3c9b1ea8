/**
 * The wall screen's alarm strip, under the header: active faults and runs
 * that failed or rolled back (alarms.ts), in type larger than the rest on the
 * hot colour of the connection indicator, so that they are seen across the
 * room. Shown only while there is something wrong.
 */
import { selectCards, selectEstateFaults } from '../store/execution-selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { kioskAlarms, type KioskAlarm } from './alarms.ts';
import { formatClock } from './connection-label.ts';
import { useNow } from '../components/useNow.ts';

/** More would push the canvas off the screen; the rest are counted. */
const MAX_SHOWN = 3;

export function KioskAlarms() {
  const faults = useAppStore(selectEstateFaults);
  const runs = useAppStore(selectCards);
  // Often enough to let an ended run go about when it should.
  const now = useNow(true, 5_000);
  return <KioskAlarmList alarms={kioskAlarms(faults, runs, now)} />;
}

/** The strip itself, from the alarms newest first; nothing without alarms. */
export function KioskAlarmList({ alarms }: { alarms: readonly KioskAlarm[] }) {
  if (alarms.length === 0) return null;
  const more = alarms.length - MAX_SHOWN;
  return (
    <section className="kiosk-alarms" role="alert" aria-label="Alarms" data-testid="kiosk-alarms">
      <ul>
        {alarms.slice(0, MAX_SHOWN).map((a) => (
          <li key={a.key} data-testid="kiosk-alarm">
            <time className="kiosk-alarm-at" dateTime={a.at}>
              {formatClock(Date.parse(a.at), false)}
            </time>
            <strong className="kiosk-alarm-what">{a.what}</strong>
            {a.why && <span className="kiosk-alarm-why">{a.why}</span>}
          </li>
        ))}
      </ul>
      {more > 0 && <p className="kiosk-more">+{more} more</p>}
    </section>
  );
}
