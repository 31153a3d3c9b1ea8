/**
 * The first-visit hint: how to plan a move, in four steps, as a strip above
 * the canvas (it takes room from the canvas rather than covering any of it,
 * and blocks nothing: no modal). Escape or "Got it" dismisses it; the help
 * button ("?") in the top bar shows it again. The kiosk never renders `App`,
 * so the wall screen never shows it.
 */
import type { KeyboardEvent, RefObject } from 'react';
import './onboarding.css';

export interface PlanHintProps {
  shown: boolean;
  onDismiss: () => void;
  hintRef: RefObject<HTMLElement | null>;
}

export function PlanHint({ shown, onDismiss, hintRef }: PlanHintProps) {
  if (!shown) return null;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    // Escape here closes the hint only, not the site view as well (App's Escape).
    e.stopPropagation();
    e.nativeEvent.stopImmediatePropagation();
    onDismiss();
  };
  return (
    <section
      ref={hintRef}
      className="plan-hint"
      aria-labelledby="plan-hint-title"
      tabIndex={-1}
      onKeyDown={onKeyDown}
      data-testid="plan-hint"
    >
      <h2 id="plan-hint-title" className="plan-hint-title">
        Plan a move
      </h2>
      <ol className="plan-hint-steps">
        <li>
          <strong>Open a data center</strong> (map or list) and <strong>click a host</strong>: its
          VMs are listed on the right.
        </li>
        <li>
          <strong>Drag a VM</strong> onto another host or data center, or select it (<kbd>/</kbd>{' '}
          searches) and press <kbd>M</kbd>.
        </li>
        <li>
          The <strong>preview</strong> shows what the move does and what blocks it.
        </li>
        <li>
          The drop stages the move; <strong>Accept</strong> makes it a plan.
        </li>
      </ol>
      <button
        type="button"
        className="btn plan-hint-close"
        onClick={onDismiss}
        data-testid="plan-hint-dismiss"
      >
        Got it
      </button>
    </section>
  );
}

export interface PlanHintButtonProps {
  shown: boolean;
  onToggle: () => void;
  buttonRef: RefObject<HTMLButtonElement | null>;
}

/** The top bar's "?": shows the hint again, or hides it. */
export function PlanHintButton({ shown, onToggle, buttonRef }: PlanHintButtonProps) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className="btn btn-ghost plan-hint-toggle"
      onClick={onToggle}
      aria-expanded={shown}
      aria-label="How to plan a move"
      title="How to plan a move"
      data-testid="plan-hint-toggle"
    >
      ?
    </button>
  );
}
