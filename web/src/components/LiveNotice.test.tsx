// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store/app-store.ts';
import { StoreProvider } from '../store/store-context.tsx';
import { LiveNotice, type LiveNoticeProps } from './LiveNotice.tsx';

const T0 = new Date(2026, 11, 6, 14, 5, 0).getTime();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function show(props: Partial<LiveNoticeProps>, streamDownSince: number | null = null) {
  const store = createAppStore({
    api: { listEstates: () => Promise.resolve([]), getEstate: () => Promise.reject(new Error()) },
  });
  store.setState((s) => ({
    execution: { ...s.execution, stream: { ...s.execution.stream, downSince: streamDownSince } },
  }));
  return render(
    <StoreProvider store={store}>
      <LiveNotice
        serverDownSince={null}
        gone={null}
        className="notice"
        testIdPrefix="t"
        {...props}
      />
    </StoreProvider>,
  );
}

describe('LiveNotice', () => {
  it('says nothing while the server and the stream are up', () => {
    const { container } = show({});
    expect(container.textContent).toBe('');
  });

  it('dates the picture from the earliest outage and counts its age each second', () => {
    // The stream went 38 s ago, the server's checks 10 s ago: the figures are 38 s old.
    show({ serverDownSince: T0 - 10_000 }, T0 - 38_000);
    expect(screen.getByTestId('t-stale').textContent).toBe(
      'Not live: the picture and figures are from 14:04, stale · 38 s',
    );
    act(() => void vi.advanceTimersByTime(5_000));
    expect(screen.getByTestId('t-stale').textContent).toMatch(/stale · 43 s$/);
  });

  it('says the estate was deleted, over any staleness', () => {
    show({ gone: { id: 'demo', noticedAt: T0 }, serverDownSince: T0 - 1_000 });
    expect(screen.getByTestId('t-gone').textContent).toBe(
      'Estate “demo” was deleted on the server at 14:05; this is its last picture.',
    );
    expect(screen.queryByTestId('t-stale')).toBeNull();
  });
});
