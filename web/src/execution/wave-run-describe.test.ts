/**
 * A wave run in words: each wave's state, the status line, the halt and its
 * runs, what it moves, a wave's progress; on wave runs built by hand
 * (wave-run-test-fixtures.ts) at each stage of a drain in three waves.
 */
import { foldMigration, isWaveRunActive, type PlanStep, type WaveRun } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { spec, successfulRun } from '../store/execution-test-helpers.ts';
import {
  haltOf,
  waveProgress,
  waveRunStatusText,
  waveRunWhat,
  waveStates,
} from './wave-run-describe.ts';
import { awaitingWave2, haltedInWave2, runningWave2 } from './wave-run-test-fixtures.ts';

const at = '2026-03-01T09:05:00.000Z';

describe('the states of the waves and the status line', () => {
  it('awaiting approval of wave 2: wave 1 succeeded, wave 3 waits', () => {
    const run = awaitingWave2();
    expect(waveStates(run)).toEqual(['succeeded', 'awaiting-approval', 'waiting']);
    expect(waveRunStatusText(run)).toBe('Wave 2 of 3 awaits approval');
    expect(isWaveRunActive(run)).toBe(true);
    expect(haltOf(run)).toBeNull();
  });

  it('approved, before the server began the wave: starting', () => {
    const run: WaveRun = { ...awaitingWave2(), status: 'running', waveStarted: false };
    expect(waveStates(run)).toEqual(['succeeded', 'starting', 'waiting']);
    expect(waveRunStatusText(run)).toBe('Starting wave 2 of 3');
  });

  it('wave 2 begun: running', () => {
    const run = runningWave2();
    expect(waveStates(run)).toEqual(['succeeded', 'running', 'waiting']);
    expect(waveRunStatusText(run)).toBe('Running wave 2 of 3');
  });

  it('halted after a run of wave 2 rolled back: wave 2 failed, wave 3 not run; the halt names the run', () => {
    const run = haltedInWave2();
    expect(waveStates(run)).toEqual(['succeeded', 'failed', 'not-run']);
    expect(waveRunStatusText(run)).toBe('Halted in wave 2 of 3');
    expect(isWaveRunActive(run)).toBe(false);
    expect(haltOf(run)).toEqual({
      wave: 2,
      reason: 'wave 2: mig-c (VM vm-c) rolled-back',
      failed: [{ migrationId: 'mig-c', vmId: 'vm-c', status: 'rolled-back' }],
    });
  });

  it('halted as wave 2 began (a move refused): no run named, the reason is the refusal', () => {
    const base = awaitingWave2();
    const reason = 'the move of vm-c to ams1.h1 is not feasible: host ams1.h1 is down';
    const run: WaveRun = {
      ...base,
      status: 'halted',
      history: [
        ...base.history,
        { type: 'approved', at, wave: 2, by: 'olga' },
        { type: 'halted', at, wave: 2, reason },
      ],
    };
    expect(waveStates(run)).toEqual(['succeeded', 'failed', 'not-run']);
    expect(haltOf(run)).toEqual({ wave: 2, reason, failed: [] });
  });

  it('cancelled while wave 2 awaited approval: neither later wave runs; who cancelled is said', () => {
    const base = awaitingWave2();
    const run: WaveRun = {
      ...base,
      status: 'cancelled',
      history: [...base.history, { type: 'cancelled', at, by: 'ivan' }],
    };
    expect(waveStates(run)).toEqual(['succeeded', 'not-run', 'not-run']);
    expect(waveRunStatusText(run)).toBe('Cancelled by ivan in wave 2 of 3');
  });

  it('cancelled while wave 2 ran: wave 2 is cancelled (its runs finish), wave 3 not run', () => {
    const base = runningWave2();
    const run: WaveRun = {
      ...base,
      status: 'cancelled',
      history: [...base.history, { type: 'cancelled', at, by: 'ivan' }],
    };
    expect(waveStates(run)).toEqual(['succeeded', 'cancelled', 'not-run']);
  });

  it('every wave succeeded', () => {
    const base = runningWave2();
    const run: WaveRun = {
      ...base,
      status: 'succeeded',
      currentWave: 3,
      history: [
        ...base.history,
        { type: 'wave-ended', at, wave: 2, outcome: 'succeeded', failed: [] },
        { type: 'wave-started', at, wave: 3, migrationIds: ['mig-d'] },
        { type: 'wave-ended', at, wave: 3, outcome: 'succeeded', failed: [] },
        { type: 'succeeded', at },
      ],
    };
    expect(waveStates(run)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(waveRunStatusText(run)).toBe('Succeeded: 3 waves done');
  });
});

describe('what a wave run moves', () => {
  it('counts its VMs, waves and target hosts', () => {
    // vm-a → h1, vm-b → h2, vm-c → h1, vm-d → h3: four VMs to three hosts.
    expect(waveRunWhat(awaitingWave2())).toBe('4 VMs in 3 waves to 3 hosts');
  });
});

describe('a wave’s progress, from its runs’ folded states', () => {
  const preCopy: PlanStep = {
    id: 'x:pre-copy',
    kind: 'pre-copy',
    title: 'pre-copy',
    changes: [],
    expectedMs: 100,
    undo: '',
    phase: 'before-switchover',
  };

  it('an ended run counts whole, a run going on by its bytes sent, one not seen as nothing', () => {
    const wave1 = awaitingWave2().waves[0]!;
    // mig-b: 1 GiB of its 4 GiB of memory sent, 3 GiB to go: a quarter.
    const goingOn = successfulRun('mig-b', 20, spec({ steps: [preCopy] })).slice(0, 4);
    const migrations = new Map([
      ['mig-a', foldMigration(successfulRun('mig-a', 1))],
      ['mig-b', foldMigration(goingOn)],
    ]);
    expect(waveProgress(wave1, migrations)).toEqual({ ended: 1, total: 2, fraction: 0.625 });
    expect(waveProgress(wave1, new Map())).toEqual({ ended: 0, total: 2, fraction: 0 });
  });

  it('a wave not begun counts its moves, none ended', () => {
    const wave3 = awaitingWave2().waves[2]!;
    expect(waveProgress(wave3, new Map())).toEqual({ ended: 0, total: 1, fraction: 0 });
  });
});
