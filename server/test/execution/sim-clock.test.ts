/**
 * The supervisor's clock: runs sample their progress
 * once per tick period of real time, however late the ticks come.
 */
import { describe, expect, it } from 'vitest';
import { MAX_STEPS_PER_TICK, SimClock } from '../../src/execution/sim-clock.ts';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('SimClock', () => {
  it('gives one step per tick period when ticks come on time', () => {
    const clock = new SimClock(100, 0);
    expect(clock.steps(100)).toEqual([100]);
    expect(clock.steps(200)).toEqual([100]);
  });

  it('gives two steps to a tick that comes a period late, so no sample is dropped', () => {
    const clock = new SimClock(100, 0);
    expect(clock.steps(210)).toEqual([100, 100]);
    // The 10 ms left over are owed to the next tick.
    expect(clock.steps(300)).toEqual([100]);
    // A tick that comes early pays what is owed in one shorter step.
    expect(clock.steps(390)).toEqual([90]);
  });

  it('keeps ten steps a second over ticks that are each a little late', () => {
    const clock = new SimClock(100, 0);
    let steps = 0;
    let simulated = 0;
    for (let now = 111; now <= 10_000; now += 111) {
      const s = clock.steps(now);
      steps += s.length;
      simulated += sum(s);
    }
    // 90 ticks of 111 ms: 9,990 ms of real time, all but the 90 ms still owed simulated.
    expect(steps).toBe(99);
    expect(simulated).toBe(9_900);
  });

  it('slows simulated time down after a stall instead of jumping', () => {
    const clock = new SimClock(100, 0);
    const s = clock.steps(5_000);
    expect(s).toHaveLength(MAX_STEPS_PER_TICK);
    expect(sum(s)).toBe(MAX_STEPS_PER_TICK * 100);
    // Nothing of the stall is owed afterwards.
    expect(clock.steps(5_100)).toEqual([100]);
  });

  it('gives a tick called early one step of what is owed (manual ticks in tests)', () => {
    const clock = new SimClock(1_000_000, 0);
    expect(clock.steps(40)).toEqual([40]);
    expect(clock.steps(40)).toEqual([0]);
    expect(clock.steps(65)).toEqual([25]);
  });

  it('owes nothing for the time before a reset', () => {
    const clock = new SimClock(100, 0);
    clock.reset(1_000);
    expect(clock.steps(1_100)).toEqual([100]);
  });
});
