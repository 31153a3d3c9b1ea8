/**
 * A wave run in words (docs/execution.md, "Wave runs"), as its card in the
 * migrations panel shows it: what it moves, where it stands, each wave's state
 * and its runs' progress. Pure: the wave run as the server last answered it,
 * its history read for what the status alone does not say (which wave halted
 * and why, who cancelled), and the runs' states as the event stream folded
 * them.
 */
import {
  isTerminal,
  isWaveRunActive,
  type MigrationState,
  type WaveRun,
  type WaveRunHistoryEntry,
  type WaveRunWave,
} from '@vmmi/shared';
import { countOf } from '../planner/format.ts';
import { progressOf } from './describe.ts';

export type WaveState =
  | 'waiting'
  | 'awaiting-approval'
  /** Its gate opened; the server has not started its runs yet. */
  | 'starting'
  | 'running'
  | 'succeeded'
  | 'failed'
  /** Cancelled while it ran: no later wave begins, its runs are left to finish. */
  | 'cancelled'
  /** The wave run ended before this wave began. */
  | 'not-run';

export const WAVE_STATE_TEXT: Record<WaveState, string> = {
  waiting: 'waiting',
  'awaiting-approval': 'awaiting approval',
  starting: 'starting',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled (its runs finish)',
  'not-run': 'not run',
};

type Entry<T extends WaveRunHistoryEntry['type']> = Extract<WaveRunHistoryEntry, { type: T }>;
const lastOf = <T extends WaveRunHistoryEntry['type']>(
  run: WaveRun,
  type: T,
): Entry<T> | undefined => run.history.findLast((e): e is Entry<T> => e.type === type);

/** Each wave's state, wave 1 first. */
export function waveStates(run: WaveRun): WaveState[] {
  const ended = new Map<number, 'succeeded' | 'failed'>();
  for (const e of run.history) if (e.type === 'wave-ended') ended.set(e.wave, e.outcome);
  const current = run.currentWave;
  return run.waves.map((_, i): WaveState => {
    const n = i + 1;
    const outcome = ended.get(n);
    if (outcome) return outcome;
    if (n < current) return 'succeeded';
    if (n > current) return isWaveRunActive(run) ? 'waiting' : 'not-run';
    switch (run.status) {
      case 'awaiting-approval':
        return 'awaiting-approval';
      case 'running':
        return run.waveStarted ? 'running' : 'starting';
      // A wave halted without a wave-ended entry: one of its moves was refused as it began.
      case 'halted':
        return 'failed';
      case 'cancelled':
        return run.waveStarted ? 'cancelled' : 'not-run';
      case 'succeeded':
        return 'succeeded';
    }
  });
}

/** The wave run's status in a line: "Wave 2 of 3 awaits approval". */
export function waveRunStatusText(run: WaveRun): string {
  const of = `${run.currentWave} of ${run.waves.length}`;
  switch (run.status) {
    case 'running':
      return run.waveStarted ? `Running wave ${of}` : `Starting wave ${of}`;
    case 'awaiting-approval':
      return `Wave ${of} awaits approval`;
    case 'succeeded':
      return `Succeeded: ${countOf(run.waves.length, 'wave')} done`;
    case 'halted':
      return `Halted in wave ${of}`;
    case 'cancelled': {
      const by = lastOf(run, 'cancelled')?.by;
      return `Cancelled${by ? ` by ${by}` : ''} in wave ${of}`;
    }
  }
}

/** What a halted wave run says of its halt: the wave, why, and the runs that did not succeed. */
export interface Halt {
  wave: number;
  reason: string;
  failed: Entry<'wave-ended'>['failed'];
}

export function haltOf(run: WaveRun): Halt | null {
  const halted = lastOf(run, 'halted');
  if (run.status !== 'halted' || !halted) return null;
  const ended = run.history.find(
    (e): e is Entry<'wave-ended'> => e.type === 'wave-ended' && e.wave === halted.wave,
  );
  return { wave: halted.wave, reason: halted.reason, failed: ended?.failed ?? [] };
}

/**
 * What it moves, from its own fields (the page that created it may know a
 * better name, "the drain of fra1"): "5 VMs in 2 waves to 3 hosts".
 */
export function waveRunWhat(run: WaveRun): string {
  const moves = run.waves.flatMap((w) => w.moves);
  const hosts = new Set(moves.map((m) => m.toHost));
  return `${countOf(moves.length, 'VM')} in ${countOf(run.waves.length, 'wave')} to ${countOf(hosts.size, 'host')}`;
}

/** How far a wave's runs are: how many ended, of how many, and the bytes sent as a whole. */
export interface WaveProgress {
  ended: number;
  total: number;
  /** 0..1: each run's share of its bytes sent, an ended run counting whole. */
  fraction: number;
}

/** From the runs' folded states (a run the page has not seen yet counts as not begun). */
export function waveProgress(
  wave: WaveRunWave,
  migrations: ReadonlyMap<string, MigrationState>,
): WaveProgress {
  const total = wave.runs.length || wave.moves.length;
  let ended = 0;
  let sum = 0;
  for (const r of wave.runs) {
    const s = migrations.get(r.migrationId);
    if (!s) continue;
    if (isTerminal(s.status)) {
      ended++;
      sum += 1;
    } else sum += progressOf(s).fraction;
  }
  return { ended, total, fraction: total === 0 ? 0 : sum / total };
}
