/**
 * Wave runs built by hand for the tests of their card and their words: three
 * waves of the drain of a small site, at the stage each test needs.
 */
import type { WaveRun, WaveRunHistoryEntry } from '@vmmi/shared';
import type { WaveRunsApi } from '../api/wave-runs-api.ts';

/** A server's wave-run calls for a test: those it gives, the rest refuse to be called. */
export function fakeWaveRunsApi(calls: Partial<WaveRunsApi>): WaveRunsApi {
  const unused = () => Promise.reject(new Error('not used'));
  return { create: unused, list: unused, get: unused, approve: unused, cancel: unused, ...calls };
}

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString();

/** Wave 1 (two VMs) has succeeded; wave 2 (one VM) awaits approval; wave 3 (one VM) waits. */
export function awaitingWave2(): WaveRun {
  const history: WaveRunHistoryEntry[] = [
    { type: 'created', at: at(0), by: 'olga' },
    { type: 'wave-started', at: at(0), wave: 1, migrationIds: ['mig-a', 'mig-b'] },
    { type: 'wave-ended', at: at(3), wave: 1, outcome: 'succeeded', failed: [] },
    { type: 'awaiting-approval', at: at(3), wave: 2 },
  ];
  return {
    id: 'waves-1',
    estateId: 'demo',
    estateVersion: 7,
    createdBy: 'olga',
    createdAt: at(0),
    updatedAt: at(3),
    status: 'awaiting-approval',
    currentWave: 2,
    waveStarted: false,
    options: { executor: 'simulated', timeScale: 600, convergence: 'auto-converge' },
    waves: [
      {
        gate: 'auto',
        moves: [
          { vmId: 'vm-a', toHost: 'ams1.h1' },
          { vmId: 'vm-b', toHost: 'ams1.h2' },
        ],
        runs: [
          { vmId: 'vm-a', migrationId: 'mig-a', planId: 'plan-a' },
          { vmId: 'vm-b', migrationId: 'mig-b', planId: 'plan-b' },
        ],
      },
      { gate: 'approval', moves: [{ vmId: 'vm-c', toHost: 'ams1.h1' }], runs: [] },
      { gate: 'approval', moves: [{ vmId: 'vm-d', toHost: 'ams1.h3' }], runs: [] },
    ],
    history,
  };
}

/** The same once wave 2 was approved and begun: its run mig-c is going on. */
export function runningWave2(): WaveRun {
  const run = awaitingWave2();
  return {
    ...run,
    status: 'running',
    waveStarted: true,
    waves: run.waves.map((w, i) =>
      i === 1 ? { ...w, runs: [{ vmId: 'vm-c', migrationId: 'mig-c', planId: 'plan-c' }] } : w,
    ),
    history: [
      ...run.history,
      { type: 'approved', at: at(4), wave: 2, by: 'olga' },
      { type: 'wave-started', at: at(4), wave: 2, migrationIds: ['mig-c'] },
    ],
  };
}

/** The same after mig-c rolled back: the wave run halted in wave 2, wave 3 never begun. */
export function haltedInWave2(): WaveRun {
  const run = runningWave2();
  const reason = 'wave 2: mig-c (VM vm-c) rolled-back';
  return {
    ...run,
    status: 'halted',
    history: [
      ...run.history,
      {
        type: 'wave-ended',
        at: at(6),
        wave: 2,
        outcome: 'failed',
        failed: [{ migrationId: 'mig-c', vmId: 'vm-c', status: 'rolled-back' }],
      },
      { type: 'halted', at: at(6), wave: 2, reason },
    ],
  };
}
