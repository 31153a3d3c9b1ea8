// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmAction, InlineError } from './AccountDialog.tsx';

afterEach(cleanup);

/** An action the test settles by hand, counting its calls. */
function pendingAction() {
  const calls: Array<() => void> = [];
  return {
    calls,
    run: () => new Promise<void>((resolve) => calls.push(resolve)),
  };
}

describe('ConfirmAction (a destructive action asked twice)', () => {
  it('asks first: the named action runs only after the second click', async () => {
    const user = userEvent.setup();
    const action = pendingAction();
    render(<ConfirmAction label="Revoke…" confirmLabel="Revoke ci-bot" onConfirm={action.run} />);
    await user.click(screen.getByRole('button', { name: 'Revoke…' }));
    expect(action.calls).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Revoke ci-bot' }));
    expect(action.calls).toHaveLength(1);
  });

  it('Keep goes back without running it', async () => {
    const user = userEvent.setup();
    const action = pendingAction();
    render(<ConfirmAction label="Delete…" confirmLabel="Delete ann" onConfirm={action.run} />);
    await user.click(screen.getByRole('button', { name: 'Delete…' }));
    await user.click(screen.getByRole('button', { name: 'Keep' }));
    expect(action.calls).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Delete…' })).toBeTruthy();
  });

  it('runs once however often the operator clicks while it runs, and closes when it settles', async () => {
    const user = userEvent.setup();
    const action = pendingAction();
    render(<ConfirmAction label="Delete…" confirmLabel="Delete ann" onConfirm={action.run} />);
    await user.click(screen.getByRole('button', { name: 'Delete…' }));
    const confirm = screen.getByRole('button', { name: 'Delete ann' });
    await user.click(confirm);
    await user.click(confirm);
    expect(action.calls).toHaveLength(1);
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Keep' }).disabled).toBe(true);
    action.calls[0]!();
    expect(await screen.findByRole('button', { name: 'Delete…' })).toBeTruthy();
  });
});

describe('InlineError', () => {
  it('says a failed call in an alert, and nothing without one', () => {
    const { rerender, container } = render(<InlineError error={null} />);
    expect(container.textContent).toBe('');
    rerender(<InlineError error="The server refused: name taken" />);
    expect(screen.getByRole('alert').textContent).toBe('The server refused: name taken');
  });
});
