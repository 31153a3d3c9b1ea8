/**
 * "Rebalance…" (R16; docs/planning.md, Rebalancing): the shared engine's
 * advice for a site, computed in the browser as the objective and the number
 * of moves change: each figure before and after, what the moves cost, the
 * hosts that could be powered off, and "Stage N moves" to review them as
 * ordinary moves. "Even out the sites' load" weighs every site and moves VMs
 * out of this one only.
 */
import {
  adviseRebalance,
  figureText,
  movesCostText,
  type Estate,
  type RebalanceRequest,
} from '@vmmi/shared';
import { useMemo, useState } from 'react';
import { ModalDialog } from '../components/ModalDialog.tsx';
import { useAppActions } from '../store/store-context.tsx';
import { engineOf } from './browser-engine.ts';
import { PlanDialogButton, StageActions } from './PlanDialogParts.tsx';

type Objective = RebalanceRequest['objective'];

const OBJECTIVES: { value: Objective; label: string }[] = [
  { value: 'balance', label: 'Balance host load' },
  { value: 'consolidate', label: 'Consolidate onto fewer hosts' },
  { value: 'nearest', label: 'Bring VMs nearer their peers' },
  { value: 'uniform', label: 'Even out the sites’ load (move out of this site)' },
];

export function RebalanceDialog({
  estate,
  siteId,
  open,
  onClose,
}: {
  estate: Estate;
  siteId: string;
  open: boolean;
  onClose: () => void;
}) {
  const actions = useAppActions();
  const [objective, setObjective] = useState<Objective>('balance');
  const [maxMoves, setMaxMoves] = useState(10);
  const result = useMemo(
    () => (open ? adviseRebalance(engineOf(estate), { objective, siteId, maxMoves }) : null),
    [open, estate, objective, siteId, maxMoves],
  );
  const advice = result?.ok ? result.advice : null;
  return (
    <ModalDialog
      open={open}
      onClose={onClose}
      className="move-dialog evacuation-dialog"
      labelledBy="rebalance-title"
      testId="rebalance-dialog"
    >
      {open && result && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (advice) actions.stageMoves(advice.moves, `the rebalancing of ${siteId}`);
            onClose();
          }}
        >
          <h2 id="rebalance-title" className="panel-heading">
            Rebalance {siteId}
          </h2>
          <label className="small">
            Objective{' '}
            <select
              data-testid="rebalance-objective"
              value={objective}
              onChange={(e) => setObjective(e.target.value as Objective)}
            >
              {OBJECTIVES.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label className="small">
            At most{' '}
            <input
              type="number"
              min={1}
              max={500}
              value={maxMoves}
              data-testid="rebalance-max-moves"
              onChange={(e) => {
                const n = Math.round(Number(e.target.value));
                if (Number.isFinite(n) && n >= 1) setMaxMoves(Math.min(500, n));
              }}
            />{' '}
            moves
          </label>
          {advice ? (
            <>
              <ul className="small" data-testid="rebalance-figures">
                {advice.figures.map((f) => (
                  <li key={f.name}>
                    {f.name}: {figureText(f.before, f.unit)} → {figureText(f.after, f.unit)}
                  </li>
                ))}
              </ul>
              <p className="small" data-testid="rebalance-cost">
                Cost of the moves: {movesCostText(advice.cost)}
              </p>
              {objective === 'consolidate' && (
                <p className="small" data-testid="rebalance-freed">
                  Hosts that can be powered off after the moves:{' '}
                  {advice.freedHosts.length ? advice.freedHosts.join(', ') : 'none'}
                </p>
              )}
            </>
          ) : (
            <p className="reason blocking">{result.ok ? '' : result.error.message}</p>
          )}
          <StageActions
            moves={advice?.moves.length ?? 0}
            why="no move improves this objective."
            testId="rebalance-stage"
            onCancel={onClose}
          />
        </form>
      )}
    </ModalDialog>
  );
}

/** The button under a site's details that opens the dialog. */
export function RebalanceButton({ siteId }: { siteId: string }) {
  return (
    <PlanDialogButton
      label="Rebalance…"
      testId="rebalance-site"
      dialog={(estate, open, close) => (
        <RebalanceDialog estate={estate} siteId={siteId} open={open} onClose={close} />
      )}
    />
  );
}
