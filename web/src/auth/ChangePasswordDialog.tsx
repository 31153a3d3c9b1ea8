/** One's own password, with the current one; the server then ends every session of the user, this one too. */
import { useState } from 'react';
import type { AdminApi } from '../api/admin-api.ts';
import { AccountDialog, InlineError } from './AccountDialog.tsx';
import { passwordProblem } from './SetupDialog.tsx';

export function ChangePasswordDialog({
  api,
  open,
  onClose,
  onChanged,
}: {
  api: AdminApi;
  open: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  return (
    <AccountDialog open={open} onClose={onClose} title="Change password" testId="password-dialog">
      <PasswordForm
        api={api}
        onChanged={() => {
          onClose();
          onChanged();
        }}
      />
    </AccountDialog>
  );
}

function PasswordForm({ api, onChanged }: { api: AdminApi; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="auth-form"
      onSubmit={(e) => {
        e.preventDefault();
        const problem = passwordProblem(next, again);
        setError(problem);
        if (problem) return;
        void api.changePassword(current, next).then((res) => {
          if (res.ok) onChanged();
          else setError(res.message);
        });
      }}
    >
      <p className="muted small">Every session of yours ends: sign in again with the new one.</p>
      <label>
        Current password
        <input
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        New password
        <input
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <label>
        The new password again
        <input
          type="password"
          autoComplete="new-password"
          required
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
      </label>
      <InlineError error={error} />
      <div className="dialog-actions">
        <button type="submit" className="btn btn-primary">
          Change password
        </button>
      </div>
    </form>
  );
}
