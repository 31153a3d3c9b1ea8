/**
 * The one module that touches Cytoscape (STYLE.md practice 3): an imperative
 * instance with create / update / destroy. React never sees Cytoscape; it
 * hands over plain elements (elements.ts) and a stylesheet (graph-style.ts).
 * Its parts: the diff by id (cy-diff.ts), the viewport's arithmetic
 * (cy-viewport.ts), the preview overlay (cy-overlay.ts) and the wall screen's
 * labels (cy-labels.ts); the handle's types are graph-handle.ts's.
 */
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, EventObject, NodeSingular, StylesheetJson } from 'cytoscape';
import type { ElementData, GraphElements } from './elements.ts';
import type { OverlayLooks } from './overlay-looks.ts';
import { floorCanvasLabels, shownLabels } from './cy-labels.ts';
import { applyDiff } from './cy-diff.ts';
import { planChunks, startChunks, type ChunkRun } from './cy-chunks.ts';
import { fitAll, guessFitZoom, pictureBounds, viewportApi } from './cy-viewport.ts';
import type { PixelRect } from './fit-frame.ts';
import { drawnWith, overlayScene, pngWithOverlay } from './cy-overlay.ts';
import { hasMarks, NO_MARKS, type SceneMarks } from './scene-marks.ts';
import { createOverlayLayer } from './overlay-layer.ts';
import type { GraphHandle, GraphOptions, UpdateResult } from './graph-handle.ts';

export type {
  GraphEvent,
  GraphHandle,
  GraphOptions,
  GraphTarget,
  GraphViewportApi,
  ModelRect,
  UpdateResult,
  ZoomClass,
} from './graph-handle.ts';

/**
 * After the last slice of a large addition, the wait before the draw that asks
 * Cytoscape for its layered textures: longer than the 250 ms during which it
 * keeps them off after elements changed.
 */
const LAYER_WARM_DELAY_MS = 400;

/** The margin of a fit, in pixels, unless another is given. */
const FIT_PADDING = 40;

