/**
 * The level of detail of the picture shown (detail.ts), kept by the canvas:
 * the viewport is read a little after each pan or zoom ends, and the picture
 * changes only when what is drawn in full does. Small pictures pass through.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphElements } from './elements.ts';
import type { FoldPlan } from './fold.ts';
import type { GraphViewportApi } from './graph-handle.ts';
import type { SceneMarks } from './scene-marks.ts';
import {
  chooseDetail,
  detailElements,
  detailIndex,
  detailKey,
  detailMarks,
  NO_DETAIL,
  type Detail,
  type DetailIndex,
  type DetailView,
} from './detail.ts';

/**
 * The wait after the last viewport event before the detail follows: a drag
 * or a wheel sweep sends one each frame, and the picture changes once, after it.
 */
export const DETAIL_SETTLE_MS = 120;

export interface DetailPicture {
  /** What the canvas draws. */
  elements: GraphElements;
  /** The preview's marks moved onto what is drawn. */
  marks: (marks: SceneMarks) => SceneMarks;
  /** Follows a canvas's viewport; returns the unsubscribe function. */
  watch: (viewport: Viewport) => () => void;
}

type Viewport = Pick<GraphViewportApi, 'onViewport' | 'extent' | 'zoom'>;

/** `focusId`: a device drawn in full at any zoom (the selected host). */
export function useDetail(
  picture: GraphElements,
  plan: FoldPlan | null,
  focusId: string | null,
): DetailPicture {
  const index = useMemo(() => detailIndex(picture, plan), [picture, plan]);
  // The view last read, for the picture it was read on: a new picture starts far out, and its
  // fit or the next pan or zoom reads the view again.
  const [seen, setSeen] = useState<{ index: DetailIndex; view: DetailView } | null>(null);
  const view = seen?.index === index ? seen.view : null;
  const chosen = useMemo(
    () => (index ? chooseDetail(index, view, focusId ? [focusId] : []) : NO_DETAIL),
    [index, view, focusId],
  );
  // The same detail again (a pan within the margin) keeps the same picture: no diff, no redraw.
  const [kept, keep] = useState<{ key: string; detail: Detail }>({ key: '', detail: NO_DETAIL });
  const key = detailKey(chosen);
  if (kept.key !== key) keep({ key, detail: chosen });
  const detail = kept.key === key ? kept.detail : chosen;
  const elements = useMemo(
    () => (index ? detailElements(index, detail) : picture),
    [index, detail, picture],
  );
  const marks = useCallback(
    (m: SceneMarks) => (index ? detailMarks(index, detail, m) : m),
    [index, detail],
  );
  // What the viewport listener compares with: it re-renders the canvas only when the detail changes.
  const live = useRef({ index, focusId, key });
  useEffect(() => {
    live.current = { index, focusId, key };
  });
  const watch = useCallback<DetailPicture['watch']>((viewport) => {
    let timer = 0;
    const read = () => {
      const now = live.current;
      if (!now.index) return;
      const v = { zoom: viewport.zoom(), extent: viewport.extent() };
      const next = chooseDetail(now.index, v, now.focusId ? [now.focusId] : []);
      if (detailKey(next) !== now.key) setSeen({ index: now.index, view: v });
    };
    const off = viewport.onViewport(() => {
      clearTimeout(timer);
      timer = window.setTimeout(read, DETAIL_SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, []);
  return { elements, marks, watch };
}

/** Subscribes `detail` to the canvas's viewport while both exist. */
export function useDetailViewport(detail: DetailPicture, viewport: Viewport | null): void {
  const { watch } = detail;
  useEffect(() => (viewport ? watch(viewport) : undefined), [watch, viewport]);
}
