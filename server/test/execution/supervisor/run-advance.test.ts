import { describe, expect, it } from 'vitest';
import type { Produced } from '../../../src/execution/live-run.ts';
import { advanceRun, type AdvanceContext } from '../../../src/execution/run-advance.ts';
import { context, runningRun, stored } from './fixtures.ts';

async function tick(live: ReturnType<typeof runningRun>, over: Partial<AdvanceContext> = {}) {
  const p: Produced = { live, events: [], simBefore: { ...live.run!.sim } };
  await advanceRun(live, p, {
    ...context(),
    steps: [100],
    share: 1.25e9,
    abortBy: undefined,
    faults: [],
    ...over,
  });
  return p.events.map((e) => e.event.type);
}

describe('advanceRun', () => {
  it('moves a run on by its step × timeScale of simulated time', async () => {
    const live = runningRun('m1', { timeScale: 10 });
    await tick(live);
    expect(live.run!.sim.simMs).toBe(1_000);
  });

  it('answers an abort before switchover with a rollback and advances nothing', async () => {
    const live = runningRun('m1');
    expect(await tick(live, { abortBy: 'operator' })).toEqual([
      'abort-requested',
      'rolling-back',
      'rolled-back',
    ]);
    expect(live.run!.sim.simMs).toBe(0);
  });

  it('refuses an abort after switchover and carries on', async () => {
    const live = runningRun('m1');
    (live.run!.sim as { switchedOver: boolean }).switchedOver = true;
    const events = await tick(live, { abortBy: 'operator' });
    expect(events.slice(0, 2)).toEqual(['abort-requested', 'abort-refused']);
    expect(events).not.toContain('rolled-back');
  });

  it('records a fault once, and a fault that ends the run ends it', async () => {
    const live = runningRun('m1');
    const down = stored('f1', { kind: 'link-down', linkId: 'wan.fra1~ams1' });
    expect(await tick(live, { faults: [down] })).toEqual(['fault', 'rolling-back', 'rolled-back']);
    const other = runningRun('m2');
    const slow = stored('f2', { kind: 'bandwidth-collapse', factor: 0.5 });
    expect((await tick(other, { faults: [slow] })).filter((t) => t === 'fault')).toHaveLength(1);
    expect((await tick(other, { faults: [slow] })).filter((t) => t === 'fault')).toHaveLength(0);
  });

  it('stops a run at its completion deadline: the watchdog rolls it back, not a late switchover', async () => {
    // 4 GiB at 800 s/GiB: a 3,200 s deadline; one step of 10^7 ms × 1 would pass it.
    const live = runningRun('m1');
    const events = await tick(live, { steps: [10_000_000], share: 1 });
    expect(events).not.toContain('switched-over');
    expect(events.slice(-2)).toEqual(['rolling-back', 'rolled-back']);
    expect(live.run!.sim.simMs).toBe(3_200_000);
  });
});
