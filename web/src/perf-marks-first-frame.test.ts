/** Work held until the page's first view is drawn (afterFirstFrame); no time is asserted. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let frames: FrameRequestCallback[] = [];
const runFrame = () => {
  const due = frames;
  frames = [];
  for (const cb of due) cb(performance.now());
};

// The marks keep per-page state: each test loads the module afresh.
const load = async () => {
  vi.resetModules();
  return import('./perf-marks.ts');
};

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
  performance.clearMarks();
});
afterEach(() => vi.unstubAllGlobals());

describe('afterFirstFrame', () => {
  it('runs the work in the frame that draws the first view, after its mark, not before', async () => {
    const { afterFirstFrame, markFirstFrame, FIRST_FRAME } = await load();
    const ran: number[] = [];
    afterFirstFrame(() => ran.push(performance.getEntriesByName(FIRST_FRAME).length));
    expect(ran).toEqual([]);
    markFirstFrame();
    expect(ran, 'the view is handed over but not drawn yet').toEqual([]);
    runFrame();
    expect(ran, 'ran once, with the mark already set').toEqual([1]);
    markFirstFrame();
    runFrame();
    expect(ran, 'a second view does not run it again').toEqual([1]);
  });

  it('runs at once once the first view is drawn, and never when cancelled first', async () => {
    const { afterFirstFrame, markFirstFrame } = await load();
    const ran: string[] = [];
    const cancel = afterFirstFrame(() => ran.push('cancelled'));
    cancel();
    markFirstFrame();
    runFrame();
    expect(ran).toEqual([]);
    afterFirstFrame(() => ran.push('late'));
    expect(ran).toEqual(['late']);
  });
});
