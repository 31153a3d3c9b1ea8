/**
 * The executor and speed choices, as Execute (ExecuteControls.tsx) and Run as
 * waves (planner/RunAsWaves.tsx) offer them: the same store values, so a wave
 * run goes as a plan executed beside it would.
 */
import { TIME_SCALES, EXECUTORS, type ExecutorName } from './types.ts';

export function ExecutorSelect({
  id,
  executor,
  disabled,
  onExecutor,
  testId,
}: {
  id: string;
  executor: ExecutorName;
  disabled: boolean;
  onExecutor: (executor: ExecutorName) => void;
  testId: string;
}) {
  return (
    <select
      id={id}
      value={executor}
      disabled={disabled}
      onChange={(e) => onExecutor(e.target.value as ExecutorName)}
      data-testid={testId}
    >
      {EXECUTORS.map((x) => (
        <option key={x.value} value={x.value}>
          {x.label}
        </option>
      ))}
    </select>
  );
}

/** A real executor runs in real time: the choice shows it, and is off. */
export function SpeedSelect({
  id,
  timeScale,
  executor,
  disabled,
  onTimeScale,
  testId,
}: {
  id: string;
  timeScale: number;
  executor: ExecutorName;
  disabled: boolean;
  onTimeScale: (timeScale: number) => void;
  testId: string;
}) {
  const real = executor !== 'simulated';
  return (
    <select
      id={id}
      value={real ? 1 : timeScale}
      disabled={disabled || real}
      title={real ? 'A real guest migrates in real time' : undefined}
      onChange={(e) => onTimeScale(Number(e.target.value))}
      data-testid={testId}
    >
      {TIME_SCALES.map((s) => (
        <option key={s.value} value={s.value}>
          {s.label}
        </option>
      ))}
    </select>
  );
}
