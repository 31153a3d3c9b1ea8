/**
 * The one module that touches Cytoscape (STYLE.md practice 3): an imperative
 * instance with create / update / destroy. React never sees Cytoscape; it
 * hands over plain elements (elements.ts) and a stylesheet (graph-style.ts).
 *
 * `update` applies a diff by id (add, remove, change data or position), so a
 * state change that leaves the drawing as it was costs a comparison and no
 * redraw, and selection and viewport survive it.
 */
import cytoscape from 'cytoscape';
import type {
  Core,
  EdgeSingular,
  ElementDefinition,
  EventObject,
  NodeSingular,
  StylesheetJson,
} from 'cytoscape';
import type { ElementData, GraphEdge, GraphElements, GraphNode } from './elements.ts';
import type { LineStyle, OverlayLooks, StyleRule } from './graph-style.ts';
import { floorCanvasLabels, labelBox, shownLabels, type ShownLabel } from './cy-labels.ts';
import {
  createOverlayLayer,
  drawScene,
  EMPTY_SCENE,
  resolveEdgeMark,
  resolveRing,
  type NodeBox,
  type OverlayScene,
} from './overlay-layer.ts';

/** A class every element carries while the zoom is below a threshold (the stylesheet hides small labels with it). */
export interface ZoomClass {
  className: string;
  below: number;
}

export interface GraphOptions {
  style: StyleRule[];
  zoomClasses?: ZoomClass[];
  /** Zoom limits: far enough out for a 128-host fat-tree, not so far in that one switch fills the screen. */
  minZoom?: number;
  maxZoom?: number;
  /**
   * The wall screen: every label drawn at least this many pixels high on
   * screen after each fit and update, or not drawn (label-floor.ts).
   */
  labelFloorPx?: number;
}

export interface UpdateResult {
  added: number;
  removed: number;
  changed: number;
}

/**
 * Classes and extra edges drawn over the picture (the move preview); replaced
 * as a whole on every call. They are drawn on a layer of their own
 * (overlay-layer.ts) with the looks of graph-style.ts, not given to Cytoscape,
 * so that changing them never redraws the picture; `count` still sees them.
 */
export interface GraphOverlay {
  classes: ReadonlyMap<string, readonly string[]>;
  edges: readonly GraphEdge[];
}

export type GraphEvent = 'tap' | 'tapstart' | 'dbltap' | 'mouseover' | 'mouseout';

/** What a handler learns about the element an event happened on. */
export interface GraphTarget {
  id: string;
  data: ElementData;
  /** Where the pointer was, in viewport pixels, when the event came from a mouse or pen. */
  client?: { x: number; y: number };
}

/** A rectangle in model coordinates (the units of the layouts). */
export interface ModelRect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Viewport and picture access for the minimap and the PNG export. */
export interface GraphViewportApi {
  /** Calls `cb` after every pan, zoom or resize; returns the unsubscribe function. */
  onViewport(cb: () => void): () => void;
  /** The part of the model the viewport shows. */
  extent(): ModelRect;
  /** The bounding box of everything drawn. */
  bounds(): ModelRect;
  /** Pans so that a model point is at the centre of the viewport, at the same zoom. */
  panTo(point: { x: number; y: number }): void;
  /** The whole picture (not only the viewport) as a PNG, at twice the model's scale. */
  png(background: string): Promise<Blob>;
}

export interface GraphHandle extends GraphViewportApi {
  update(elements: GraphElements): UpdateResult;
  fit(padding?: number): void;
  /** Call after the container changed size. */
  resize(): void;
  /** The stylesheet, and the looks of the overlay (both from the theme's palette). */
  setStyle(style: StyleRule[], overlayLooks?: OverlayLooks): void;
  /** Adds or removes the `highlight` class on one element (null clears it everywhere). */
  highlight(id: string | null): void;
  /**
   * Number of drawn elements matching a Cytoscape selector, e.g. `node[role = "core"]`;
   * the overlay counts as if its classes and edges were Cytoscape's (`edge.path-new`).
   */
  count(selector: string): number;
  nodeIds(): string[];
  /** Every label drawn at the current zoom (the e2e specs check the wall screen's sizes). */
  shownLabels(): ShownLabel[];
  /** Where a node is drawn, in viewport (client) pixels; null if it is not drawn. */
  clientPosition(id: string): { x: number; y: number } | null;
  /** The topmost node drawn under a point in viewport (client) pixels, or null. */
  nodeAt(clientX: number, clientY: number): GraphTarget | null;
  /** Turns panning by dragging on or off (off while a VM is carried across the canvas). */
  setUserPanning(enabled: boolean): void;
  /** Draws the overlay, replacing the previous one (an empty overlay clears it). */
  setOverlay(overlay: GraphOverlay): void;
  /** Subscribes to an event on elements matching `selector`; returns the unsubscribe function. */
  on(event: GraphEvent, selector: string, handler: (target: GraphTarget) => void): () => void;
  /** Gives the nodes drawn of these ids the `switchover-flash` class for `ms` (a migration switched over). */
  flash(ids: readonly string[], ms: number): void;
  destroy(): void;
}

