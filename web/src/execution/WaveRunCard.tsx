/**
 * A wave run as it goes (docs/execution.md, "Wave runs"): what it empties,
 * its status, each wave with its state and its runs' progress, and the
 * operator's two controls: "Approve wave N" while a wave awaits it, "Cancel
 * wave run" while it is active. The runs' figures are the event stream's
 * folded states (by run id), the same as their own cards show.
 */
import {
  isWaveRunActive,
  type ChangeWindow,
  type MigrationState,
  type WaveRun,
} from '@vmmi/shared';
import { memo, useEffect, useRef, type ReactNode } from 'react';
import { refusedProps } from '../auth/refused-props.ts';
import { fmtInstant, progressOf, statusLine } from './describe.ts';
import { StaleMark } from './StaleMark.tsx';
import type { WaveRunsState } from './types.ts';
import {
  haltOf,
  WAVE_STATE_TEXT,
  waveProgress,
  waveRunStatusText,
  waveRunWhat,
  waveStates,
} from './wave-run-describe.ts';

export interface WaveRunCardProps {
  run: WaveRun;
  /** What it empties, when this page started it ("the drain of fra1"). */
  label: string | undefined;
  migrations: ReadonlyMap<string, MigrationState>;
  vmName: (vmId: string) => string;
  pending: WaveRunsState['pending'][string] | undefined;
  /** Why the caller may not approve or cancel (the buttons say so, disabled); null: may. */
  refusal: string | null;
  /** How old the figures are while the server or the stream is down; null: fresh. */
  staleMs: number | null;
  onApprove: (id: string, wave: number) => void;
  onCancel: (id: string) => void;
  onDismiss: (id: string) => void;
}

