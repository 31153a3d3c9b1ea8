/** The whole page while the caller may read nothing: the server answered `auth.me` with no role. */
import { selectMe } from '../store/auth-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { SignInForm } from './SignInForm.tsx';

export function SignInScreen() {
  const actions = useAppActions();
  const setupNeeded = useAppStore((s) => selectMe(s)?.setupNeeded ?? false);
  return (
    <main className="signin-screen" data-testid="signin-screen">
      <div className="signin-card">
        <h1>VMMI Planner</h1>
        <p className="muted">Sign in to see the estates.</p>
        {setupNeeded && (
          <p className="notice" role="status">
            There is no admin yet: open the one-time link the server printed when it started (“No
            admin yet: create the first one at …”).
          </p>
        )}
        <SignInForm idPrefix="signin-screen" onSubmit={actions.signIn} />
      </div>
    </main>
  );
}
