/** What the execution slice holds: the runs as folded from their events, the ticker, history, faults. */
import {
  ConvergenceSchema,
  type Convergence,
  type EventRecord,
  type MigrationEventRecord,
  type MigrationState,
  type WaveRun,
} from '@vmmi/shared';
import type { MigrationRow, StoredFault, StreamStatus } from '../api/execution-api.ts';
import type { WindowInput } from './change-window-input.ts';

/** How many events the ticker keeps (newest first). */
export const TICKER_LIMIT = 200;

/** What can carry a plan out (the server's executors): the simulator, the demo's, is the default. */
export const EXECUTORS = [
  { value: 'simulated', label: 'Simulator' },
  { value: 'qemu', label: 'QEMU (a real guest)' },
] as const;
export type ExecutorName = (typeof EXECUTORS)[number]['value'];

/** The words for each convergence: a Record, so a value the server adds fails the typecheck here. */
const CONVERGENCE_TEXT: Record<Convergence, { label: string; hint: string }> = {
  'auto-converge': { label: 'Auto-converge', hint: 'Throttle the guest (auto-converge)' },
  'post-copy': { label: 'Post-copy', hint: 'Switch over early (post-copy)' },
  none: { label: 'None', hint: 'Roll back' },
};

/**
 * What a run does when its memory copy does not converge, in the server's
 * order (docs/execution-ops.md explains each).
 */
export const CONVERGENCES = ConvergenceSchema.options.map((value) => ({
  value,
  ...CONVERGENCE_TEXT[value],
}));
export type ConvergenceName = Convergence;

/** The server's default: a run executed without a choice throttles its guest. */
export const DEFAULT_CONVERGENCE: ConvergenceName = 'auto-converge';

/** The speeds offered when a plan is executed: simulated ms per real ms. */
export const TIME_SCALES = [
  { value: 1, label: 'real time' },
  { value: 10, label: '×10' },
  { value: 60, label: '×60' },
  { value: 600, label: '×600' },
] as const;

/** A line of the ticker: the event, and the VM of its run when the page knows it. */
export interface TickerEntry {
  record: EventRecord;
  vmId: string | null;
}

/** A switchover to draw on the canvas: the hosts (and sites) the VM left and reached. */
export interface SwitchoverFlash {
  /** Counts up, so the same hosts flash again on the next switchover. */
  n: number;
  nodeIds: string[];
}

export interface StreamState {
  status: StreamStatus | 'off';
  error: string | null;
  /**
   * Since when (epoch ms) the stream has been down after having been live: every figure
   * it feeds is that old at least. Null while live, and before it was ever live.
   */
  downSince: number | null;
}

/** The wave runs (docs/execution.md, "Wave runs") as last read from the server. */
export interface WaveRunsState {
  /** By id, as the server last answered (every estate's seen in this page). */
  runs: Readonly<Record<string, WaveRun>>;
  /** Those shown as cards, newest first: seen active in this page, until dismissed. */
  cards: string[];
  /** Since when (epoch ms) reading them has failed: what the cards show is that old. Null: the last read worked. */
  downSince: number | null;
  /** What each empties, for those started from this page ("the drain of fra1"). */
  labels: Readonly<Record<string, string>>;
  /** Per wave run: its Approve or Cancel while asked, or why the server would not. */
  pending: Readonly<Record<string, { status: 'asking' } | { status: 'refused'; message: string }>>;
}

export interface ExecutionState {
  /** Every run seen, by id, folded with the shared reducer (never re-derived here). */
  migrations: ReadonlyMap<string, MigrationState>;
  /** The runs shown as cards, newest first: those seen running in this page, until dismissed. */
  cards: string[];
  /** Runs whose state is being fetched again (a gap in their events): the card says "syncing". */
  syncing: ReadonlySet<string>;
  /** The last events, newest first, at most TICKER_LIMIT (progress events are left out: the cards show them). */
  ticker: TickerEntry[];
  stream: StreamState;
  /** The estate's past runs, newest first, loaded when the history is opened. */
  history:
    | { status: 'idle' | 'loading' }
    | { status: 'ready'; rows: MigrationRow[] }
    | { status: 'error'; message: string };
  /** The run whose full event list is open. */
  opened:
    | { id: string; status: 'loading' }
    | { id: string; status: 'ready'; events: MigrationEventRecord[] }
    | { id: string; status: 'error'; message: string }
    | null;
  faults: StoredFault[];
  panelOpen: boolean;
  /** The speed the next Execute uses. */
  timeScale: number;
  /** The executor the next Execute uses. */
  executor: ExecutorName;
  /** What the next Execute's runs do when their copy does not converge. */
  convergence: ConvergenceName;
  /** The change window the next Execute's switchovers wait for, as typed (local time); null: none. */
  window: WindowInput | null;
  flash: SwitchoverFlash | null;
  /** The last thing an execution action has to say (an abort refused, a fault not injected). */
  notice: { kind: 'info' | 'error'; text: string } | null;
  /** Per run: what its Abort button is doing, or what came back. */
  aborts: Readonly<
    Record<string, { status: 'asking' | 'asked' | 'refused'; message: string | null }>
  >;
  waveRuns: WaveRunsState;
}

export const initialExecutionState = (): ExecutionState => ({
  migrations: new Map(),
  cards: [],
  syncing: new Set(),
  ticker: [],
  stream: { status: 'off', error: null, downSince: null },
  history: { status: 'idle' },
  opened: null,
  faults: [],
  panelOpen: false,
  timeScale: 60,
  executor: 'simulated',
  convergence: DEFAULT_CONVERGENCE,
  window: null,
  flash: null,
  notice: null,
  aborts: {},
  waveRuns: { runs: {}, cards: [], downSince: null, labels: {}, pending: {} },
});