const sameData = (a: Record<string, unknown>, b: ElementData): boolean => {
  const keys = Object.keys(b);
  // Cytoscape keeps `id` (and `source`/`target` on edges) in data; compare only our fields.
  const extra = Object.keys(a).filter(
    (k) => !(k in b) && k !== 'id' && k !== 'source' && k !== 'target',
  );
  return extra.length === 0 && keys.every((k) => a[k] === b[k]);
};

const nodeDef = (n: GraphNode): ElementDefinition => ({
  group: 'nodes',
  data: { ...n.data, id: n.id },
  position: { ...n.position },
});

const edgeDef = (e: GraphEdge): ElementDefinition => ({
  group: 'edges',
  data: { ...e.data, id: e.id, source: e.source, target: e.target },
});

/** Largest side of an exported PNG in pixels: browsers refuse bigger canvases. */
const PNG_MAX_SIDE = 8000;

function viewportApi(cy: Core): Omit<GraphViewportApi, 'png'> {
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
function fitAll(cy: Core, padding: number, floor: number) {
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
function guessFitZoom(cy: Core, padding: number): number | null {
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

/** `container` null: a headless instance (no drawing), as the unit tests use. */
export function createGraph(container: HTMLElement | null, options: GraphOptions): GraphHandle {
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

  const EMPTY: GraphOverlay = { classes: new Map(), edges: [] };
  let overlay = EMPTY;
  let looks: OverlayLooks | null = null;
  const layer = container ? createOverlayLayer(container) : null;
  let layerFrame = 0;
  const overlayShown = () => overlay.classes.size > 0 || overlay.edges.length > 0;

  const boxOf = (node: NodeSingular): NodeBox => {
    const p = node.position();
    return {
      x: p.x,
      y: p.y,
      w: node.width(),
      h: node.height(),
      shape: String(node.style('shape')),
    };
  };

  const floorPx = options.labelFloorPx;
  /** The wall screen's labels, sized for the zoom now (label-floor.ts). */
  const floorAll = () => {
    if (floorPx) floorCanvasLabels(cy, floorPx);
  };

  /** The overlay as shapes in model coordinates, read from the elements it marks as they are drawn now. */
  function overlayScene(): OverlayScene {
    if (!looks || !overlayShown()) return EMPTY_SCENE;
    const scene: OverlayScene = { lines: [], tunnels: [], rings: [] };
    for (const [id, classes] of overlay.classes) {
      const el = cy.getElementById(id);
      if (el.empty() || !el.visible()) continue;
      if (el.isEdge()) {
        const mark = resolveEdgeMark(looks, classes, {
          lineStyle: String(el.style('line-style')) as LineStyle,
        });
        if (!mark) continue;
        const s = el.sourceEndpoint();
        const t = el.targetEndpoint();
        const edge = el as EdgeSingular;
        scene.lines.push({
          x1: s.x,
          y1: s.y,
          x2: t.x,
          y2: t.y,
          ownWidth: parseFloat(String(el.style('width'))) || 1,
          gaps: [edge, edge.source(), edge.target()].flatMap((el) => labelBox(cy, el)),
          ...mark,
        });
        continue;
      }
      const node = el as NodeSingular;
      const ring = resolveRing(looks, classes, {
        lineStyle: String(node.style('border-style')) as LineStyle,
      });
      if (!ring) continue;
      // The keyboard highlight and the selection outline win over the preview's ring.
      const outlined = node.hasClass('highlight') || node.selected();
      scene.rings.push({ box: boxOf(node), ...ring, color: outlined ? null : ring.color });
    }
    for (const e of overlay.edges) {
      const a = cy.getElementById(e.source);
      const b = cy.getElementById(e.target);
      if (a.empty() || b.empty() || !a.isNode() || !b.isNode()) continue;
      scene.tunnels.push({
        from: boxOf(a),
        to: boxOf(b),
        label: String(e.data.label ?? ''),
        opacity: e.data.change === 'removed' ? looks.tunnel.removedOpacity : 1,
      });
    }
    return scene;
  }

  /** Redraws the overlay layer in the next frame (once, however many changes come before it). */
  function redrawLayer() {
    if (!layer || layerFrame) return;
    layerFrame = requestAnimationFrame(() => {
      layerFrame = 0;
      if (!looks) return;
      layer.draw(overlayScene(), looks, {
        zoom: cy.zoom(),
        pan: cy.pan(),
        width: cy.width(),
        height: cy.height(),
      });
    });
  }
  cy.on('viewport resize select unselect', redrawLayer);

  function update(next: GraphElements): UpdateResult {
    const result: UpdateResult = { added: 0, removed: 0, changed: 0 };
    const nodeIds = new Set(next.nodes.map((n) => n.id));
    const edgeById = new Map(next.edges.map((e) => [e.id, e]));
    cy.batch(() => {
      // Edges whose ends moved to other nodes are removed and added again.
      const stale = cy.elements().filter((el) => {
        if (el.isNode()) return !nodeIds.has(el.id());
        const e = edgeById.get(el.id());
        return !e || e.source !== el.data('source') || e.target !== el.data('target');
      });
      result.removed = stale.length;
      cy.remove(stale);

      const additions: ElementDefinition[] = [];
      for (const n of next.nodes) {
        const el = cy.getElementById(n.id);
        if (el.empty()) {
          additions.push(nodeDef(n));
          continue;
        }
        const node = el as NodeSingular;
        let changed = false;
        const data = node.data() as Record<string, unknown>;
        if (!sameData(data, n.data)) {
          const gone = Object.keys(data).filter((k) => !(k in n.data) && k !== 'id');
          if (gone.length) node.removeData(gone.join(' '));
          node.data({ ...n.data });
          changed = true;
        }
        const p = node.position();
        if (p.x !== n.position.x || p.y !== n.position.y) {
          node.position({ ...n.position });
          changed = true;
        }
        if (changed) result.changed++;
      }
      for (const e of next.edges) {
        const el = cy.getElementById(e.id);
        if (el.empty()) {
          additions.push(edgeDef(e));
          continue;
        }
        if (!sameData(el.data() as Record<string, unknown>, e.data)) {
          el.data({ ...e.data });
          result.changed++;
        }
      }
      result.added = additions.length;
      // Nodes first: an edge needs both of its ends to exist.
      const added = cy.add(additions);
      for (const z of zoomClasses)
        if (zoomKey.split(' ').includes(z.className)) added.addClass(z.className);
    });
    if (overlayShown()) redrawLayer();
    if (result.added + result.removed + result.changed > 0) floorAll();
    return result;
  }

  function setOverlay(next: GraphOverlay): void {
    if (next === overlay) return;
    const wasShown = overlayShown();
    overlay = next;
    if (wasShown || overlayShown()) redrawLayer();
  }

  /** What `count` sees while an overlay is shown: a copy of the picture with the overlay applied. */
  function countWithOverlay(selector: string): number {
    const copy = cytoscape({
      headless: true,
      styleEnabled: false,
      elements: cy.elements().jsons() as unknown as ElementDefinition[],
    });
    copy.batch(() => {
      for (const [id, classes] of overlay.classes) copy.getElementById(id).addClass([...classes]);
      copy.add(
        overlay.edges
          .filter((e) => !copy.getElementById(e.source).empty())
          .filter((e) => !copy.getElementById(e.target).empty())
          .map(edgeDef),
      );
    });
    const n = copy.elements(selector).length;
    copy.destroy();
    return n;
  }

  /** The whole picture as a PNG, with the overlay drawn on it as on the screen. */
  async function png(background: string): Promise<Blob> {
    const scale = 2;
    const bb = cy.elements().boundingBox();
    const picture = await cy.png({
      output: 'blob-promise',
      full: true,
      scale,
      bg: background,
      maxWidth: PNG_MAX_SIDE,
      maxHeight: PNG_MAX_SIDE,
    });
    const scene = overlayScene();
    if (!looks || scene === EMPTY_SCENE) return picture;
    const image = await createImageBitmap(picture);
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return picture;
    ctx.drawImage(image, 0, 0);
    // As Cytoscape drew the full picture: model × scale, from the bounding box's corner.
    ctx.setTransform(scale, 0, 0, scale, -bb.x1 * scale, -bb.y1 * scale);
    drawScene(ctx, scene, looks);
    return new Promise((done, fail) =>
      canvas.toBlob((blob) => (blob ? done(blob) : fail(new Error('the PNG could not be made')))),
    );
  }

  const minZoom = options.minZoom ?? 0.15;
  return {
    ...viewportApi(cy),
    png,
    update,
    setOverlay,
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
    fit(padding = 40) {
      if (!container) return;
      // The bounding box makes Cytoscape compute every element's style; the zoom classes of
      // the new zoom would then make it compute them all again in the next draw (for a
      // folded fat-tree k=32, ~150 ms each time). Set first for the likely zoom, they hold.
      const guess = guessFitZoom(cy, padding);
      if (guess !== null) applyZoomClasses(false, guess);
      fitAll(cy, padding, minZoom);
      if (!floorPx) return;
      // Floored labels grow the picture the fit was made for: fit it again with them, and size them for that zoom.
      floorAll();
      fitAll(cy, padding, minZoom);
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
      cy.elements('.highlight').removeClass('highlight');
      if (id !== null) cy.getElementById(id).addClass('highlight');
      if (overlayShown()) redrawLayer();
    },
    count(selector) {
      return overlayShown() ? countWithOverlay(selector) : cy.elements(selector).length;
    },
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
      if (layerFrame) cancelAnimationFrame(layerFrame);
      layer?.destroy();
      cy.destroy();
    },
  };
}
