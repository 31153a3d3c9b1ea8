/**
 * A blocked drop, asked about where it was dropped: the engine's first
 * blocking reason, "Keep as draft" (staged as a draft that cannot be
 * accepted) or "Discard". Esc, or a press anywhere else, discards it: a
 * blocked move is never staged by default.
 */
import type { Estate } from '@vmmi/shared';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { positionCard } from './DragGhost.tsx';
import { describeTarget } from './targets.ts';
import { reportVerdict } from './verdict.ts';

export function HeldDropCard({ estate }: { estate: Estate }) {
  const held = useAppStore((s) => s.planner.held);
  const actions = useAppActions();
  const card = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const el = card.current;
    if (!el || !held) return;
    // From the dialog there is no drop point: the top middle of the window.
    positionCard(el, held.at ?? { x: window.innerWidth / 2 - el.offsetWidth / 2, y: 64 });
    el.focus();
  }, [held]);

  useEffect(() => {
    if (!held) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Before the page's own Esc (leave the site view): this one only lets the drop go.
      e.stopPropagation();
      actions.dismissHeld();
    };
    const onPress = (e: PointerEvent) => {
      if (!card.current?.contains(e.target as Node)) actions.dismissHeld();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPress, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPress, true);
    };
  }, [held, actions]);

  if (!held) return null;
  const verdict = reportVerdict(held.report);
  return (
    <div
      ref={card}
      className="held-drop"
      role="alertdialog"
      aria-labelledby="held-drop-title"
      aria-describedby="held-drop-reason"
      tabIndex={-1}
      data-testid="held-drop"
    >
      <p id="held-drop-title" className="held-drop-title">
        Not staged: {held.vmIds.join(', ')} → {describeTarget(estate, held.target)} is{' '}
        <span className="verdict-blocked">{verdict.headline}</span>
      </p>
      <p id="held-drop-reason" className="held-drop-reason" data-testid="held-drop-reason">
        {verdict.reason}
        {verdict.more > 0 && <span className="muted"> (+{verdict.more} more)</span>}
      </p>
      <div className="dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={actions.dismissHeld}>
          Discard
        </button>
        <button type="button" className="btn btn-ghost" onClick={actions.keepHeldAsDraft}>
          Keep as draft
        </button>
      </div>
      <p className="muted small">A draft is listed with the staged moves but cannot be accepted.</p>
    </div>
  );
}
