/**
 * The canvas with the move preview drawn over it (preview-overlay.ts). The
 * only part of the page, with the planner panel, that reads the preview: a
 * change of the drag target re-renders these two, not the whole page.
 */
import { memo, useCallback } from 'react';
import { GraphCanvas, type GraphCanvasProps } from '../components/GraphCanvas.tsx';
import type { GraphElements } from '../graph/elements.ts';
import { selectPreview, selectShownReport } from '../store/selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { dragOverlay, EMPTY_OVERLAY, reportOverlay } from './preview-overlay.ts';
import { useHoveredNode, type HoveredNode } from './useDragMove.ts';

export interface PreviewCanvasProps extends Omit<GraphCanvasProps, 'overlayFor'> {
  /** The node under a carried VM (useDragMove). */
  hovered: HoveredNode;
}

export const PreviewCanvas = memo(function PreviewCanvas({
  hovered,
  ...canvas
}: PreviewCanvasProps) {
  const shownReport = useAppStore(selectShownReport);
  const preview = useAppStore(selectPreview);
  const hoveredId = useHoveredNode(hovered);
  const { estate, site } = canvas;
  const overlayFor = useCallback(
    (elements: GraphElements) => {
      const base = shownReport
        ? reportOverlay(estate, shownReport, elements, site?.id ?? null)
        : EMPTY_OVERLAY;
      return dragOverlay(preview, hoveredId, base);
    },
    [estate, shownReport, site, preview, hoveredId],
  );
  return <GraphCanvas {...canvas} overlayFor={overlayFor} />;
});
