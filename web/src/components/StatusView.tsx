/** The loading, empty and error states that stand in for the canvas. */
import type { ErrorInfo } from '../api/errors.ts';

export type Status =
  | { kind: 'loading'; what: string }
  | { kind: 'empty'; title: string; hint: string }
  | { kind: 'error'; error: ErrorInfo; onRetry: () => void };

export function StatusView({ status }: { status: Status }) {
  if (status.kind === 'loading')
    return (
      <div className="status" role="status" aria-live="polite" data-testid="status-loading">
        <span className="spinner" aria-hidden="true" />
        <p>Loading {status.what}…</p>
      </div>
    );
  if (status.kind === 'empty')
    return (
      <div className="status" role="status" data-testid="status-empty">
        <h2>{status.title}</h2>
        <p className="muted">{status.hint}</p>
      </div>
    );
  const { error, onRetry } = status;
  return (
    <div className="status status-error" role="alert" data-testid="status-error">
      <h2>{error.title}</h2>
      <p className="muted">
        {error.unreachable
          ? 'The planner could not talk to its server. Check that it is running and reachable, then retry.'
          : 'The server could not give us this data.'}
      </p>
      <p className="status-detail">
        <code>{error.detail}</code>
      </p>
      <button type="button" className="btn btn-primary" onClick={onRetry} data-testid="retry">
        Retry
      </button>
    </div>
  );
}
