import { describe, expect, it } from 'vitest';
import { faultsFor, faultVerdict, isStuck } from '../../../src/execution/run-faults.ts';
import { makeSpec, runningRun, stored } from './fixtures.ts';

const spec = makeSpec(); // fra1.h1 → ams1.h1 over fra1.h1~fra1.leaf and wan.fra1~ams1
const types = (v: ReturnType<typeof faultVerdict>) =>
  v?.kind === 'end' ? v.events(7).map((e) => [e.simMs, e.event.type]) : v;

describe('faultsFor', () => {
  it('keeps the run’s own faults, its two hosts’, and its path links’ in its estate', () => {
    const live = runningRun('m1');
    const faults = [
      stored('f1', { kind: 'host-down', hostId: 'ams1.h1' }),
      stored('f2', { kind: 'host-down', hostId: 'ams1.h2' }),
      stored('f3', { kind: 'host-down', hostId: 'ams1.h1' }, 'other-estate'),
      stored('f4', { kind: 'link-down', linkId: 'wan.fra1~ams1' }),
      stored('f5', { kind: 'link-down', linkId: 'wan.fra1~lon1' }),
      stored('f6', { kind: 'bandwidth-collapse', factor: 0.5 }),
      stored('f7', { kind: 'stuck-progress', migrationId: 'm1' }),
      stored('f8', { kind: 'executor-crash', migrationId: 'm2' }, null),
    ];
    expect(faultsFor(faults, live).map((f) => f.id)).toEqual(['f1', 'f4', 'f6', 'f7']);
  });
});

describe('faultVerdict (docs/execution.md, "Faults")', () => {
  it('destination down: rollback before switchover, failed on the target after', () => {
    const f = { kind: 'host-down', hostId: 'ams1.h1' } as const;
    expect(types(faultVerdict(spec, f, false))).toEqual([
      [7, 'rolling-back'],
      [7, 'rolled-back'],
    ]);
    const after = faultVerdict(spec, f, true);
    expect(after?.kind === 'end' && after.events(7)[0]!.event).toMatchObject({
      type: 'failed',
      code: 'destination-down',
      vmOn: 'ams1.h1',
    });
  });

  it('source down before switchover: failed with the VM on the source; after it, nothing', () => {
    const f = { kind: 'host-down', hostId: 'fra1.h1' } as const;
    const before = faultVerdict(spec, f, false);
    expect(before?.kind === 'end' && before.events(0)[0]!.event).toMatchObject({
      type: 'failed',
      code: 'source-down',
      vmOn: 'fra1.h1',
    });
    expect(faultVerdict(spec, f, true)).toBeNull();
  });

  it('a path link down rolls back before switchover only', () => {
    const f = { kind: 'link-down', linkId: 'wan.fra1~ams1' } as const;
    expect(types(faultVerdict(spec, f, false))).toEqual([
      [7, 'rolling-back'],
      [7, 'rolled-back'],
    ]);
    expect(faultVerdict(spec, f, true)).toBeNull();
  });

  it('a crash asks for the crash rule; collapse and stuck only slow the run', () => {
    expect(faultVerdict(spec, { kind: 'executor-crash', migrationId: 'm1' }, false)).toEqual({
      kind: 'executor-crash',
    });
    expect(faultVerdict(spec, { kind: 'bandwidth-collapse', factor: 0.1 }, false)).toBeNull();
    expect(faultVerdict(spec, { kind: 'stuck-progress', migrationId: 'm1' }, false)).toBeNull();
  });

  it('isStuck names the run frozen by its own fault only', () => {
    const faults = [stored('f1', { kind: 'stuck-progress', migrationId: 'm1' })];
    expect(isStuck(faults, 'm1')).toBe(true);
    expect(isStuck(faults, 'm2')).toBe(false);
  });
});
