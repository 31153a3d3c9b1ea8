/**
 * A run's full event list, in order, in a modal dialog. Progress events (one
 * per tick) are counted and shown on request, so the steps stay readable.
 */
import { useState } from 'react';
import { ModalDialog } from '../components/ModalDialog.tsx';
import { describeEvent, executorLine, fmtDuration } from './describe.ts';
import type { ExecutionState } from './types.ts';

export interface EventListDialogProps {
  opened: ExecutionState['opened'];
  onClose: () => void;
}

export function EventListDialog({ opened, onClose }: EventListDialogProps) {
  const [withProgress, setWithProgress] = useState(false);
  const open = opened !== null;

  const events = opened?.status === 'ready' ? opened.events : [];
  const first = events[0]?.event;
  const vmId = first?.type === 'created' ? first.spec.vmId : null;
  const ranBy = first?.type === 'created' ? executorLine(first.spec) : null;
  const progress = events.filter((r) => r.event.type === 'progress').length;
  const shown = withProgress ? events : events.filter((r) => r.event.type !== 'progress');

  return (
    <ModalDialog
      open={open}
      onClose={onClose}
      className="move-dialog events-dialog"
      labelledBy="events-dialog-title"
      testId="events-dialog"
    >
      <h2 id="events-dialog-title">Events of the migration of {vmId ?? opened?.id ?? ''}</h2>
      {opened && (
        <p className="small muted">
          {opened.id}
          {ranBy && <span data-testid="events-executor"> · {ranBy}</span>}
        </p>
      )}
      {opened?.status === 'loading' && <p className="small muted">Loading…</p>}
      {opened?.status === 'error' && (
        <p className="small reason blocking" role="alert">
          {opened.message}
        </p>
      )}
      {opened?.status === 'ready' && (
        <>
          <label className="small">
            <input
              type="checkbox"
              checked={withProgress}
              onChange={(e) => setWithProgress(e.target.checked)}
            />{' '}
            Show the {progress} progress events
          </label>
          <div className="events-scroll">
            <table className="events-table" data-testid="events-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col" title="Simulated time since the run was created">
                    At
                  </th>
                  <th scope="col">Event</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id} data-type={r.event.type}>
                    <td>{r.seq}</td>
                    <td title={r.at}>{fmtDuration(r.simMs)}</td>
                    <td>{describeEvent(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
