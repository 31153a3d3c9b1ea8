/**
 * One run as it goes: VM, from → to, strategy, status and step, progress,
 * ETA in real time, downtime, bandwidth, round, the pre-copy chart, and
 * Abort. Everything shown comes from the folded state (the shared reducer).
 */
import { isTerminal, type MigrationState } from '@vmmi/shared';
import { memo } from 'react';
import { fmtBytes } from '../planner/format.ts';
import type { ExecutionState } from './types.ts';
import {
  fmtDuration,
  fmtRate,
  executorLine,
  progressOf,
  realEtaMs,
  statusLine,
} from './describe.ts';
import { RoundsChart } from './RoundsChart.tsx';
import { WindowTimeline } from './WindowTimeline.tsx';
import { StaleMark } from './StaleMark.tsx';
import { refusedProps } from '../auth/refused-props.ts';

export interface MigrationCardProps {
  state: MigrationState;
  vmName: string;
  abort: ExecutionState['aborts'][string] | undefined;
  syncing: boolean;
  /** A read-only view (kiosk): no buttons. */
  readOnly?: boolean;
  onAbort?: (id: string) => void;
  onDismiss?: (id: string) => void;
  onOpenEvents?: (id: string) => void;
  /** Why the caller may not abort (the button says so, disabled); null: may. */
  abortRefusal?: string | null;
  /** How old the figures are while the stream is down (staleness.ts); null: live. */
  staleMs?: number | null;
}

export const MigrationCard = memo(function MigrationCard({
  state: s,
  vmName,
  abort,
  syncing,
  readOnly = false,
  onAbort,
  onDismiss,
  onOpenEvents,
  abortRefusal = null,
  staleMs = null,
}: MigrationCardProps) {
  const ended = isTerminal(s.status);
  // A run that has ended stays true however old the news; one going on may have moved since.
  const stale = !ended && staleMs !== null;
  const p = progressOf(s);
  const pct = Math.round(p.fraction * 100);
  const eta = realEtaMs(s);
  const headingId = `mig-${s.id}-title`;
  return (
    <article
      className={`mig-card mig-${s.status}`}
      aria-labelledby={headingId}
      data-testid="migration-card"
      data-status={s.status}
      data-vm={s.spec.vmId}
      data-stale={stale || undefined}
    >
      <header className="mig-card-head">
        <h3 id={headingId}>{vmName}</h3>
        <span className={`mig-status mig-status-${s.status}`} data-testid="migration-status">
          {s.status}
        </span>
        {stale && (
          <StaleMark
            ageMs={staleMs}
            why="The event stream is down: this is the last state received, this old"
            testId="migration-stale"
          />
        )}
      </header>
      <p className="small mig-route">
        {s.spec.fromHost} → {s.spec.toHost}
        {s.spec.fromSite !== s.spec.toSite && (
          <span className="muted">
            {' '}
            ({s.spec.fromSite} → {s.spec.toSite})
          </span>
        )}
      </p>
      <p className="small muted">
        {s.spec.strategy} · {s.spec.live ? 'live' : 'parallel run'} ·{' '}
        <span data-testid="migration-executor">{executorLine(s.spec)}</span>
        {syncing && <span className="mig-syncing"> · syncing…</span>}
      </p>
      <p className="small" data-testid="migration-step">
        {statusLine(s)}
      </p>
      <div
        className="mig-progress"
        role="progressbar"
        aria-label={`${vmName}: bytes sent`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${fmtBytes(p.sent)} of about ${fmtBytes(p.total)}`}
        data-testid="migration-progress"
      >
        <div className="mig-progress-bar" style={{ width: `${pct}%` }} />
      </div>
      <dl className="mig-figures small">
        <div className="mig-figure-wide">
          <dt>Sent</dt>
          <dd>
            {fmtBytes(p.sent)} / ~{fmtBytes(p.total)} ({pct} %)
          </dd>
        </div>
        {!ended && (
          <div>
            <dt>ETA</dt>
            <dd data-testid="migration-eta">
              {stale
                ? 'unknown while stale'
                : eta === null
                  ? 'unknown (nothing moves)'
                  : fmtDuration(eta)}
              {!stale && eta !== null && s.spec.timeScale !== 1 && (
                <span className="muted"> ({fmtDuration(s.etaMs)} simulated)</span>
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>Downtime</dt>
          <dd data-testid="migration-downtime">
            {s.downtimeMs !== null
              ? fmtDuration(s.downtimeMs)
              : ended
                ? 'none (no switchover)'
                : 'not yet'}
          </dd>
        </div>
        {!ended && (
          <div>
            <dt>Bandwidth</dt>
            <dd>{fmtRate(s.bandwidthBytesPerSecond)}</dd>
          </div>
        )}
        <div>
          <dt>{ended ? 'Rounds' : 'Round'}</dt>
          <dd>
            {ended ? s.rounds.length : s.round}
            {s.throttle > 0 && (
              <span className="muted"> (guest throttled {Math.round(s.throttle * 100)} %)</span>
            )}
          </dd>
        </div>
        {ended && (
          <div>
            <dt>Took</dt>
            <dd>{fmtDuration(s.simMs)} simulated</dd>
          </div>
        )}
      </dl>
      <WindowTimeline state={s} />
      {s.spec.live && <RoundsChart rounds={s.rounds} />}
      {s.faults.length > 0 && <p className="small reason warning">Faults: {s.faults.join(', ')}</p>}
      {abort?.message && (
        <p
          className={`small ${abort.status === 'refused' ? 'reason blocking' : 'muted'}`}
          role="status"
          data-testid="migration-abort-note"
        >
          {abort.message}
        </p>
      )}
      {!readOnly && (
        <div className="mig-actions">
          {!ended && (
            <button
              type="button"
              className="btn btn-ghost btn-danger"
              disabled={abort?.status === 'asking' || s.abortRequested}
              onClick={() => onAbort?.(s.id)}
              title="Before switchover the run rolls back and the VM stays where it was; after it, the abort is refused"
              {...refusedProps(abortRefusal)}
            >
              {s.abortRequested ? 'Abort requested' : 'Abort'}
            </button>
          )}
          <button type="button" className="btn btn-ghost" onClick={() => onOpenEvents?.(s.id)}>
            Events
          </button>
          {ended && (
            <button type="button" className="btn btn-ghost" onClick={() => onDismiss?.(s.id)}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </article>
  );
});
