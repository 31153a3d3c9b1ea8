import { describe, expect, it } from 'vitest';
import { afterExecutorCrash } from '../../../src/execution/crash-rule.ts';
import { ExecutorRegistry } from '../../../src/execution/executor.ts';
import { runningRun } from './fixtures.ts';

// shared/src/execution/safety.ts: before switchover the source kept the VM (roll back); after it the
// target has it (resume the steps not yet completed).
describe('afterExecutorCrash', () => {
  it('rolls back a run that had not switched over, recording who recovered it', () => {
    const live = runningRun('m1');
    const events = afterExecutorCrash(live, 1_234, 'i-1', new ExecutorRegistry());
    expect(events.map((e) => [e.simMs, e.event.type])).toEqual([
      [1_234, 'recovered'],
      [1_234, 'rolling-back'],
      [1_234, 'rolled-back'],
    ]);
    expect(events[0]!.event).toEqual({
      type: 'recovered',
      rule: 'rollback-before-switchover',
      instance: 'i-1',
      previousOwner: 'i-1',
    });
    expect(events[2]!.event).toMatchObject({ code: 'executor-crash' });
  });

  it('gives a run that had switched over a new executor run, on the target, at the crash time', () => {
    const live = runningRun('m1');
    const old = live.run!;
    (old.sim as { switchedOver: boolean }).switchedOver = true;
    const events = afterExecutorCrash(live, 5_000, 'i-1', new ExecutorRegistry());
    expect(events.map((e) => e.event)).toEqual([
      {
        type: 'recovered',
        rule: 'resume-after-switchover',
        instance: 'i-1',
        previousOwner: 'i-1',
      },
    ]);
    expect(live.run).not.toBe(old);
    expect(live.run!.sim.simMs).toBe(5_000);
  });
});
