/** What the planning dialogs (evacuate, drain, rebalance) share: the button that opens one, and its actions. */
import type { Estate } from '@vmmi/shared';
import { useState, type ReactNode } from 'react';
import { selectEstate } from '../store/selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { countOf } from './format.ts';

/** A side-panel button that opens a planning dialog on the estate shown. */
export function PlanDialogButton({
  label,
  testId,
  dialog,
}: {
  label: string;
  testId: string;
  /** The dialog, open or not; `close` closes it. */
  dialog: (estate: Estate, open: boolean, close: () => void) => ReactNode;
}) {
  const estate = useAppStore(selectEstate);
  const [open, setOpen] = useState(false);
  if (!estate) return null;
  return (
    <>
      <button type="button" className="btn" data-testid={testId} onClick={() => setOpen(true)}>
        {label}
      </button>
      {dialog(estate, open, () => setOpen(false))}
    </>
  );
}

/** Cancel and "Stage N moves"; with nothing to stage, the button is off and `why` says so. */
export function StageActions({
  moves,
  why,
  testId,
  onCancel,
}: {
  moves: number;
  /** Why nothing can be staged (shown when `moves` is 0). */
  why: string;
  testId: string;
  onCancel: () => void;
}) {
  const whyId = `${testId}-why`;
  return (
    <>
      <div className="dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          data-testid={testId}
          disabled={moves === 0}
          aria-describedby={moves ? undefined : whyId}
        >
          Stage {countOf(moves, 'move')}
        </button>
      </div>
      {moves === 0 && (
        <p className="disabled-reason" id={whyId}>
          Nothing to stage: {why}
        </p>
      )}
    </>
  );
}
