/**
 * Labels as Cytoscape draws them, for cy-instance.ts: where one is drawn (the
 * overlay leaves gaps there), which are drawn and how large on screen (the
 * test hook), and the wall screen's label floor (label-floor.ts) applied to
 * an instance. Cytoscape's types only: the instance is cy-instance.ts's.
 */
import type { Core, SingularElementArgument } from 'cytoscape';
import type { ModelRect, ShownLabel } from './graph-handle.ts';
import type { ElementData } from './elements.ts';
import { floorLabels, labelGroup, type FloorTarget } from './label-floor.ts';

const fontSize = (el: SingularElementArgument) => parseFloat(String(el.style('font-size')));

/** Where an element's label is drawn, when it is drawn at this zoom. */
export function labelBox(cy: Core, el: SingularElementArgument): ModelRect[] {
  if (!String(el.style('label') ?? '')) return [];
  if (Number(el.style('text-opacity')) <= 0) return [];
  if (fontSize(el) * cy.zoom() < parseFloat(String(el.style('min-zoomed-font-size')))) return [];
  const b = el.boundingBox({
    includeNodes: false,
    includeEdges: false,
    includeLabels: true,
    includeOverlays: false,
  });
  return b.w > 0 && b.h > 0 ? [{ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }] : [];
}

/** Every label drawn at the current zoom. */
export function shownLabels(cy: Core): ShownLabel[] {
  const zoom = cy.zoom();
  const shown: ShownLabel[] = [];
  cy.elements().forEach((el) => {
    const text = String(el.style('label') ?? '');
    if (!text || !el.visible() || Number(el.style('text-opacity')) <= 0) return;
    const px = fontSize(el) * zoom;
    // Cytoscape leaves out a label smaller on screen than its min-zoomed-font-size.
    if (px < parseFloat(String(el.style('min-zoomed-font-size')))) return;
    const box = labelBox(cy, el)[0] ?? null;
    shown.push({ id: el.id(), kind: String(el.data('kind')), text, px, box });
  });
  return shown;
}

/** The style bypasses the floor sets; cleared before each pass. */
const FLOORED = 'font-size text-max-width text-opacity text-margin-x text-margin-y';

function floorTarget(cy: Core, el: SingularElementArgument): FloorTarget {
  const own = fontSize(el);
  const maxWidth = parseFloat(String(el.style('text-max-width')));
  const target: FloorTarget = {
    group: labelGroup(el.data() as ElementData),
    fontSize: own,
    setSize(size) {
      if (size === null) {
        el.removeStyle(FLOORED);
        el.style('text-opacity', 0);
        return;
      }
      // A wrapped label keeps its lines: its width limit grows with its font.
      el.style({ 'font-size': size, 'text-max-width': `${(maxWidth * size) / own}px` });
    },
    box: () => labelBox(cy, el)[0] ?? null,
  };
  if (el.isNode()) {
    target.body = () => {
      const b = el.boundingBox({ includeLabels: false, includeOverlays: false });
      return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
    };
  } else {
    // Margins move the label's centre in model coordinates, before it is turned along the edge.
    target.slide = (t, aside) => {
      const s = el.sourceEndpoint();
      const e = el.targetEndpoint();
      const [dx, dy] = [e.x - s.x, e.y - s.y];
      const length = Math.hypot(dx, dy) || 1;
      el.style({
        'text-margin-x': (t - 0.5) * dx - (aside * dy) / length,
        'text-margin-y': (t - 0.5) * dy + (aside * dx) / length,
      });
    };
  }
  return target;
}

/**
 * Sizes the instance's labels for its zoom now, at least `px` on screen or
 * hidden (label-floor.ts). Not batched: it measures each label as it sets it.
 */
export function floorCanvasLabels(cy: Core, px: number): void {
  cy.elements().removeStyle(FLOORED);
  const labelled = cy.elements().filter((el) => String(el.style('label') ?? '') !== '');
  floorLabels(
    labelled.map((el) => floorTarget(cy, el)),
    cy.zoom(),
    px,
  );
}
