/** Name and password, Enter submits; the server's refusal ("wrong name or password", rate limit) shows under them. */
import { useState } from 'react';

export interface SignInFormProps {
  /** Resolves to null when signed in, else the reason. */
  onSubmit: (name: string, password: string) => Promise<string | null>;
  /** Where the fields' ids start, so a dialog and the screen never share ids. */
  idPrefix: string;
  children?: React.ReactNode;
}

export function SignInForm({ onSubmit, idPrefix, children }: SignInFormProps) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="auth-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onSubmit(name.trim(), password).then((refused) => {
          setBusy(false);
          setError(refused);
          if (refused === null) setPassword('');
        });
      }}
    >
      <label htmlFor={`${idPrefix}-name`}>
        Name
        <input
          id={`${idPrefix}-name`}
          autoFocus
          autoComplete="username"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="signin-name"
        />
      </label>
      <label htmlFor={`${idPrefix}-password`}>
        Password
        <input
          id={`${idPrefix}-password`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="signin-password"
        />
      </label>
      {error && (
        <p role="alert" data-testid="signin-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {children}
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy}
          data-testid="signin-submit"
        >
          Sign in
        </button>
      </div>
    </form>
  );
}