export const WaveRunCard = memo(function WaveRunCard({
  run,
  label,
  migrations,
  vmName,
  pending,
  refusal,
  staleMs,
  onApprove,
  onCancel,
  onDismiss,
}: WaveRunCardProps) {
  const card = useRef<HTMLElement>(null);
  // Set by Approve and Cancel: the button goes once the answer is in, and focus
  // would fall to the page's body; it comes to the card instead.
  const keepFocus = useRef(false);
  const asking = pending?.status === 'asking';
  useEffect(() => {
    if (!keepFocus.current || asking) return;
    keepFocus.current = false;
    const active = document.activeElement;
    if (active === null || active === document.body || !active.isConnected) card.current?.focus();
  });
  const active = isWaveRunActive(run);
  const stale = active && staleMs !== null;
  const states = waveStates(run);
  const halt = haltOf(run);
  const headingId = `wave-run-${run.id}-title`;
  return (
    <article
      ref={card}
      tabIndex={-1}
      className={`mig-card wave-run-card wave-run-${run.status}`}
      aria-labelledby={headingId}
      data-testid="wave-run-card"
      data-status={run.status}
      data-stale={stale || undefined}
    >
      <header className="mig-card-head">
        <h3 id={headingId}>Waves: {label ?? waveRunWhat(run)}</h3>
        {stale && (
          <StaleMark
            ageMs={staleMs}
            why="The server or the event stream is not answering: this is the last state received, this old"
            testId="wave-run-stale"
          />
        )}
      </header>
      {label && <p className="small muted">{waveRunWhat(run)}</p>}
      <p className="small" role="status" data-testid="wave-run-status">
        {waveRunStatusText(run)}
      </p>
      {halt && (
        <div className="small reason blocking" data-testid="wave-run-halt">
          {halt.failed.length === 0 ? (
            <p>
              Halted before wave {halt.wave} began: {halt.reason}
            </p>
          ) : (
            <>
              <p>Halted after wave {halt.wave}: no later wave begins. What did not succeed:</p>
              <ul>
                {halt.failed.map((f) => {
                  const s = migrations.get(f.migrationId);
                  return (
                    <li key={f.migrationId}>
                      {vmName(f.vmId)} (run {f.migrationId}): {s ? statusLine(s) : f.status}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </div>
      )}
      <ol className="wave-run-waves small">
        {run.waves.map((wave, i) => {
          const n = i + 1;
          const progress = waveProgress(wave, migrations);
          const pct = Math.round(progress.fraction * 100);
          return (
            <li key={n} data-testid="wave-run-wave" data-state={states[i]}>
              <span className="wave-run-wave-head">
                Wave {n}: <strong>{WAVE_STATE_TEXT[states[i]!]}</strong>
                {wave.window && (
                  <span className="muted" data-testid="wave-run-window">
                    {' '}
                    · switchovers {windowText(wave.window)}
                  </span>
                )}
                {wave.runs.length > 0 && (
                  <span className="muted">
                    {' '}
                    · {progress.ended} of {progress.total} runs ended
                  </span>
                )}
              </span>
              {wave.runs.length > 0 && (
                <div
                  className="mig-progress"
                  role="progressbar"
                  aria-label={`Wave ${n}: bytes sent`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={pct}
                >
                  <div className="mig-progress-bar" style={{ width: `${pct}%` }} />
                </div>
              )}
              <MovesOf count={wave.moves.length}>
                <ul className="wave-run-moves">
                  {wave.moves.map((m) => {
                    const id = wave.runs.find((r) => r.vmId === m.vmId)?.migrationId;
                    const s = id === undefined ? undefined : migrations.get(id);
                    return (
                      <li key={m.vmId}>
                        {vmName(m.vmId)} → {m.toHost}
                        {s && (
                          <span className="muted">
                            {' '}
                            · {statusLine(s)} · {Math.round(progressOf(s).fraction * 100)} %
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </MovesOf>
            </li>
          );
        })}
      </ol>
      {pending?.status === 'refused' && (
        <p className="small reason blocking" role="alert" data-testid="wave-run-refusal">
          {pending.message}
        </p>
      )}
      <div className="mig-actions">
        {run.status === 'awaiting-approval' && (
          <GateButton
            label={`Approve wave ${run.currentWave}`}
            why="Begins this wave's moves now"
            primary
            asking={asking}
            refusal={refusal}
            testId="wave-run-approve"
            onClick={() => {
              keepFocus.current = true;
              onApprove(run.id, run.currentWave);
            }}
          />
        )}
        {active && (
          <GateButton
            label="Cancel wave run"
            why="No later wave begins; the runs of a wave already begun finish (abort them one by one to stop them)"
            asking={asking}
            refusal={refusal}
            testId="wave-run-cancel"
            onClick={() => {
              keepFocus.current = true;
              onCancel(run.id);
            }}
          />
        )}
        {!active && (
          <button type="button" className="btn btn-ghost" onClick={() => onDismiss(run.id)}>
            Dismiss
          </button>
        )}
      </div>
    </article>
  );
});

/** Approve or Cancel: off while either is asked, or for a caller without the role (saying why). */
function GateButton(p: {
  label: string;
  why: string;
  primary?: boolean;
  asking: boolean;
  refusal: string | null;
  testId: string;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={p.primary ? 'btn btn-primary' : 'btn btn-ghost btn-danger'}
      disabled={p.asking}
      title={p.why}
      onClick={p.onClick}
      {...refusedProps(p.refusal)}
      data-testid={p.testId}
    >
      {p.label}
    </button>
  );
}

/** A wave's change window in the zone it was set in, as the runs' own cards show theirs. */
const windowText = (w: ChangeWindow) =>
  `from ${fmtInstant(w.opensAt, w.timeZone)} to ${fmtInstant(w.closesAt, w.timeZone)}`;

/** Moves listed in full up to this many per wave; more fold under "N moves" (a site's drain has 90). */
export const MOVES_SHOWN_OPEN = 8;

/** A wave's moves: open when few, else folded under their count, opened on request. */
function MovesOf({ count, children }: { count: number; children: ReactNode }) {
  if (count <= MOVES_SHOWN_OPEN) return children;
  return (
    <details className="wave-run-moves-fold" data-testid="wave-run-moves-fold">
      <summary>{count} moves</summary>
      {children}
    </details>
  );
}
