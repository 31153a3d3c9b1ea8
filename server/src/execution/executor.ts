/**
 * Executors: what carries a migration out. The supervisor
 * owns time, bandwidth, faults, safety and persistence; an executor only
 * advances a run when asked and says what happened. The simulated executor
 * (the default) drives the shared migration model; a real one (QEMU over
 * QMP, a network-namespace data plane) would poll its process here instead.
 */
import {
  advanceSim,
  initialSimState,
  needsPathShare,
  simStateFor,
  type MigrationSpec,
  type MigrationState,
  type MigrationStatus,
  type SimResult,
  type SimState,
  type SimTick,
  type TimedEvent,
} from '@vmmi/shared';

export interface ExecutorAdvance {
  events: TimedEvent[];
  result: SimResult;
}

export interface ExecutorRun {
  /**
   * Advances the run by a tick: `dtMs` of simulated time, or for a real run
   * the real time since the last call, at the share the supervisor gives it.
   */
  advance(tick: SimTick): ExecutorAdvance | Promise<ExecutorAdvance>;
  /** Time is the wall clock's (a real process migrates): one advance per tick, never scaled. */
  readonly realTime?: boolean;
  /**
   * The run ended with `status`, as stored: a real executor puts things right
   * (rolled back: cancel the copy and stop the target, so the VM runs only on
   * its source) and lets go of what it holds.
   */
  end?(status: MigrationStatus): Promise<void>;
  /** Where the run is, for the watchdogs and the crash rule. */
  readonly sim: Readonly<SimState>;
  /** Whether the current step moves bytes (and so needs a share of the path). */
  needsBandwidth(): boolean;
  /** Puts the run back where it was before the last advance (its tick was not stored). */
  restore(sim: SimState): void;
}

export interface Executor {
  readonly name: string;
  readonly description: string;
  /** It keeps a converged copy going without switching over while a tick says hold (change windows). */
  readonly holdsSwitchover?: boolean;
  /** A new run, or one resumed after switchover from its recorded state. */
  start(spec: MigrationSpec, resumeFrom?: MigrationState): ExecutorRun;
  /**
   * A run whose server stopped, taken over: when the executor can still ask
   * what carries it (a hypervisor that outlived the server), a run that goes
   * on from what that says; undefined when there is nothing to ask, and the
   * crash rule decides from the events.
   */
  adopt?(spec: MigrationSpec, state: MigrationState): Promise<ExecutorRun | undefined>;
  /** Lets go of what it holds (processes, sockets) when the server stops. */
  close?(): Promise<void>;
}

export const simulatedExecutor: Executor = {
  name: 'simulated',
  description:
    'Runs the plan against simulated time with the engine’s migration model: pre-copy rounds, auto-converge, stop-and-copy',
  holdsSwitchover: true,
  start(spec, resumeFrom) {
    let sim = resumeFrom ? simStateFor(resumeFrom) : initialSimState(spec);
    return {
      get sim() {
        return sim;
      },
      advance(tick) {
        const out = advanceSim(spec, sim, tick);
        sim = out.sim;
        return { events: out.events, result: out.result };
      },
      needsBandwidth: () => needsPathShare(spec, sim),
      restore(before) {
        sim = before;
      },
    };
  },
};

export class ExecutorRegistry {
  private readonly executors = new Map<string, Executor>();

  constructor(executors: readonly Executor[] = [simulatedExecutor]) {
    for (const e of executors) this.register(e);
  }

  register(executor: Executor): void {
    if (this.executors.has(executor.name))
      throw new Error(`executor "${executor.name}" is registered already`);
    this.executors.set(executor.name, executor);
  }

  get(name: string): Executor | undefined {
    return this.executors.get(name);
  }

  async close(): Promise<void> {
    await Promise.all([...this.executors.values()].map((e) => e.close?.() ?? Promise.resolve()));
  }

  list(): { name: string; description: string }[] {
    return [...this.executors.values()].map(({ name, description }) => ({ name, description }));
  }
}
