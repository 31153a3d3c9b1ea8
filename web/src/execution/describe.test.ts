import {
  reduceMigration,
  type MigrationEvent,
  type MigrationSpec,
  type MigrationState,
  type PlanStep,
} from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { executorLine, fmtDuration, progressOf, realEtaMs, statusLine } from './describe.ts';

const GiB = 2 ** 30;
const step = (kind: PlanStep['kind']): PlanStep => ({
  id: `vm:${kind}`,
  kind,
  title: kind,
  changes: [],
  expectedMs: 100,
  undo: '',
  phase: kind === 'stop-and-copy' ? 'switchover' : 'before-switchover',
});

const spec = {
  planId: 'p',
  estateId: 'demo',
  estateVersion: 1,
  vmId: 'vm',
  fromHost: 'a',
  toHost: 'b',
  fromSite: 's1',
  toSite: 's2',
  strategy: 'l2-overlay',
  live: true,
  executor: 'simulated',
  timeScale: 60,
  memoryBytes: 8 * GiB,
  dirtyBytesPerSecond: 0,
  storageBytes: 20 * GiB,
  downtimeLimitMs: 300,
  convergence: 'auto-converge',
  maxBandwidthBytesPerSecond: GiB,
  vcpu: 1,
  memoryGiB: 8,
  addressAfter: { ipv4: null, ipv6: null },
  path: [],
  steps: [step('reserve'), step('storage-copy'), step('pre-copy'), step('stop-and-copy')],
  estimate: { totalSeconds: null, downtimeMs: null },
} as MigrationSpec;

function fold(events: MigrationEvent[]): MigrationState {
  let s: MigrationState | undefined;
  events.forEach((event, i) => {
    s = reduceMigration(s, {
      scope: 'migration',
      id: String(i + 1),
      migrationId: 'm',
      seq: i + 1,
      at: '2026-01-01T00:00:00.000Z',
      simMs: i,
      event,
    });
  });
  return s!;
}

const progress = (kind: PlanStep['kind'], sent: number, left: number, etaMs: number | null) =>
  ({
    type: 'progress',
    kind,
    transferredBytes: sent,
    dirtiedBytes: 0,
    remainingBytes: left,
    bandwidthBytesPerSecond: GiB,
    round: 0,
    throttle: 0,
    etaMs,
  }) as const;

describe('progress of a run', () => {
  it('counts the disk and the memory still to copy, before and during the copy', () => {
    const created = fold([{ type: 'created', spec }]);
    expect(progressOf(created)).toMatchObject({ sent: 0, total: 28 * GiB, fraction: 0 });

    const reserving = fold([
      { type: 'created', spec },
      { type: 'step-started', stepId: 'vm:reserve', kind: 'reserve' },
      progress('reserve', 0, 0, 30_000),
    ]);
    expect(progressOf(reserving).total).toBe(28 * GiB);

    const copying = fold([
      { type: 'created', spec },
      { type: 'started', instance: 'test' },
      { type: 'step-completed', stepId: 'vm:reserve', kind: 'reserve', ms: 100 },
      { type: 'step-started', stepId: 'vm:storage-copy', kind: 'storage-copy' },
      progress('storage-copy', 5 * GiB, 15 * GiB, 60_000),
    ]);
    expect(progressOf(copying)).toMatchObject({ sent: 5 * GiB, total: 28 * GiB });
    expect(progressOf(copying).fraction).toBeCloseTo(5 / 28);
    // The ETA is simulated: at ×60 a minute passes in a second.
    expect(realEtaMs(copying)).toBe(1_000);
    expect(statusLine(copying)).toBe('running · storage-copy');
  });

  it('a succeeded run is complete; a rolled-back one says it never switched over', () => {
    const done = fold([
      { type: 'created', spec },
      { type: 'succeeded', totalMs: 5_000, downtimeMs: 90, transferredBytes: 30 * GiB },
    ]);
    expect(progressOf(done).fraction).toBe(1);
    const back = fold([
      { type: 'created', spec },
      { type: 'rolled-back', code: 'aborted', message: 'aborted by operator' },
    ]);
    expect(statusLine(back)).toBe('rolled back before switchover: aborted by operator');
    expect(realEtaMs(back)).toBeNull();
  });

  it('durations read like a clock', () => {
    expect(fmtDuration(850)).toBe('850 ms');
    expect(fmtDuration(12_400)).toBe('12.4 s');
    expect(fmtDuration(318_000)).toBe('5 min 18 s');
    expect(fmtDuration(7_380_000)).toBe('2 h 03 min');
    expect(fmtDuration(null)).toBe('—');
  });
});

describe('executorLine', () => {
  it('names the simulator with its speed, and a real executor as running in real time', () => {
    expect(executorLine({ executor: 'simulated', timeScale: 60 })).toBe('simulator · ×60');
    expect(executorLine({ executor: 'simulated', timeScale: 1 })).toBe('simulator · real time');
    // A QEMU run's time scale is ignored by the executor: it migrates on the wall clock.
    expect(executorLine({ executor: 'qemu', timeScale: 60 })).toBe('QEMU · real time');
  });

  it('says the convergence only when it is not the default auto-converge', () => {
    const line = (executor: string, convergence?: MigrationSpec['convergence']) =>
      executorLine({ executor, timeScale: 10, convergence });
    expect(line('simulated', 'auto-converge')).toBe('simulator · ×10');
    // A run recorded before the choice existed ran with the default.
    expect(line('qemu')).toBe('QEMU · real time');
    expect(line('qemu', 'post-copy')).toBe('QEMU · real time · post-copy');
    expect(line('simulated', 'none')).toBe('simulator · ×10 · roll back if not converging');
    // The spec of a run, as the card passes it.
    expect(executorLine({ ...spec, convergence: 'post-copy' })).toBe('simulator · ×60 · post-copy');
  });
});
