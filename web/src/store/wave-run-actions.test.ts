/**
 * Reading the wave runs again: which get a card (those active; an ended one
 * only if it had one), newest on top, and since when the reads fail (the
 * cards' figures are that old).
 */
import type { WaveRun } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../api/execution-api.ts';
import {
  awaitingWave2,
  fakeWaveRunsApi,
  haltedInWave2,
  runningWave2,
} from '../execution/wave-run-test-fixtures.ts';
import { initialState, type AppState } from './initial-state.ts';
import { createWaveRunActions } from './wave-run-actions.ts';

function setup(answers: Outcome<WaveRun[]>[], alone?: WaveRun) {
  let state: AppState = { ...initialState(), estateId: 'demo' };
  let clock = 1_000;
  const api = fakeWaveRunsApi({
    list: () => Promise.resolve(answers.shift()!),
    ...(alone && { get: () => Promise.resolve({ ok: true, value: alone }) }),
  });
  const actions = createWaveRunActions(
    (p) => (state = { ...state, ...(typeof p === 'function' ? p(state) : p) }),
    () => state,
    { api, reloadEstate: () => Promise.resolve(true), now: () => clock },
  );
  return {
    actions,
    waveRuns: () => state.execution.waveRuns,
    tick: (ms: number) => (clock += ms),
  };
}

const down = { ok: false, refusal: null, unreachable: true, message: 'fetch failed' } as const;

describe('loadWaveRuns', () => {
  it('gives the active ones a card, newest on top; an ended one never seen active none', async () => {
    const newer = { ...runningWave2(), id: 'waves-2' };
    const older = awaitingWave2();
    const ended = { ...haltedInWave2(), id: 'waves-0' };
    const t = setup([{ ok: true, value: [newer, older, ended] }]);
    await t.actions.loadWaveRuns();
    expect(t.waveRuns().cards).toEqual(['waves-2', 'waves-1']);
    expect(Object.keys(t.waveRuns().runs).sort()).toEqual(['waves-0', 'waves-1', 'waves-2']);
    expect(t.waveRuns().downSince).toBeNull();
  });

  it('keeps the cards when a read fails, saying since when; a read that works clears it', async () => {
    const cancelled: WaveRun = { ...awaitingWave2(), status: 'cancelled' };
    // The last list holds newer wave runs only: the card's own is read alone.
    const t = setup(
      [{ ok: true, value: [awaitingWave2()] }, down, down, { ok: true, value: [] }],
      cancelled,
    );
    await t.actions.loadWaveRuns();
    await t.actions.loadWaveRuns();
    expect(t.waveRuns().downSince).toBe(1_000);
    t.tick(2_000);
    await t.actions.loadWaveRuns();
    // Still down since the first failure.
    expect(t.waveRuns().downSince).toBe(1_000);
    expect(t.waveRuns().cards).toEqual(['waves-1']);
    await t.actions.loadWaveRuns();
    expect(t.waveRuns().downSince).toBeNull();
    expect(t.waveRuns().runs['waves-1']?.status).toBe('cancelled');
  });
});
