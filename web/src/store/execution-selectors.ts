/**
 * Selectors of the execution slice. Lists derived from the run map are
 * memoised on the objects they come from, so a component re-renders only when
 * a run it shows changed (selectors.ts explains why).
 */
import { isTerminal, isWaveRunActive, type MigrationState, type WaveRun } from '@vmmi/shared';
import type { MigrationRow, StoredFault } from '../api/execution-api.ts';
import type { AppState } from './initial-state.ts';

export const selectTimeScale = (s: AppState) => s.execution.timeScale;
export const selectExecutor = (s: AppState) => s.execution.executor;
export const selectConvergence = (s: AppState) => s.execution.convergence;
export const selectChangeWindow = (s: AppState) => s.execution.window;
export const selectPanelOpen = (s: AppState) => s.execution.panelOpen;
export const selectStream = (s: AppState) => s.execution.stream;
export const selectTicker = (s: AppState) => s.execution.ticker;
export const selectFlash = (s: AppState) => s.execution.flash;
export const selectExecutionNotice = (s: AppState) => s.execution.notice;
export const selectAborts = (s: AppState) => s.execution.aborts;
export const selectSyncing = (s: AppState) => s.execution.syncing;
export const selectHistoryStatus = (s: AppState) => s.execution.history;
export const selectOpened = (s: AppState) => s.execution.opened;
export const selectMigrations = (s: AppState) => s.execution.migrations;

/** Remembers the last answer for the last inputs (compared by identity). */
function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i]))
      return last.result;
    const result = fn(...args);
    last = { args, result };
    return result;
  };
}

const cardsOf = memo(
  (migrations: AppState['execution']['migrations'], cards: string[], estateId: string | null) =>
    cards
      .map((id) => migrations.get(id))
      .filter((m): m is MigrationState => m !== undefined && m.spec.estateId === estateId),
);
/** The runs shown as cards (the current estate's, seen running in this page, not dismissed), newest first. */
export const selectCards = (s: AppState): MigrationState[] =>
  cardsOf(s.execution.migrations, s.execution.cards, s.estateId);

/** Cards whose run is still going, for the header's count. */
export const selectActiveCount = (s: AppState): number =>
  selectCards(s).filter((m) => !isTerminal(m.status)).length;

const activeOf = memo((migrations: AppState['execution']['migrations'], estateId: string | null) =>
  [...migrations.values()].filter((m) => m.spec.estateId === estateId && !isTerminal(m.status)),
);
/** The current estate's runs that have not ended (what a migration fault may hit). */
export const selectActiveRuns = (s: AppState): MigrationState[] =>
  activeOf(s.execution.migrations, s.estateId);

export interface HistoryItem {
  row: MigrationRow;
  /** Its state once fetched: outcome, downtime, simulated duration. */
  state: MigrationState | null;
}
const historyOf = memo(
  (history: AppState['execution']['history'], migrations: AppState['execution']['migrations']) =>
    history.status !== 'ready'
      ? []
      : history.rows
          .filter((r) => isTerminal(r.status as MigrationState['status']))
          .map((row): HistoryItem => ({ row, state: migrations.get(row.id) ?? null })),
);
/** The ended runs of the estate, newest first. */
export const selectHistory = (s: AppState): HistoryItem[] =>
  historyOf(s.execution.history, s.execution.migrations);

const faultsOf = memo((faults: StoredFault[], estateId: string | null) =>
  faults.filter((f) => f.estateId === estateId || f.estateId === null),
);
/** Active faults on this estate or on all of them. */
export const selectEstateFaults = (s: AppState): StoredFault[] =>
  faultsOf(s.execution.faults, s.estateId);

export const selectWaveRunsState = (s: AppState) => s.execution.waveRuns;

const waveRunCardsOf = memo((w: AppState['execution']['waveRuns'], estateId: string | null) =>
  w.cards.flatMap((id) => {
    const run = w.runs[id];
    return run && run.estateId === estateId ? [run] : [];
  }),
);
/** The current estate's wave runs shown as cards, newest first. */
export const selectWaveRunCards = (s: AppState): WaveRun[] =>
  waveRunCardsOf(s.execution.waveRuns, s.estateId);

/** Whether a wave run shown may still change (what keeps the panel reading them). */
export const selectAnyWaveRunActive = (s: AppState): boolean =>
  selectWaveRunCards(s).some(isWaveRunActive);

/** How many of the current estate's wave runs wait for an operator to begin their next wave. */
export const selectWaveRunsAwaiting = (s: AppState): number =>
  selectWaveRunCards(s).filter((w) => w.status === 'awaiting-approval').length;

/**
 * The statuses of the active wave runs' runs, in a line: it changes when one of
 * them ends, which is when its wave run takes its next step.
 */
export const selectWaveRunRunsKey = (s: AppState): string =>
  selectWaveRunCards(s)
    .filter(isWaveRunActive)
    .flatMap((w) => w.waves.flatMap((wave) => wave.runs))
    .map((r) => `${r.migrationId}:${s.execution.migrations.get(r.migrationId)?.status ?? '?'}`)
    .join(',');
