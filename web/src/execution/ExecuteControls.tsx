/**
 * Execute for an accepted plan: the speed (simulated time per real time) and
 * the button. The button is the explicit confirmation: nothing runs before it.
 */
import { useId } from 'react';
import { speedHint } from './describe.ts';
import { TIME_SCALES } from './types.ts';

export interface ExecuteControlsProps {
  timeScale: number;
  /** The server is being asked. */
  busy: boolean;
  onTimeScale: (timeScale: number) => void;
  onExecute: () => void;
}

export function ExecuteControls({ timeScale, busy, onTimeScale, onExecute }: ExecuteControlsProps) {
  const id = useId();
  return (
    <span className="execute-controls">
      <label htmlFor={id} className="small muted">
        Speed
      </label>
      <select
        id={id}
        value={timeScale}
        disabled={busy}
        onChange={(e) => onTimeScale(Number(e.target.value))}
        data-testid="execute-speed"
      >
        {TIME_SCALES.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy}
        title={`Runs the accepted plan now. ${speedHint(timeScale)}.`}
        onClick={onExecute}
        data-testid="execute-plan"
      >
        {busy ? 'Starting…' : 'Execute'}
      </button>
    </span>
  );
}
