import { describe, expect, it } from 'vitest';
import { TickLoop } from '../../../src/execution/tick-loop.ts';

/** A tick that ends only when the test lets it. */
function gatedTick() {
  const calls: string[] = [];
  let release: () => void = () => {};
  const onTick = () => {
    calls.push('start');
    return new Promise<void>((resolve) => {
      release = () => {
        calls.push('end');
        resolve();
      };
    });
  };
  return { calls, onTick, release: () => release() };
}

describe('TickLoop', () => {
  it('never runs two ticks at once: a tick asked for meanwhile is the one in flight', async () => {
    const g = gatedTick();
    const loop = new TickLoop(1_000_000_000, g.onTick, () => {});
    const first = loop.tick();
    const second = loop.tick();
    expect(second).toBe(first);
    g.release();
    await first;
    expect(g.calls).toEqual(['start', 'end']);
  });

  it('follows an overrunning tick at once instead of waiting for the next period', async () => {
    const starts: number[] = [];
    let n = 0;
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => (done = r));
    // Each tick lasts longer than the period (20 ms > 1 ms): the next is due on its end.
    const loop = new TickLoop(
      1,
      async () => {
        starts.push(++n);
        await new Promise((r) => setTimeout(r, 20));
        if (n === 3) done();
      },
      () => {},
    );
    loop.start();
    await finished;
    await loop.stop();
    expect(starts.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('passes a failed tick to onError and keeps ticking', async () => {
    const errors: unknown[] = [];
    let n = 0;
    let done: () => void = () => {};
    const second = new Promise<void>((r) => (done = r));
    const loop = new TickLoop(
      1,
      () => {
        n++;
        if (n === 1) return Promise.reject(new Error('boom'));
        done();
        return Promise.resolve();
      },
      (err) => errors.push(err),
    );
    loop.start();
    await second;
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('boom');
  });

  it('stop() waits for the tick in flight and no tick starts after it', async () => {
    const g = gatedTick();
    const loop = new TickLoop(1_000_000_000, g.onTick, () => {});
    void loop.tick();
    const stopped = loop.stop();
    let resolved = false;
    void stopped.then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    g.release();
    await stopped;
    await loop.tick();
    expect(g.calls).toEqual(['start', 'end']);
  });
});
