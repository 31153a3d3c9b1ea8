/**
 * The estate's ended runs, newest first: status, outcome code, duration and
 * downtime; each opens its full event list. Loaded when opened.
 */
import type { HistoryItem } from '../store/execution-selectors.ts';
import type { ExecutionState } from './types.ts';
import { executorLine, fmtDuration } from './describe.ts';

export interface MigrationHistoryProps {
  status: ExecutionState['history'];
  items: readonly HistoryItem[];
  onOpen: () => void;
  onOpenEvents: (id: string) => void;
}

/** Where the move stands in NetBox: written, still to be, or failed (and why, on hover and for readers). */
function WritebackNote({ writeback }: { writeback: NonNullable<HistoryItem['row']['writeback']> }) {
  const text =
    writeback.status === 'done'
      ? 'NetBox updated'
      : writeback.status === 'pending'
        ? `NetBox update pending${writeback.attempts > 0 ? ` (try ${writeback.attempts + 1})` : ''}`
        : `NetBox update failed: ${writeback.lastError ?? 'no reason given'}`;
  return (
    <span
      className={`mig-writeback mig-writeback-${writeback.status} small`}
      data-testid="history-writeback"
      data-writeback={writeback.status}
      title={writeback.lastError ?? undefined}
    >
      {' · '}
      {text}
    </span>
  );
}

export function MigrationHistory({ status, items, onOpen, onOpenEvents }: MigrationHistoryProps) {
  return (
    <details
      className="mig-history"
      data-testid="migration-history"
      onToggle={(e) => {
        if (e.currentTarget.open) onOpen();
      }}
    >
      <summary>History</summary>
      {status.status === 'loading' && <p className="small muted">Loading…</p>}
      {status.status === 'error' && (
        <p className="small reason blocking" role="alert">
          The history could not be loaded: {status.message}{' '}
          <button type="button" className="link-btn" onClick={onOpen}>
            Retry
          </button>
        </p>
      )}
      {status.status === 'ready' && items.length === 0 && (
        <p className="small muted">No migration of this estate has ended yet.</p>
      )}
      {items.length > 0 && (
        <table className="mig-history-table">
          <thead>
            <tr>
              <th scope="col">VM</th>
              <th scope="col">Status</th>
              <th scope="col">Executor</th>
              <th scope="col">Outcome</th>
              <th scope="col" title="Simulated time from creation to the end">
                Took
              </th>
              <th scope="col">Downtime</th>
              <th scope="col">
                <span className="visually-hidden">Events</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map(({ row, state }) => (
              <tr
                key={row.id}
                data-testid="history-row"
                data-status={row.status}
                data-vm={row.vmId}
              >
                <td>{row.vmId}</td>
                <td className={`mig-status-${row.status}`}>{row.status}</td>
                <td data-testid="history-executor">{state ? executorLine(state.spec) : '…'}</td>
                <td>
                  {state ? (state.outcome?.code ?? (row.status === 'succeeded' ? 'ok' : '—')) : '…'}
                  {row.writeback && <WritebackNote writeback={row.writeback} />}
                </td>
                <td title={`${row.createdAt} → ${row.updatedAt}`}>
                  {state ? fmtDuration(state.simMs) : '…'}
                </td>
                <td>{state ? fmtDuration(state.downtimeMs) : '…'}</td>
                <td>
                  <button
                    type="button"
                    className="link-btn"
                    onClick={() => onOpenEvents(row.id)}
                    aria-label={`Events of the migration of ${row.vmId}`}
                  >
                    Events
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
