/**
 * Viewport arithmetic on a Cytoscape instance: fitting from one bounding box,
 * the zoom a fit will land on, and the minimap's and export's view of it.
 */
import type { Core } from 'cytoscape';
import { fitFrame, type PixelRect } from './fit-frame.ts';
import type { GraphElements } from './elements.ts';
import type { GraphViewportApi, ModelRect } from './graph-handle.ts';
import { growBounds } from './bounds.ts';

/** What a drag may end on, as drawn: devices, sites, folded groups. */
const DROP_TARGETS = 'node[kind = "device"], node[kind = "site"], node[kind = "fold"]';

export function viewportApi(cy: Core): Omit<GraphViewportApi, 'png'> {
  const rect = (b: { x1: number; y1: number; x2: number; y2: number }): ModelRect => ({
    x1: b.x1,
    y1: b.y1,
    x2: b.x2,
    y2: b.y2,
  });
  return {
    onViewport(cb) {
      cy.on('viewport resize', cb);
      return () => {
        cy.off('viewport resize', cb);
      };
    },
    extent: () => rect(cy.extent()),
    zoom: () => cy.zoom(),
    bounds: () => rect(cy.elements().boundingBox()),
    clientBox(id) {
      const node = cy.getElementById(id);
      const container = cy.container();
      if (!container || node.empty() || !node.isNode()) return null;
      const b = node.renderedBoundingBox({ includeLabels: false });
      const box = container.getBoundingClientRect();
      return { x1: box.left + b.x1, y1: box.top + b.y1, x2: box.left + b.x2, y2: box.top + b.y2 };
    },
    anyTargetUnder(rects) {
      if (rects.length === 0) return false;
      return cy.nodes(DROP_TARGETS).some((n) => {
        const b = n.renderedBoundingBox({ includeLabels: false });
        return rects.some((r) => b.x1 < r.x2 && r.x1 < b.x2 && b.y1 < r.y2 && r.y1 < b.y2);
      });
    },
    panTo(point) {
      const zoom = cy.zoom();
      cy.pan({ x: cy.width() / 2 - point.x * zoom, y: cy.height() / 2 - point.y * zoom });
    },
    zoomTo(id, least) {
      const node = cy.getElementById(id);
      if (node.empty()) return;
      const p = node.position();
      const zoom = Math.min(cy.maxZoom(), Math.max(cy.zoom(), least));
      cy.viewport({
        zoom,
        pan: { x: cy.width() / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom },
      });
    },
  };
}

/**
 * Fits the viewport to everything drawn, as `cy.fit` does, from one bounding
 * box: `cy.fit` would compute it again (for a folded fat-tree k=32 that is
 * most of the cost). Lets the zoom go as far out as fitting needs first: a
 * folded fat-tree k=32 or a fully unfolded one is wider than the default
 * minimum zoom shows. The picture is centred in the frame `fitFrame` leaves
 * clear of the furniture drawn over the canvas (`obstacles`, in its pixels).
 */
export function fitAll(
  cy: Core,
  padding: number,
  floor: number,
  obstacles: readonly PixelRect[] = [],
  bb: ModelRect = cy.elements().boundingBox(),
) {
  const w = cy.width();
  const h = cy.height();
  const frame = fitFrame(
    { width: w, height: h },
    { w: bb.x2 - bb.x1, h: bb.y2 - bb.y1 },
    padding,
    obstacles,
  );
  if (frame === null) return;
  const { insets } = frame;
  cy.minZoom(Math.max(0.005, Math.min(floor, frame.zoom * 0.9)));
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), frame.zoom));
  cy.viewport({
    zoom,
    pan: {
      x: (insets.left + w - insets.right - zoom * (bb.x1 + bb.x2)) / 2,
      y: (insets.top + h - insets.bottom - zoom * (bb.y1 + bb.y2)) / 2,
    },
  });
}

/**
 * Where `fitAll` will likely land, from the nodes' centres alone: unlike the
 * bounding box, it needs no element's style. The drawn box is a little larger
 * (node sizes, labels), so the fit's zoom is at most this.
 */
export function guessFitZoom(
  cy: Core,
  padding: number,
  obstacles: readonly PixelRect[] = [],
): number | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  cy.nodes().forEach((n) => {
    const { x, y } = n.position();
    if (x < x1) x1 = x;
    if (x > x2) x2 = x;
    if (y < y1) y1 = y;
    if (y > y2) y2 = y;
  });
  const frame = fitFrame(
    { width: cy.width(), height: cy.height() },
    { w: x2 - x1, h: y2 - y1 },
    padding,
    obstacles,
  );
  return frame === null ? null : Math.min(cy.maxZoom(), frame.zoom);
}

/**
 * The box of a picture's nodes from their positions and, where their data
 * gives it, their size (group boxes, folded groups): without Cytoscape's
 * styles, so before the nodes are even added. Labels are left out.
 */
export function pictureBounds(picture: GraphElements): ModelRect | null {
  let b: ModelRect | null = null;
  for (const n of picture.nodes)
    b = growBounds(
      b,
      n.position.x,
      n.position.y,
      Number(n.data.w ?? 0) / 2,
      Number(n.data.h ?? 0) / 2,
    );
  return b;
}
