/**
 * Performance API marks that `pnpm bench:web` (e2e/bench/web-bench.ts) reads.
 * Always on and cheap: one mark per page load, one measure per change of the
 * drag target. Nothing in the app reads them; DevTools shows them under
 * "Timings".
 *
 * - `vmmi:first-frame` (mark): the first time the canvas has drawn a view.
 *   Its `startTime` is ms since navigation start.
 * - `vmmi:preview-redraw` (measure): from the pointer event that changed the
 *   drag target (its `timeStamp`, on the same clock as `performance.now()`)
 *   to the animation frame after the new preview overlay was applied: the
 *   engine's preview, React's render, the overlay and Cytoscape's redraw.
 *   Two measures from the same start split it: `vmmi:preview-input` ends
 *   when the handler knows the new target (input delay and hit test),
 *   `vmmi:preview-applied` when the overlay has been handed to Cytoscape
 *   (engine preview and React render); the rest is the frame (Cytoscape's draw).
 *   Each carries the new target in its `detail` (`{ target: 'host:…' }`, or
 *   null when the pointer left every target), so that changes onto a target
 *   can be told from changes off one, whose preview is empty and cheap.
 *
 * Cytoscape draws in its own requestAnimationFrame loop, which re-arms itself
 * every frame; a callback requested after an update therefore runs after
 * Cytoscape's draw of that frame, which is where these marks are taken.
 */

import { useEffect, useState } from 'react';

export const FIRST_FRAME = 'vmmi:first-frame';
export const PREVIEW_REDRAW = 'vmmi:preview-redraw';
export const PREVIEW_INPUT = 'vmmi:preview-input';
export const PREVIEW_APPLIED = 'vmmi:preview-applied';

let firstFrameMarked = false;
let firstFrameDrawn = false;
/** Work waiting for the first frame (afterFirstFrame). */
const waitingForFirstFrame = new Set<() => void>();

/** The canvas has been given a view to draw: marks the frame that draws it, once per page. */
export function markFirstFrame(): void {
  if (firstFrameMarked) return;
  firstFrameMarked = true;
  requestAnimationFrame(() => {
    performance.mark(FIRST_FRAME);
    firstFrameDrawn = true;
    const waiting = [...waitingForFirstFrame];
    waitingForFirstFrame.clear();
    for (const run of waiting) run();
  });
}

/**
 * Runs `work` once the page's first view is drawn (at once if it is), so that
 * work nobody sees yet (a search index) does not delay it: the main thread's
 * idle moments before the first frame are the gaps between its own steps.
 * Returns a function that cancels it.
 */
export function afterFirstFrame(work: () => void): () => void {
  let cancelled = false;
  const run = () => {
    if (!cancelled) work();
  };
  if (firstFrameDrawn) run();
  else waitingForFirstFrame.add(run);
  return () => {
    cancelled = true;
    waitingForFirstFrame.delete(run);
  };
}

/** How long a part waiting for the first frame waits at most: a view that never draws must not hide it. */
export const FIRST_FRAME_WAIT_MS = 1_500;

/**
 * Whether the page's first view is drawn (or `FIRST_FRAME_WAIT_MS` went by):
 * false until then, re-rendering once. A part of the page nobody needs in the
 * first frame (the side panel) renders after it, so that the canvas's first
 * draw does not wait for its render and layout.
 */
export function useFirstFrameDrawn(): boolean {
  const [drawn, setDrawn] = useState(firstFrameDrawn);
  useEffect(() => {
    if (drawn) return undefined;
    const show = () => setDrawn(true);
    const cancel = afterFirstFrame(show);
    const timer = setTimeout(show, FIRST_FRAME_WAIT_MS);
    return () => {
      cancel();
      clearTimeout(timer);
    };
  }, [drawn]);
  return drawn;
}

/** Pointer events that changed the drag target, whose overlay is not applied yet. */
let waiting: { start: number; detail: { target: string | null } }[] = [];

/** A pointer move changed the drag target: `eventTime` is the event's `timeStamp`. */
export function notePreviewStart(eventTime: number, target: string | null = null): void {
  const detail = { target };
  waiting.push({ start: eventTime, detail });
  performance.measure(PREVIEW_INPUT, { start: eventTime, end: performance.now(), detail });
}

/** The preview overlay was applied to the canvas: measures each waiting change at the next frame. */
export function notePreviewApplied(): void {
  if (waiting.length === 0) return;
  const starts = waiting;
  waiting = [];
  const applied = performance.now();
  for (const { start, detail } of starts)
    performance.measure(PREVIEW_APPLIED, { start, end: applied, detail });
  requestAnimationFrame(() => {
    const end = performance.now();
    for (const { start, detail } of starts)
      performance.measure(PREVIEW_REDRAW, { start, end, detail });
  });
}

/** The drag ended: a change not drawn by now never will be. */
export function dropPreviewStarts(): void {
  waiting = [];
}
