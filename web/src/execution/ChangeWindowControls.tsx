/**
 * "Change window" beside Execute: off by default (switch over as soon as the
 * copy is ready); on, two local date-times in the operator's zone, named, with
 * what is wrong said at once and nothing sent until it is right. Only an
 * executor that can hold a converged copy (the simulator) takes a window.
 */
import { useId, useState } from 'react';
import {
  defaultWindowInput,
  operatorTimeZone,
  parseWindowInput,
  type WindowInput,
} from './change-window-input.ts';

export interface ChangeWindowControlsProps {
  window: WindowInput | null;
  disabled: boolean;
  /** The chosen executor can hold a switchover for a window. */
  holds: boolean;
  onWindow: (window: WindowInput | null) => void;
  /** Prefix of the controls' test ids: Execute's and Run as waves' may be in the page at once. */
  testId?: string;
}

export function ChangeWindowControls({
  window,
  disabled,
  holds,
  onWindow,
  testId = 'execute-window',
}: ChangeWindowControlsProps) {
  const id = useId();
  // When the controls appeared: "closed already" against it (the server checks again at Execute).
  const [shownAt] = useState(() => Date.now());
  const problem = window ? parseWindowInput(window, shownAt) : null;
  const message = problem && !problem.ok ? problem.message : null;
  return (
    <span className="change-window" data-testid={testId}>
      <label className="small muted" title="Copy now; switch over only inside the window">
        <input
          type="checkbox"
          checked={window !== null}
          disabled={disabled || !holds}
          onChange={(e) => onWindow(e.target.checked ? defaultWindowInput(Date.now()) : null)}
          data-testid={`${testId}-toggle`}
        />{' '}
        Change window{!holds && ' (simulator only)'}
      </label>
      {window && (
        <>
          <label htmlFor={`${id}-opens`} className="small muted">
            opens
          </label>
          <input
            id={`${id}-opens`}
            type="datetime-local"
            value={window.opens}
            disabled={disabled}
            aria-invalid={message !== null || undefined}
            aria-describedby={message ? `${id}-why` : undefined}
            onChange={(e) => onWindow({ ...window, opens: e.target.value })}
            data-testid={`${testId}-opens`}
          />
          <label htmlFor={`${id}-closes`} className="small muted">
            closes
          </label>
          <input
            id={`${id}-closes`}
            type="datetime-local"
            value={window.closes}
            disabled={disabled}
            aria-invalid={message !== null || undefined}
            aria-describedby={message ? `${id}-why` : undefined}
            onChange={(e) => onWindow({ ...window, closes: e.target.value })}
            data-testid={`${testId}-closes`}
          />
          <span className="small muted">{operatorTimeZone()}</span>
          {message && (
            <span id={`${id}-why`} className="small reason blocking" role="alert">
              {message}
            </span>
          )}
        </>
      )}
    </span>
  );
}
