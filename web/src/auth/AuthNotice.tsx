/** Why something was just refused (a viewer's drag, a 403 from the server), until dismissed. */
import { selectAuthNotice } from '../store/auth-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';

export function AuthNotice() {
  const notice = useAppStore(selectAuthNotice);
  const actions = useAppActions();
  if (notice === null) return null;
  return (
    <p className="notice auth-notice" role="status" data-testid="auth-notice">
      <span>{notice}</span>
      <button type="button" className="link" onClick={() => actions.setAuthNotice(null)}>
        Dismiss
      </button>
    </p>
  );
}
