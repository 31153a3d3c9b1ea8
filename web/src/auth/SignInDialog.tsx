/**
 * Sign in over the page: opened by "Sign in" in the header, or by a request
 * the server refused for want of a session. What the page was doing stays
 * as it was under it (a move being prepared, an open dialog); Esc closes it.
 */
import { ModalDialog } from '../components/ModalDialog.tsx';
import { selectSignInPrompt } from '../store/auth-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { SignInForm } from './SignInForm.tsx';

export function SignInDialog() {
  const prompt = useAppStore(selectSignInPrompt);
  const actions = useAppActions();
  return (
    <ModalDialog
      open={prompt !== null}
      onClose={() => actions.closeSignIn()}
      className="auth-dialog"
      labelledBy="signin-dialog-title"
      testId="signin-dialog"
    >
      <h2 id="signin-dialog-title">Sign in</h2>
      {prompt && (
        <>
          <p className="muted small">{prompt.reason}</p>
          <SignInForm idPrefix="signin-dialog" onSubmit={actions.signIn}>
            <button type="button" className="btn btn-ghost" onClick={actions.closeSignIn}>
              Cancel
            </button>
          </SignInForm>
        </>
      )}
    </ModalDialog>
  );
}
