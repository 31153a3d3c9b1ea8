import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, startPoller, type Connection } from './live-poller.ts';

describe('backoff', () => {
  it('doubles from 2 s and stays at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 100].map((n) => backoffDelay(n))).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(3, { baseMs: 500, maxMs: 1_000 })).toBe(1_000);
  });
});

describe('live poller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2025, 0, 1, 9, 0, 0));
  });
  afterEach(() => vi.useRealTimers());

  /** A check that succeeds or fails as `up` says, recording when it ran (in fake time). */
  function harness() {
    const state = { up: true, runs: [] as number[], seen: [] as Connection[] };
    const start = Date.now();
    const poller = startPoller({
      everyMs: 10_000,
      check: () => {
        state.runs.push(Date.now() - start);
        return state.up ? Promise.resolve() : Promise.reject(new TypeError('Failed to fetch'));
      },
      onChange: (c) => state.seen.push(c),
    });
    return { state, poller, last: () => state.seen[state.seen.length - 1] };
  }

  it('checks at once, then every interval while the server answers', async () => {
    const { state, poller, last } = harness();
    expect(state.seen[0]).toEqual({ status: 'connecting' });
    await vi.advanceTimersByTimeAsync(25_000);
    expect(state.runs).toEqual([0, 10_000, 20_000]);
    expect(last()?.status).toBe('live');
    poller.stop();
  });

  it('backs off while the server is down, and goes live again by itself', async () => {
    const { state, poller, last } = harness();
    await vi.advanceTimersByTimeAsync(0);
    const liveAt = Date.now();
    state.up = false;
    await vi.advanceTimersByTimeAsync(10_000 + 2_000 + 4_000 + 8_000 + 16_000 + 30_000 + 1);
    // Failures at 10 s, then retries 2, 4, 8, 16 and 30 s apart.
    expect(state.runs).toEqual([0, 10_000, 12_000, 16_000, 24_000, 40_000, 70_000]);
    expect(last()).toEqual({
      status: 'reconnecting',
      since: liveAt + 10_000,
      lastUpdate: liveAt,
      failures: 6,
    });
    state.up = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(last()?.status).toBe('live');
    // Back to the normal interval, and a new failure starts the backoff over.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.runs.slice(-2)).toEqual([100_000, 110_000]);
    state.up = false;
    await vi.advanceTimersByTimeAsync(10_000 + 2_000);
    expect(state.runs.slice(-2)).toEqual([120_000, 122_000]);
    poller.stop();
  });

  it('counts a check that never answers as failed, and aborts it', async () => {
    let signal: AbortSignal | undefined;
    const seen: Connection[] = [];
    const poller = startPoller({
      everyMs: 10_000,
      timeoutMs: 5_000,
      check: (s) => {
        signal = s;
        return new Promise<void>(() => {});
      },
      onChange: (c) => seen.push(c),
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(signal?.aborted).toBe(true);
    expect(seen[seen.length - 1]).toMatchObject({ status: 'reconnecting', lastUpdate: null });
    poller.stop();
  });

  it('stops: no more checks and no more reports', async () => {
    const { state, poller } = harness();
    await vi.advanceTimersByTimeAsync(0);
    poller.stop();
    const reports = state.seen.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state.runs).toEqual([0]);
    expect(state.seen).toHaveLength(reports);
  });
});
