/**
 * The wave runs' actions (docs/execution.md, "Wave runs"): start one from a
 * drain's or an evacuation's waves, read them again, approve the wave that
 * awaits it, cancel. Thin, as execution-actions.ts: each asks the server
 * through WaveRunsApi and records the answer. The event stream carries no
 * wave-run news, so the planner reads them again while one is active
 * (execution/useWaveRunPolling.ts); their runs' progress is the stream's, by id.
 */
import { isWaveRunActive, type WaveRun, type WaveRunWaveInput } from '@vmmi/shared';
import type { Outcome } from '../api/execution-api.ts';
import type { WaveRunsApi } from '../api/wave-runs-api.ts';
import type { WaveRunsState } from '../execution/types.ts';
import type { AppState } from './initial-state.ts';

export interface WaveRunDeps {
  api: WaveRunsApi;
  /** Reloads the estate shown in place, so a proposal made on an old version is made again. */
  reloadEstate: () => Promise<boolean>;
  /** Epoch ms: when reading the wave runs began to fail. */
  now?: () => number;
}

/** Starting a wave run: it runs, or why not, in the words the dialog shows. */
export type RunAsWavesOutcome = { ok: true; id: string } | { ok: false; message: string };

export interface WaveRunActions {
  /**
   * Has the server run these waves on the estate shown, at the version shown,
   * with the executor, speed and convergence chosen for Execute; once it
   * runs, the migrations panel opens on its card. `label` names what it empties.
   */
  runAsWaves: (input: { waves: WaveRunWaveInput[]; label: string }) => Promise<RunAsWavesOutcome>;
  /** Reads the estate's wave runs again (and any shown as active that the list no longer holds). */
  loadWaveRuns: () => Promise<void>;
  /** Opens the gate of `wave` (from 1). */
  approveWave: (id: string, wave: number) => Promise<void>;
  cancelWaveRun: (id: string) => Promise<void>;
  /** Takes an ended wave run's card away. */
  dismissWaveRun: (id: string) => void;
}

type Set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

/** How many of the estate's newest wave runs each read asks for. */
const LIST_LIMIT = 20;

export function createWaveRunActions(set: Set, get: Get, deps: WaveRunDeps): WaveRunActions {
  const { api } = deps;
  const now = deps.now ?? Date.now;
  const patch = (p: (w: WaveRunsState) => Partial<WaveRunsState>) =>
    set((s) => ({
      execution: {
        ...s.execution,
        waveRuns: { ...s.execution.waveRuns, ...p(s.execution.waveRuns) },
      },
    }));
  /** Records wave runs as answered; an active one not shown yet gets its card. */
  const record = (answered: WaveRun[]) =>
    patch((w) => {
      const runs = { ...w.runs };
      const cards = [...w.cards];
      // Newest first in the answer: the oldest new card goes in first, so the newest ends on top.
      for (const run of [...answered].reverse()) {
        runs[run.id] = run;
        if (isWaveRunActive(run) && !cards.includes(run.id)) cards.unshift(run.id);
      }
      return { runs, cards };
    });
  const setPending = (id: string, entry: WaveRunsState['pending'][string] | null) =>
    patch((w) => {
      const pending = { ...w.pending };
      if (entry) pending[id] = entry;
      else delete pending[id];
      return { pending };
    });

  /** One request at a time per wave run; its answer recorded, or its refusal said on the card. */
  const ask = async (
    id: string,
    call: () => Promise<Outcome<WaveRun>>,
    refused: (why: string) => string,
  ) => {
    if (get().execution.waveRuns.pending[id]?.status === 'asking') return;
    setPending(id, { status: 'asking' });
    const res = await call();
    if (res.ok) {
      record([res.value]);
      setPending(id, null);
      return;
    }
    setPending(id, { status: 'refused', message: refused(res.message) });
    // Refused because it moved on (approved elsewhere, cancelled): show where it is now.
    if (!res.unreachable) await actions.loadWaveRuns();
  };

  const actions: WaveRunActions = {
    async runAsWaves({ waves, label }) {
      const { estateId, estateVersion } = get();
      if (estateId === null || estateVersion === null)
        return { ok: false, message: 'No estate is loaded.' };
      const { executor, timeScale, convergence } = get().execution;
      const res = await api.create({
        estateId,
        expectedVersion: estateVersion,
        executor,
        timeScale,
        convergence,
        waves,
      });
      if (!res.ok) {
        if (res.refusal === 'stale-estate') {
          // The dialog plans again on the estate as it is now; the operator checks it and runs again.
          void deps.reloadEstate();
          return {
            ok: false,
            message: `Not started: ${res.message}. The proposal is made again on the estate as it is now: check it, then run again.`,
          };
        }
        return {
          ok: false,
          message: res.unreachable
            ? `Not started: ${res.message}. Nothing runs; try again when the server is back.`
            : `Not started: ${res.message}`,
        };
      }
      const run = res.value;
      record([run]);
      patch((w) => ({
        labels: { ...w.labels, [run.id]: label },
        // A card for it even if it already ended (a refused first move halts it at once).
        cards: w.cards.includes(run.id) ? w.cards : [run.id, ...w.cards],
      }));
      set((s) => ({ execution: { ...s.execution, panelOpen: true } }));
      return { ok: true, id: run.id };
    },

    async loadWaveRuns() {
      const estateId = get().estateId;
      if (estateId === null) return;
      const res = await api.list(estateId, { active: false, limit: LIST_LIMIT });
      if (!res.ok) {
        patch((w) => ({ downSince: w.downSince ?? now() }));
        return;
      }
      record(res.value);
      patch(() => ({ downSince: null }));
      // A card still active here but beyond the list's newest: read it alone.
      const listed = new Set(res.value.map((r) => r.id));
      const { runs, cards } = get().execution.waveRuns;
      const missing = cards.filter(
        (id) => !listed.has(id) && runs[id]?.estateId === estateId && isWaveRunActive(runs[id]),
      );
      const read = await Promise.all(missing.map((id) => api.get(id)));
      record(read.flatMap((r) => (r.ok ? [r.value] : [])));
    },

    approveWave: (id, wave) =>
      ask(
        id,
        () => api.approve(id, wave),
        (why) => `Wave ${wave} not approved: ${why}`,
      ),

    cancelWaveRun: (id) =>
      ask(
        id,
        () => api.cancel(id),
        (why) => `Not cancelled: ${why}`,
      ),

    dismissWaveRun(id) {
      const run = get().execution.waveRuns.runs[id];
      if (run && isWaveRunActive(run)) return;
      patch((w) => ({ cards: w.cards.filter((c) => c !== id) }));
    },
  };
  return actions;
}
