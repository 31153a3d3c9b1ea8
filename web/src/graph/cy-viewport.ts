/**
 * Viewport arithmetic on a Cytoscape instance: fitting from one bounding box,
 * the zoom a fit will land on, and the minimap's and export's view of it.
 */
import type { Core } from 'cytoscape';
import type { GraphViewportApi, ModelRect } from './graph-handle.ts';

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
    bounds: () => rect(cy.elements().boundingBox()),
    panTo(point) {
      const zoom = cy.zoom();
      cy.pan({ x: cy.width() / 2 - point.x * zoom, y: cy.height() / 2 - point.y * zoom });
    },
  };
}

/**
 * Fits the viewport to everything drawn, as `cy.fit` does, from one bounding
 * box: `cy.fit` would compute it again (for a folded fat-tree k=32 that is
 * most of the cost). Lets the zoom go as far out as fitting needs first: a
 * folded fat-tree k=32 or a fully unfolded one is wider than the default
 * minimum zoom shows.
 */
export function fitAll(cy: Core, padding: number, floor: number) {
  const bb = cy.elements().boundingBox();
  const needed = zoomToFit(cy, bb, padding);
  if (needed === null) return;
  const w = cy.width();
  const h = cy.height();
  cy.minZoom(Math.max(0.005, Math.min(floor, needed * 0.9)));
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), needed));
  cy.viewport({
    zoom,
    pan: { x: (w - zoom * (bb.x1 + bb.x2)) / 2, y: (h - zoom * (bb.y1 + bb.y2)) / 2 },
  });
}

/** The zoom at which a box of the model fills the viewport less the padding; null if either is empty. */
function zoomToFit(cy: Core, box: { w: number; h: number }, padding: number): number | null {
  const w = cy.width();
  const h = cy.height();
  if (!(box.w > 0 && box.h > 0 && w > 0 && h > 0)) return null;
  return Math.min((w - 2 * padding) / box.w, (h - 2 * padding) / box.h);
}

/**
 * Where `fitAll` will likely land, from the nodes' centres alone: unlike the
 * bounding box, it needs no element's style. The drawn box is a little larger
 * (node sizes, labels), so the fit's zoom is at most this.
 */
export function guessFitZoom(cy: Core, padding: number): number | null {
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
  const needed = zoomToFit(cy, { w: x2 - x1, h: y2 - y1 }, padding);
  return needed === null ? null : Math.min(cy.maxZoom(), needed);
}
