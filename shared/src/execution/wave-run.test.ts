import { describe, expect, it } from 'vitest';
import type { MigrationStatus } from './events.ts';
import { vmsHeldByWaveRun, WaveRunWavesSchema, waveVerdict, type WaveRunWave } from './wave-run.ts';

const wave = (gate: 'auto' | 'approval', runs: [string, string][]): WaveRunWave => ({
  moves: runs.map(([vmId]) => ({ vmId, toHost: 'h' })),
  gate,
  runs: runs.map(([vmId, migrationId]) => ({ vmId, migrationId, planId: `plan-${vmId}` })),
});
const waves = [
  wave('auto', [
    ['a', 'mig-a'],
    ['b', 'mig-b'],
  ]),
  wave('approval', []),
  wave('auto', []),
];
const statuses = (s: Record<string, MigrationStatus>) => new Map(Object.entries(s));

describe('waveVerdict', () => {
  it('waits while a run of the current wave has not ended, or is not known yet', () => {
    const run = { currentWave: 1, waves };
    expect(waveVerdict(run, statuses({ 'mig-a': 'succeeded', 'mig-b': 'running' }))).toEqual({
      kind: 'wait',
    });
    expect(waveVerdict(run, statuses({ 'mig-a': 'succeeded' }))).toEqual({ kind: 'wait' });
  });

  it('goes to the next wave through its gate once every run succeeded, and is done after the last', () => {
    const ok = statuses({ 'mig-a': 'succeeded', 'mig-b': 'succeeded', 'mig-c': 'succeeded' });
    expect(waveVerdict({ currentWave: 1, waves }, ok)).toEqual({
      kind: 'next',
      wave: 2,
      gate: 'approval',
    });
    const last = [waves[0]!, waves[1]!, wave('auto', [['c', 'mig-c']])];
    expect(waveVerdict({ currentWave: 3, waves: last }, ok)).toEqual({ kind: 'done' });
  });

  it('halts naming every run that rolled back or failed, once all have ended', () => {
    const v = waveVerdict(
      { currentWave: 1, waves },
      statuses({ 'mig-a': 'rolled-back', 'mig-b': 'succeeded' }),
    );
    expect(v).toEqual({
      kind: 'halt',
      failed: [{ migrationId: 'mig-a', vmId: 'a', status: 'rolled-back' }],
      reason: 'wave 1: mig-a (VM a) rolled-back',
    });
  });
});

describe('vmsHeldByWaveRun', () => {
  const three = [
    wave('auto', [
      ['a', 'mig-a'],
      ['b', 'mig-b'],
    ]),
    { ...wave('approval', []), moves: [{ vmId: 'c', toHost: 'h' }] },
    { ...wave('auto', []), moves: [{ vmId: 'd', toHost: 'h' }] },
  ];

  it('holds the current wave’s VMs and every later wave’s, each with its wave', () => {
    expect(vmsHeldByWaveRun({ status: 'running', currentWave: 1, waves: three })).toEqual(
      new Map([
        ['a', 1],
        ['b', 1],
        ['c', 2],
        ['d', 3],
      ]),
    );
    // Wave 1 ended, wave 2 awaits approval: a and b are free again.
    expect(vmsHeldByWaveRun({ status: 'awaiting-approval', currentWave: 2, waves: three })).toEqual(
      new Map([
        ['c', 2],
        ['d', 3],
      ]),
    );
  });

  it('holds nothing once the wave run has ended', () => {
    for (const status of ['succeeded', 'halted', 'cancelled'] as const)
      expect(vmsHeldByWaveRun({ status, currentWave: 2, waves: three }).size).toBe(0);
  });
});

describe('WaveRunWavesSchema', () => {
  it('refuses a VM moved in two waves, pointing at the second', () => {
    const r = WaveRunWavesSchema.safeParse([
      { moves: [{ vmId: 'a', toHost: 'h1' }], gate: 'auto' },
      { moves: [{ vmId: 'a', toHost: 'h2' }], gate: 'auto' },
    ]);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([[1, 'moves', 0, 'vmId']]);
  });
});
