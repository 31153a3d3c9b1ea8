/**
 * A native `<dialog>` shown modally while `open` holds. Esc fires the dialog's
 * cancel, which is turned into `onClose` rather than closing the element by
 * itself, so the open state stays where the caller keeps it.
 */
import type { ReactNode } from 'react';
import { useModalDialog } from './useModalDialog.ts';

export function ModalDialog({
  open,
  onClose,
  className,
  labelledBy,
  testId,
  children,
}: {
  open: boolean;
  onClose: () => void;
  className: string;
  /** The id of the dialog's title. */
  labelledBy: string;
  testId: string;
  children: ReactNode;
}) {
  const dialog = useModalDialog(open);
  return (
    <dialog
      ref={dialog}
      className={className}
      aria-labelledby={labelledBy}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
