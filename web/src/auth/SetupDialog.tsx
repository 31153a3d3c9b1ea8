/**
 * "Create the first admin", opened by the one-time link the server prints at
 * its first start (`/?setup=<token>`; main.tsx takes the token out of the
 * URL). The password is asked twice; the server's rules (12 characters at
 * least, a name of letters, digits and . _ @ -) come back in its words.
 */
import { useState } from 'react';
import { useModalDialog } from '../components/useModalDialog.ts';
import { selectSetupToken } from '../store/auth-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';

export const MIN_PASSWORD = 12;

/** Why the two passwords cannot be sent; null when they can. */
export function passwordProblem(password: string, again: string): string | null {
  if (password.length < MIN_PASSWORD) return `a password has at least ${MIN_PASSWORD} characters`;
  if (password !== again) return 'the two passwords differ';
  return null;
}

export function SetupDialog() {
  const token = useAppStore(selectSetupToken);
  const actions = useAppActions();
  const dialog = useModalDialog(token !== null);
  const [name, setName] = useState('admin');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <dialog
      ref={dialog}
      className="auth-dialog"
      aria-labelledby="setup-dialog-title"
      data-testid="setup-dialog"
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id="setup-dialog-title">Create the first admin</h2>
      <p className="muted small">
        This link works once. The admin then signs in, and makes the other users in Users….
      </p>
      <form
        className="auth-form"
        onSubmit={(e) => {
          e.preventDefault();
          const problem = passwordProblem(password, again);
          setError(problem);
          if (problem) return;
          setBusy(true);
          void actions.completeSetup(name.trim(), password).then((refused) => {
            setBusy(false);
            setError(refused);
          });
        }}
      >
        <label htmlFor="setup-name">
          Name
          <input
            id="setup-name"
            autoComplete="username"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="setup-name"
          />
        </label>
        <label htmlFor="setup-password">
          Password (at least {MIN_PASSWORD} characters)
          <input
            id="setup-password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="setup-password"
          />
        </label>
        <label htmlFor="setup-again">
          The password again
          <input
            id="setup-again"
            type="password"
            autoComplete="new-password"
            required
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            data-testid="setup-again"
          />
        </label>
        {error && <p role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Create the admin
          </button>
        </div>
      </form>
    </dialog>
  );
}
