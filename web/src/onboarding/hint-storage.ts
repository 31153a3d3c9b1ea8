/**
 * Whether the first-visit hint was dismissed, kept in the browser's storage
 * so that it stays dismissed across reloads. Storage may be missing or refuse
 * (a private window, a full quota): then the hint shows, and dismissing it
 * still hides it for the page's life.
 */
export const HINT_STORAGE_KEY = 'vmmi.hint.plan-a-move.dismissed';

/** True when the operator dismissed the hint before. */
export function wasHintDismissed(storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(HINT_STORAGE_KEY) === 'yes';
  } catch {
    return false;
  }
}

/** Remembers the hint as dismissed (`true`) or forgets that it was (`false`); failures are ignored. */
export function rememberHintDismissed(
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null,
  dismissed: boolean,
): void {
  try {
    if (dismissed) storage?.setItem(HINT_STORAGE_KEY, 'yes');
    else storage?.removeItem(HINT_STORAGE_KEY);
  } catch {
    // Nothing to do: the hint stays as the operator left it until the page reloads.
  }
}

/** The page's storage, or null where reading it throws (storage disabled). */
export function pageStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
