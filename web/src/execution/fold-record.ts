/**
 * One streamed event against what the page knows of its run. The state is
 * always the shared reducer's (reduceMigration): this only decides whether a
 * record follows the state it would be applied to. A record that does not
 * (the stream missed some, or the run began before the page subscribed) is a
 * gap: the run is fetched again and folded from all its events, so the page
 * never shows a state the events do not give.
 */
import {
  isTerminal,
  reduceMigration,
  type MigrationEventRecord,
  type MigrationState,
} from '@vmmi/shared';

export type FoldStep =
  | { kind: 'applied'; state: MigrationState }
  /** Already folded (a replay after a reconnect): nothing to do. */
  | { kind: 'duplicate' }
  /** Events are missing before this one: fetch the run again. */
  | { kind: 'gap' };

export function foldRecord(
  state: MigrationState | undefined,
  record: MigrationEventRecord,
): FoldStep {
  if (!state) {
    if (record.seq !== 1 || record.event.type !== 'created') return { kind: 'gap' };
    return { kind: 'applied', state: reduceMigration(undefined, record) };
  }
  if (record.seq <= state.lastSeq) return { kind: 'duplicate' };
  if (record.seq !== state.lastSeq + 1) return { kind: 'gap' };
  try {
    return { kind: 'applied', state: reduceMigration(state, record) };
  } catch {
    // The reducer refuses events that cannot follow (created twice): the server's copy decides.
    return { kind: 'gap' };
  }
}

/**
 * Folds buffered records onto a state fetched from the server: the ones it
 * already has are skipped, the next ones applied; `gap` when some are still
 * missing after it.
 */
export function foldBuffered(
  state: MigrationState,
  buffered: readonly MigrationEventRecord[],
): { state: MigrationState; gap: boolean } {
  let s = state;
  for (const r of [...buffered].sort((a, b) => a.seq - b.seq)) {
    const step = foldRecord(s, r);
    if (step.kind === 'gap') return { state: s, gap: true };
    if (step.kind === 'applied') s = step.state;
  }
  return { state: s, gap: false };
}

/** What a change of state means for the rest of the page. */
export interface StateEffects {
  /** The VM now runs on the target: the estate moved it (refresh, flash the hosts). */
  switchedOver: boolean;
  /** The run ended: the estate may have changed, the history has a new row. */
  ended: boolean;
}

export function effectsOf(before: MigrationState | undefined, after: MigrationState): StateEffects {
  return {
    switchedOver: after.authority === 'target' && before?.authority !== 'target',
    ended: isTerminal(after.status) && (!before || !isTerminal(before.status)),
  };
}