/** `container` null: a headless instance (no drawing), as the unit tests use. */
export function createGraph(container: HTMLElement | null, options: GraphOptions): GraphHandle {
  // Cytoscape warns at every creation that the wheel sensitivity below is not its default, which
  // is chosen on purpose: noise in a wall screen's console, and a stack trace serialised for every
  // page that records its console (the benches, DevTools). Later warnings (a stylesheet set) stay on.
  cytoscape.warnings(false);
  const cy: Core = cytoscape({
    ...(container ? { container } : { headless: true }),
    style: options.style as unknown as StylesheetJson,
    layout: { name: 'preset' },
    minZoom: options.minZoom ?? 0.15,
    maxZoom: options.maxZoom ?? 2.5,
    // Positions come from the deterministic layout; nothing is dragged around (yet).
    autoungrabify: true,
    boxSelectionEnabled: false,
    selectionType: 'single',
    wheelSensitivity: 0.4,
  });
  cytoscape.warnings(true);

  // Cytoscape's own min-zoomed-font-size rounds the zoom up to a power of two, so labels
  // too small to read at 0.55 would still be drawn; these classes follow the real zoom.
  const zoomClasses = options.zoomClasses ?? [];
  let zoomKey = '';
  function applyZoomClasses(force = false, zoom = cy.zoom()) {
    const active = zoomClasses.filter((z) => zoom < z.below).map((z) => z.className);
    const key = active.join(' ');
    if (key === zoomKey && !force) return;
    zoomKey = key;
    cy.batch(() => {
      for (const z of zoomClasses)
        cy.elements().toggleClass(z.className, active.includes(z.className));
    });
  }
  cy.on('zoom', () => applyZoomClasses());

  let marks: SceneMarks = NO_MARKS;
  let looks: OverlayLooks | null = options.overlayLooks ?? null;
  const layer = container ? createOverlayLayer(container) : null;
  let layerFrame = 0;
  const overlayShown = () => hasMarks(marks);

  const floorPx = options.labelFloorPx;
  /** The wall screen's labels, sized for the zoom now (label-floor.ts). */
  const floorAll = () => {
    if (floorPx) floorCanvasLabels(cy, floorPx);
  };

  /** Redraws the overlay layer in the next frame (once, however many changes come before it). */
  function redrawLayer() {
    if (!layer || layerFrame) return;
    layerFrame = requestAnimationFrame(() => {
      layerFrame = 0;
      if (!looks) return;
      layer.draw(overlayScene(cy, marks, looks), looks, {
        zoom: cy.zoom(),
        pan: cy.pan(),
        width: cy.width(),
        height: cy.height(),
      });
    });
  }
  cy.on('viewport resize select unselect', redrawLayer);

  /** New elements carry the zoom classes of the zoom at the time they are added: no second style pass. */
  const withZoomClasses = (defs: ElementDefinition[]) => {
    if (zoomKey) for (const d of defs) d.classes = zoomKey;
  };
  const minZoom = options.minZoom ?? 0.15;
  let slices: ChunkRun | null = null;
  let highlighted: string | null = null;
  let warmTimer = 0;
  /**
   * Cytoscape draws a large picture fast once its layered textures for the
   * zoom exist, and builds them in idle frames only after a draw asked for
   * them; while elements are added every frame it does not. One draw a little
   * after the last slice asks for them, so that the first pan is not the one
   * that pays (docs/performance.md, "Big sites unfolded").
   */
  const warmLayers = () => {
    clearTimeout(warmTimer);
    warmTimer = window.setTimeout(() => cy.forceRender(), LAYER_WARM_DELAY_MS);
  };

  function update(
    next: GraphElements,
    onDone?: () => void,
    { fit }: { fit?: readonly PixelRect[] } = {},
  ): UpdateResult {
    slices?.cancel();
    slices = null;
    let result: UpdateResult = { added: 0, removed: 0, changed: 0 };
    let additions: ElementDefinition[] = [];
    cy.batch(() => {
      ({ result, additions } = applyDiff(cy, next));
    });
    const finish = () => {
      // The highlighted element may have come in a later slice than the highlight.
      if (highlighted !== null) cy.getElementById(highlighted).addClass('highlight');
      if (overlayShown()) redrawLayer();
      if (result.added + result.removed + result.changed > 0) floorAll();
      onDone?.();
    };
    // Headless, nothing is drawn: no frame to keep free.
    const chunks = container ? planChunks(additions) : [additions];
    if (chunks.length <= 1) {
      withZoomClasses(additions);
      cy.batch(() => cy.add(additions));
      options.onProgress?.(null);
      finish();
      return result;
    }
    const bounds = fit && pictureBounds(next);
    if (bounds) fitAll(cy, FIT_PADDING, minZoom, fit, bounds);
    slices = startChunks(cy, chunks, {
      prepare: withZoomClasses,
      onProgress: (p) => options.onProgress?.(p),
      onDone: () => {
        slices = null;
        options.onProgress?.(null);
        finish();
        warmLayers();
      },
    });
    return result;
  }

  function setMarks(next: SceneMarks): void {
    if (next === marks) return;
    const wasShown = overlayShown();
    marks = next;
    if (wasShown || overlayShown()) redrawLayer();
  }

  return {
    ...viewportApi(cy),
    png: (background) => pngWithOverlay(cy, overlayScene(cy, marks, looks), looks, background),
    update,
    setMarks,
    setUserPanning(enabled) {
      cy.userPanningEnabled(enabled);
    },
    nodeAt(clientX, clientY) {
      if (!container) return null;
      const box = container.getBoundingClientRect();
      const x = clientX - box.left;
      const y = clientY - box.top;
      // Devices and sites above the group boxes and captions they sit on.
      let hit: NodeSingular | null = null;
      cy.nodes().forEach((n) => {
        const b = n.renderedBoundingBox({ includeLabels: false });
        if (x < b.x1 || x > b.x2 || y < b.y1 || y > b.y2) return;
        const kind = n.data('kind') as string;
        if (!hit || (kind !== 'group' && kind !== 'row')) hit = n;
      });
      const found = hit as NodeSingular | null;
      return found ? { id: found.id(), data: found.data() as ElementData } : null;
    },
    fit(padding = FIT_PADDING, furniture = []) {
      if (!container) return;
      // The bounding box makes Cytoscape compute every element's style; the zoom classes of
      // the new zoom would then make it compute them all again in the next draw (for a
      // folded fat-tree k=32, ~150 ms each time). Set first for the likely zoom, they hold.
      const guess = guessFitZoom(cy, padding, furniture);
      if (guess !== null) applyZoomClasses(false, guess);
      fitAll(cy, padding, minZoom, furniture);
      if (!floorPx) return;
      // Floored labels grow the picture the fit was made for: fit it again with them, and size them for that zoom.
      floorAll();
      fitAll(cy, padding, minZoom, furniture);
      floorAll();
    },
    resize() {
      cy.resize();
    },
    setStyle(style, overlayLooks) {
      cy.style(style);
      looks = overlayLooks ?? null;
      redrawLayer();
      floorAll();
    },
    highlight(id) {
      highlighted = id;
      cy.elements('.highlight').removeClass('highlight');
      if (id !== null) cy.getElementById(id).addClass('highlight');
      if (overlayShown()) redrawLayer();
    },
    count: (selector) => cy.elements(selector).length,
    devicesShown() {
      let inside = 0;
      cy.nodes('[kind = "detail-hosts"], [kind = "detail-switches"]').forEach((n) => {
        inside += Number(n.data('hosts') ?? n.data('switches'));
      });
      return cy.nodes('[kind = "device"]').length + inside;
    },
    marked: (kind) => drawnWith(cy, marks, kind),
    nodeIds() {
      return cy.nodes().map((n) => n.id());
    },
    shownLabels: () => shownLabels(cy),
    clientPosition(id) {
      const node = cy.getElementById(id);
      if (!container || node.empty() || !node.isNode()) return null;
      const p = node.renderedPosition();
      const box = container.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    flash(ids, ms) {
      let nodes = cy.collection();
      for (const id of ids) nodes = nodes.union(cy.getElementById(id));
      nodes.flashClass('switchover-flash', ms);
    },
    on(event, selector, handler) {
      const listener = (evt: EventObject) => {
        const target = evt.target as NodeSingular;
        const oe = evt.originalEvent as MouseEvent | undefined;
        const client =
          oe && typeof oe.clientX === 'number' ? { x: oe.clientX, y: oe.clientY } : undefined;
        handler({ id: target.id(), data: target.data() as ElementData, ...(client && { client }) });
      };
      cy.on(event, selector, listener);
      return () => {
        cy.off(event, selector, listener);
      };
    },
    destroy() {
      slices?.cancel();
      clearTimeout(warmTimer);
      if (layerFrame) cancelAnimationFrame(layerFrame);
      layer?.destroy();
      cy.destroy();
    },
  };
}
