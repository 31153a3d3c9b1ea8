// @vitest-environment happy-dom
/**
 * The header's Migrations button says when a wave run waits for an operator,
 * with the panel closed: the wave runs are read after the page's first frame
 * (not before: the first frame does not need them), again every 2 s while one
 * is active, and not at all once none is.
 */
import type { WaveRun } from '@vmmi/shared';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { animationFrames } from '../frame-test-helpers.ts';
import { markFirstFrame } from '../perf-marks.ts';
import { createAppStore } from '../store/app-store.ts';
import { StoreProvider } from '../store/store-context.tsx';
import { MigrationsToggle } from './MigrationsToggle.tsx';
import { awaitingWave2, fakeWaveRunsApi, runningWave2 } from './wave-run-test-fixtures.ts';

const frames = animationFrames();
beforeAll(() => vi.stubGlobal('requestAnimationFrame', frames.request));
afterAll(() => vi.unstubAllGlobals());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** `held`: what the server holds, changed by the test as the server would change it. */
function setup(held: { runs: WaveRun[] }) {
  let reads = 0;
  const waveRuns = fakeWaveRunsApi({
    list: () => {
      reads++;
      return Promise.resolve({ ok: true, value: held.runs });
    },
  });
  const store = createAppStore({
    api: {
      listEstates: () => Promise.resolve([]),
      getEstate: () => Promise.reject(new Error('not used')),
    },
    waveRuns,
  });
  store.setState({ estateId: 'demo' });
  render(
    <StoreProvider store={store}>
      <MigrationsToggle />
    </StoreProvider>,
  );
  return { reads: () => reads };
}

describe('the Migrations button and wave runs', () => {
  it('reads them after the first frame, says a wave awaits approval, keeps reading while one is active, and stops after', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const held = { runs: [awaitingWave2()] };
    const t = setup(held);
    expect(t.reads()).toBe(0);
    markFirstFrame();
    await act(() => {
      frames.run();
      // The read's answer is recorded a microtask later.
      return Promise.resolve();
    });
    expect(t.reads()).toBeGreaterThan(0);
    expect(screen.getByTestId('wave-runs-awaiting').textContent).toBe('a wave to approve');

    // Approved elsewhere: within 2 s nothing is left to approve.
    held.runs = [runningWave2()];
    await act(async () => vi.advanceTimersByTimeAsync(2_000));
    expect(screen.queryByTestId('wave-runs-awaiting')).toBeNull();
    // Succeeded: read once more, then no more reads.
    held.runs = [{ ...runningWave2(), status: 'succeeded' }];
    await act(async () => vi.advanceTimersByTimeAsync(2_000));
    const readsWhenEnded = t.reads();
    await act(async () => vi.advanceTimersByTimeAsync(10_000));
    expect(t.reads()).toBe(readsWhenEnded);
  });
});
