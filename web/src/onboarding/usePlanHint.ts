/**
 * The first-visit hint's state: shown until dismissed (remembered in the
 * browser's storage, hint-storage.ts), shown again from the help button.
 * Focus follows the operator: the hint takes it when asked for, and gives it
 * back to the help button when dismissed from inside, so it is never lost.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { pageStorage, rememberHintDismissed, wasHintDismissed } from './hint-storage.ts';

export interface PlanHint {
  shown: boolean;
  /** Hides the hint and remembers that. */
  dismiss: () => void;
  /** Shows it again (the help button) and moves focus to it. */
  toggle: () => void;
  hintRef: RefObject<HTMLElement | null>;
  buttonRef: RefObject<HTMLButtonElement | null>;
}

export function usePlanHint(): PlanHint {
  const [shown, setShown] = useState(() => !wasHintDismissed(pageStorage()));
  const hintRef = useRef<HTMLElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  // Set by the help button: focus the hint once it is drawn.
  const focusHint = useRef(false);

  const dismiss = useCallback(() => {
    const hadFocus = hintRef.current?.contains(document.activeElement) ?? false;
    rememberHintDismissed(pageStorage(), true);
    setShown(false);
    if (hadFocus) buttonRef.current?.focus();
  }, []);
  const toggle = useCallback(() => {
    if (shown) {
      dismiss();
      return;
    }
    rememberHintDismissed(pageStorage(), false);
    focusHint.current = true;
    setShown(true);
  }, [shown, dismiss]);

  useEffect(() => {
    if (shown && focusHint.current) hintRef.current?.focus();
    focusHint.current = false;
  }, [shown]);

  return { shown, dismiss, toggle, hintRef, buttonRef };
}
