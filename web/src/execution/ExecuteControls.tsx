/**
 * Execute for an accepted plan: what carries it out (the simulator, or a real
 * QEMU guest), what a copy that does not converge does (throttle, post-copy,
 * roll back), the speed (simulated time per real time; a real executor runs
 * in real time), and the button. The button is the explicit confirmation:
 * nothing runs before it.
 */
import { useId } from 'react';
import { ChangeWindowControls } from './ChangeWindowControls.tsx';
import type { WindowInput } from './change-window-input.ts';
import { speedHint } from './describe.ts';
import { refusedProps } from '../auth/refused-props.ts';
import { ExecutorSelect, SpeedSelect } from './ExecutionChoices.tsx';
import { CONVERGENCES, type ConvergenceName, type ExecutorName } from './types.ts';

export interface ExecuteControlsProps {
  timeScale: number;
  executor: ExecutorName;
  convergence: ConvergenceName;
  /** The server is being asked. */
  busy: boolean;
  onTimeScale: (timeScale: number) => void;
  onExecutor: (executor: ExecutorName) => void;
  onConvergence: (convergence: ConvergenceName) => void;
  /** The change window the switchovers wait for (local time), or none. */
  window: WindowInput | null;
  onWindow: (window: WindowInput | null) => void;
  onExecute: () => void;
  /** Why the caller may not execute (the button says so, disabled); null: may. */
  refusal?: string | null;
  /** The plan is a cold migration (R15): only the simulator runs one. */
  cold?: boolean;
}

/** Why Execute cannot run a cold plan on this executor; null when it can. */
export const coldRefusal = (cold: boolean, executor: ExecutorName): string | null =>
  cold && executor !== 'simulated'
    ? 'A cold migration runs on the Simulator only: QEMU migrates running guests.'
    : null;

export function ExecuteControls({
  timeScale,
  executor,
  convergence,
  busy,
  onTimeScale,
  onExecutor,
  onConvergence,
  window,
  onWindow,
  onExecute,
  refusal = null,
  cold = false,
}: ExecuteControlsProps) {
  const id = useId();
  const notForExecutor = coldRefusal(cold, executor);
  const real = executor !== 'simulated';
  const convergenceHint = CONVERGENCES.find((c) => c.value === convergence)?.hint;
  return (
    <span className="execute-controls">
      <label htmlFor={`${id}-executor`} className="small muted">
        Executor
      </label>
      <ExecutorSelect
        id={`${id}-executor`}
        executor={executor}
        disabled={busy}
        onExecutor={onExecutor}
        testId="execute-executor"
      />
      <label htmlFor={`${id}-convergence`} className="small muted">
        Convergence
      </label>
      {/* Both executors honour it, so it stays enabled whatever runs the plan. */}
      <select
        id={`${id}-convergence`}
        value={convergence}
        disabled={busy}
        title={convergenceHint}
        onChange={(e) => onConvergence(e.target.value as ConvergenceName)}
        data-testid="execute-convergence"
      >
        {CONVERGENCES.map((c) => (
          <option key={c.value} value={c.value} title={c.hint}>
            {c.label}
          </option>
        ))}
      </select>
      <label htmlFor={id} className="small muted">
        Speed
      </label>
      <SpeedSelect
        id={id}
        timeScale={timeScale}
        executor={executor}
        disabled={busy}
        onTimeScale={onTimeScale}
        testId="execute-speed"
      />
      <ChangeWindowControls window={window} disabled={busy} holds={!real} onWindow={onWindow} />
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy || notForExecutor !== null}
        title={`Runs the accepted plan now. ${real ? 'A real QEMU guest, in real time' : speedHint(timeScale)}.`}
        onClick={onExecute}
        aria-describedby={notForExecutor ? `${id}-cold` : undefined}
        {...refusedProps(refusal)}
        data-testid="execute-plan"
      >
        {busy ? 'Starting…' : 'Execute'}
      </button>
      {notForExecutor && (
        <span className="disabled-reason" id={`${id}-cold`} data-testid="execute-cold-reason">
          {notForExecutor}
        </span>
      )}
    </span>
  );
}
