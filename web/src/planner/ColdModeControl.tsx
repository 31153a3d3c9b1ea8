/**
 * Live or cold in the impact report (R15): the cold migration the engine
 * offers, with its downtime in parts and a button that plans the move cold;
 * on a cold report, what cold means and the way back to live. Without
 * `onMode` (a report nobody can change) it only says so. The offer and the
 * way back are one button in one place, so the keyboard focus stays on it
 * when the report is replaced.
 */
import type { ImpactReport, MoveMode } from '@vmmi/shared';
import { fmtColdDowntime, fmtMs } from './format.ts';

export interface ColdModeControlProps {
  report: ImpactReport;
  /** Previews the move again in this mode; absent where the move cannot be changed. */
  onMode?: ((mode: MoveMode) => void) | undefined;
}

export function ColdModeControl({ report, onMode }: ColdModeControlProps) {
  const offer = report.coldOption;
  const cold = report.request.mode === 'cold';
  if (!cold && !offer) return null;
  return (
    <div className="cold-mode" data-testid={cold ? 'cold-planned' : 'cold-option'}>
      {cold ? (
        <p className="small">
          Planned as a <strong>cold migration</strong>: the VM is shut down, its disk copied and it
          boots at the target; it is off for all of it (see the migration estimate).
        </p>
      ) : (
        offer && (
          <p className="small">
            Cold migration possible ({offer.because}): downtime{' '}
            <strong>{fmtColdDowntime(offer.interruption, offer.steps)}</strong> with{' '}
            {offer.strategy}.
          </p>
        )
      )}
      {onMode && (
        <button
          type="button"
          className="btn"
          onClick={() => onMode(cold ? 'live' : 'cold')}
          data-testid="plan-mode"
        >
          {cold
            ? 'Plan as live migration'
            : `Plan as cold migration — downtime ${fmtMs(offer!.interruption.totalMs)}`}
        </button>
      )}
    </div>
  );
}
