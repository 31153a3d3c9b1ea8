// @vitest-environment happy-dom
/**
 * useFirstFrameDrawn: a part of the page held back until the first view is
 * drawn. The marks keep per-page state, so the cases run in this order on one
 * page: nothing drawn (the longest wait), then the first frame, then later parts.
 */
import { act, renderHook } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { animationFrames } from './frame-test-helpers.ts';
import { FIRST_FRAME_WAIT_MS, markFirstFrame, useFirstFrameDrawn } from './perf-marks.ts';

const frames = animationFrames();
const runFrame = frames.run;

beforeAll(() => {
  vi.stubGlobal('requestAnimationFrame', frames.request);
});
afterAll(() => vi.unstubAllGlobals());

describe('useFirstFrameDrawn', () => {
  it('turns true after its longest wait when no view is drawn, so nothing stays hidden', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { result } = renderHook(() => useFirstFrameDrawn());
      act(() => void vi.advanceTimersByTime(FIRST_FRAME_WAIT_MS - 1));
      expect(result.current).toBe(false);
      act(() => void vi.advanceTimersByTime(1));
      expect(result.current).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is false until the frame that draws the first view, then true', () => {
    const { result } = renderHook(() => useFirstFrameDrawn());
    expect(result.current).toBe(false);
    act(() => markFirstFrame());
    expect(result.current, 'handed over, not drawn yet').toBe(false);
    act(runFrame);
    expect(result.current).toBe(true);
  });

  it('is true from the start for a part mounted after the first frame', () => {
    const { result } = renderHook(() => useFirstFrameDrawn());
    expect(result.current).toBe(true);
  });
});
