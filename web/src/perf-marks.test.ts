/** Which Performance API entries the marks leave, and when; no time is asserted. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  dropPreviewStarts,
  notePreviewApplied,
  notePreviewStart,
  PREVIEW_APPLIED,
  PREVIEW_INPUT,
  PREVIEW_REDRAW,
} from './perf-marks.ts';

let frames: FrameRequestCallback[] = [];
const runFrame = () => {
  const due = frames;
  frames = [];
  for (const cb of due) cb(performance.now());
};
const starts = (name: string) => performance.getEntriesByName(name).map((e) => e.startTime);

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
  performance.clearMeasures();
});
afterEach(() => {
  dropPreviewStarts();
  vi.unstubAllGlobals();
});

describe('preview redraw measures', () => {
  it('measures every target change from its event to the frame after the overlay was applied', () => {
    const t0 = performance.now();
    notePreviewStart(t0);
    notePreviewStart(t0 + 0.5);
    expect(starts(PREVIEW_INPUT)).toEqual([t0, t0 + 0.5]);
    notePreviewApplied();
    expect(starts(PREVIEW_APPLIED)).toEqual([t0, t0 + 0.5]);
    expect(starts(PREVIEW_REDRAW)).toEqual([]);
    runFrame();
    expect(starts(PREVIEW_REDRAW)).toEqual([t0, t0 + 0.5]);
  });

  it('tells which target each change went to', () => {
    const t0 = performance.now();
    notePreviewStart(t0, 'host:ams1.p0-e0-h2');
    notePreviewStart(t0 + 0.5, null);
    notePreviewApplied();
    runFrame();
    const targets = performance
      .getEntriesByName(PREVIEW_REDRAW)
      .map((e) => (e as PerformanceMeasure).detail as unknown);
    expect(targets).toEqual([{ target: 'host:ams1.p0-e0-h2' }, { target: null }]);
  });

  it('measures nothing for an overlay applied without a target change, or after the drag ended', () => {
    notePreviewApplied();
    notePreviewStart(performance.now());
    dropPreviewStarts();
    notePreviewApplied();
    runFrame();
    expect(frames).toEqual([]);
    expect(starts(PREVIEW_APPLIED)).toEqual([]);
    expect(starts(PREVIEW_REDRAW)).toEqual([]);
  });
});
