/**
 * A run's change window on a timeline, in the operator's time zone: the
 * window as a band, the run's clock now (its start plus its simulated time:
 * a sped-up run meets its window sooner), and the switchover once it has
 * begun; the words say whether it waits, goes, or missed it.
 */
import type { MigrationState } from '@vmmi/shared';
import { fmtInstant } from './describe.ts';
import { windowTimeline } from './window-timeline.ts';

export function WindowTimeline({ state }: { state: MigrationState }) {
  const t = windowTimeline(state);
  if (!t) return null;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const w = state.spec.window!;
  return (
    <figure className="window-timeline small" data-testid="migration-window" data-phase={t.phase}>
      <figcaption>
        Change window {fmtInstant(w.opensAt)} – {fmtInstant(w.closesAt)}
        {w.timeZone && <span className="muted"> (set in {w.timeZone})</span>}
        {' · '}
        <span data-testid="migration-window-phase">{t.words}</span>
      </figcaption>
      <div className="window-track" role="img" aria-label={`Timeline: ${t.words}`}>
        <div
          className="window-band"
          style={{ left: pct(t.opens), width: pct(t.closes - t.opens) }}
        />
        {t.now !== null && <div className="window-mark window-now" style={{ left: pct(t.now) }} />}
        {t.switchover !== null && (
          <div className="window-mark window-switch" style={{ left: pct(t.switchover) }} />
        )}
      </div>
    </figure>
  );
}
