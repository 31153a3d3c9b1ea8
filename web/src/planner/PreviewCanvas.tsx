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
import { NO_MARKS } from '../graph/scene-marks.ts';
import { dragMarks, reportMarks } from './preview-overlay.ts';
import { useHoveredNode, type HoveredNode } from './useDragMove.ts';

export interface PreviewCanvasProps extends Omit<GraphCanvasProps, 'marksFor'> {
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
  const marksFor = useCallback(
    (elements: GraphElements) => {
      const base = shownReport
        ? reportMarks(estate, shownReport, elements, site?.id ?? null)
        : NO_MARKS;
      return dragMarks(preview, hoveredId, base);
    },
    [estate, shownReport, site, preview, hoveredId],
  );
  return <GraphCanvas {...canvas} marksFor={marksFor} />;
});
