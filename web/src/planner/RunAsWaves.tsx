/**
 * The evacuation dialog's other way out (R16; docs/execution.md, "Wave
 * runs"): rather than staging each move for review, the server runs the
 * proposal's waves one after another, each beginning when the one before has
 * succeeded, after an operator's approval or at once. The executor and the
 * speed are the same choices as beside Execute, and so is the change window
 * (with the simulator): every wave's copies start when it begins, its
 * switchovers only inside the window. A refusal (the estate changed,
 * a VM the caller may not move…) is shown here and the dialog stays open;
 * once the wave run exists the dialog closes on the migrations panel.
 */
import type { WaveGate } from '@vmmi/shared';
import { useId, useState } from 'react';
import { refusedProps } from '../auth/refused-props.ts';
import { useCan } from '../auth/useCan.ts';
import { selectExecutor, selectTimeScale } from '../store/execution-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { ExecutorSelect, SpeedSelect } from '../execution/ExecutionChoices.tsx';
import { ChangeWindowControls } from '../execution/ChangeWindowControls.tsx';
import { parseWindowInput, type WindowInput } from '../execution/change-window-input.ts';
import { waveRunWaves, type EvacuationPlan } from './evacuation-plan.ts';

export const GATES: { value: WaveGate; label: string }[] = [
  { value: 'approval', label: 'after my approval of each' },
  { value: 'auto', label: 'at once when the one before succeeded' },
];

export function RunAsWaves({
  plan,
  label,
  gate,
  onGate,
  onStarted,
}: {
  plan: EvacuationPlan;
  /** What it empties, as the wave run's card will name it. */
  label: string;
  /** What comes before each wave after the first. */
  gate: WaveGate;
  onGate: (gate: WaveGate) => void;
  /** The wave run exists: the dialog closes. */
  onStarted: () => void;
}) {
  const id = useId();
  const actions = useAppActions();
  const roleRefusal = useCan('operator');
  const executor = useAppStore(selectExecutor);
  const timeScale = useAppStore(selectTimeScale);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [windowInput, setWindowInput] = useState<WindowInput | null>(null);
  const holds = executor === 'simulated';
  const nothing =
    plan.ok && plan.moves.length > 0 ? null : 'Nothing to run: no VM could be placed.';

  const run = async () => {
    // Checked against the clock of the click: a window that closed while the dialog was open is said so.
    const window = windowInput && holds ? parseWindowInput(windowInput, Date.now()) : null;
    if (window && !window.ok) {
      setRefused(`Not started: ${window.message}`);
      return;
    }
    const waves = plan.ok ? waveRunWaves(plan, gate, window?.window) : [];
    setBusy(true);
    setRefused(null);
    const started = await actions.runAsWaves({ waves, label });
    setBusy(false);
    if (started.ok) onStarted();
    else setRefused(started.message);
  };

  return (
    <fieldset className="run-as-waves" disabled={busy}>
      <legend className="small">Or run the waves on the server, one after another</legend>
      <div role="radiogroup" aria-label="Each wave after the first begins" className="small">
        Each wave after the first begins{' '}
        {GATES.map((g) => (
          <label key={g.value}>
            <input
              type="radio"
              name={`${id}-gate`}
              value={g.value}
              checked={gate === g.value}
              onChange={() => onGate(g.value)}
            />{' '}
            {g.label}{' '}
          </label>
        ))}
      </div>
      <div className="small">
        <label htmlFor={`${id}-executor`}>Executor</label>{' '}
        <ExecutorSelect
          id={`${id}-executor`}
          executor={executor}
          disabled={false}
          onExecutor={actions.setExecutor}
          testId="waves-executor"
        />{' '}
        <label htmlFor={`${id}-speed`}>Speed</label>{' '}
        <SpeedSelect
          id={`${id}-speed`}
          timeScale={timeScale}
          executor={executor}
          disabled={false}
          onTimeScale={actions.setTimeScale}
          testId="waves-speed"
        />{' '}
        <ChangeWindowControls
          window={holds ? windowInput : null}
          disabled={false}
          holds={holds}
          onWindow={setWindowInput}
          testId="waves-window"
        />
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          className="btn"
          disabled={nothing !== null}
          aria-describedby={nothing ? `${id}-why` : undefined}
          onClick={() => void run()}
          {...refusedProps(roleRefusal)}
          data-testid="evacuation-run-waves"
        >
          {busy ? 'Starting…' : 'Run as waves'}
        </button>
      </div>
      {nothing && (
        <p className="disabled-reason" id={`${id}-why`}>
          {nothing}
        </p>
      )}
      {roleRefusal && <p className="disabled-reason">Run as waves {roleRefusal}.</p>}
      {refused && (
        <p className="reason blocking" role="alert" data-testid="evacuation-waves-refused">
          {refused}
        </p>
      )}
    </fieldset>
  );
}
