/** The frame of the account and admin dialogs: modal while open, Esc and Close close it. */
import { useState, type ReactNode } from 'react';
import { useModalDialog } from '../components/useModalDialog.ts';

export interface AccountDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  testId: string;
  wide?: boolean;
  children: ReactNode;
}

export function AccountDialog({
  open,
  onClose,
  title,
  testId,
  wide,
  children,
}: AccountDialogProps) {
  const dialog = useModalDialog(open);
  return (
    <dialog
      ref={dialog}
      className={wide ? 'auth-dialog wide' : 'auth-dialog'}
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${testId}-title`}>{title}</h2>
      {open && children}
      <div className="dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}

/**
 * A destructive action asked twice: "Revoke…" shows the named action and Keep; the
 * named action runs `onConfirm`, Keep goes back. While the action runs both are
 * disabled (a second click would run it twice); the confirmation closes once the
 * action's promise settles.
 */
export function ConfirmAction({
  label,
  confirmLabel,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
}) {
  const [asking, setAsking] = useState(false);
  const [running, setRunning] = useState(false);
  const confirm = () => {
    setRunning(true);
    void onConfirm().finally(() => {
      setRunning(false);
      setAsking(false);
    });
  };
  if (!asking)
    return (
      <button type="button" className="btn btn-small" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <>
      <button
        type="button"
        className="btn btn-small btn-danger"
        disabled={running}
        aria-busy={running}
        onClick={confirm}
      >
        {confirmLabel}
      </button>{' '}
      <button
        type="button"
        className="btn btn-small"
        disabled={running}
        onClick={() => setAsking(false)}
      >
        Keep
      </button>
    </>
  );
}

/** A failed call's words, shown where the call was made. */
export function InlineError({ error, testId }: { error: string | null; testId?: string }) {
  return error ? (
    <p role="alert" data-testid={testId}>
      {error}
    </p>
  ) : null;
}
