/**
 * What the rest of the web sees of the canvas: the handle of one Cytoscape
 * instance (cy-instance.ts) and the plain types it speaks in. Kept apart so
 * that the modules cy-instance.ts uses can name these types without importing
 * it back.
 */
import type { ChunkProgress } from './cy-chunks.ts';
import type { ElementData, GraphElements } from './elements.ts';
import type { PixelRect } from './fit-frame.ts';
import type { PathKind, RingKind, SceneMarks } from './scene-marks.ts';
import type { StyleRule } from './graph-style.ts';
import type { OverlayLooks } from './overlay-looks.ts';

/** A class every element carries while the zoom is below a threshold (the stylesheet hides small labels with it). */
export interface ZoomClass {
  className: string;
  below: number;
}

export interface GraphOptions {
  style: StyleRule[];
  /** How the overlay is drawn, until setStyle says otherwise. */
  overlayLooks?: OverlayLooks;
  zoomClasses?: ZoomClass[];
  /** Zoom limits: far enough out for a 128-host fat-tree, not so far in that one switch fills the screen. */
  minZoom?: number;
  maxZoom?: number;
  /**
   * The wall screen: every label drawn at least this many pixels high on
   * screen after each fit and update, or not drawn (label-floor.ts).
   */
  labelFloorPx?: number;
  /**
   * How far a large update is while its elements are added in slices, one per
   * frame (cy-chunks.ts); null once everything is drawn.
   */
  onProgress?: (progress: ChunkProgress | null) => void;
}

export interface UpdateResult {
  added: number;
  removed: number;
  changed: number;
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

/** A label as drawn: its text, its height on screen (font size × zoom) in CSS pixels, and where it is. */
export interface ShownLabel {
  id: string;
  kind: string;
  text: string;
  px: number;
  /** In model coordinates. */
  box: ModelRect | null;
}

/** Viewport and picture access for the minimap and the PNG export. */
export interface GraphViewportApi {
  /** Calls `cb` after every pan, zoom or resize; returns the unsubscribe function. */
  onViewport(cb: () => void): () => void;
  /** The part of the model the viewport shows. */
  extent(): ModelRect;
  zoom(): number;
  /** The bounding box of everything drawn. */
  bounds(): ModelRect;
  /** A node's drawn box (without its label), in viewport (client) pixels; null if it is not drawn. */
  clientBox(id: string): PixelRect | null;
  /** Whether a device, site or folded group is drawn under one of `rects` (canvas pixels). */
  anyTargetUnder(rects: readonly PixelRect[]): boolean;
  /** Pans so that a model point is at the centre of the viewport, at the same zoom. */
  panTo(point: { x: number; y: number }): void;
  /** Centres a node, zoomed in to at least `zoom`. */
  zoomTo(id: string, zoom: number): void;
  /** The whole picture (not only the viewport) as a PNG, at twice the model's scale. */
  png(background: string): Promise<Blob>;
}

export interface GraphHandle extends GraphViewportApi {
  /**
   * Makes the canvas draw `elements`: removals and changes at once, additions
   * at once or, when many, in slices over the next frames. `onDone` runs when
   * everything is drawn (at once when nothing was sliced); a later update
   * cancels the slices of an earlier one, whose `onDone` then never runs.
   * `fit` (the furniture, as for `fit`): a sliced update first moves the
   * viewport to about the fit of the new picture, from its nodes' positions,
   * so that the slices are drawn at that zoom and not at the old one.
   */
  update(
    elements: GraphElements,
    onDone?: () => void,
    options?: { fit?: readonly PixelRect[] },
  ): UpdateResult;
  /**
   * Fits the picture to the canvas less `padding` (40 px unless given), clear
   * of `furniture`: what is drawn over the canvas, in the canvas's pixels.
   */
  fit(padding?: number, furniture?: readonly PixelRect[]): void;
  /** Call after the container changed size. */
  resize(): void;
  /** The stylesheet, and the looks of the overlay (both from the theme's palette). */
  setStyle(style: StyleRule[], overlayLooks?: OverlayLooks): void;
  /** Adds or removes the `highlight` class on one element (null clears it everywhere). */
  highlight(id: string | null): void;
  /** Number of drawn elements matching a Cytoscape selector, e.g. `node[role = "core"]`. */
  count(selector: string): number;
  /** Devices drawn, each host or switch drawn inside an aggregate node (detail.ts) counted. */
  devicesShown(): number;
  /** The drawn elements the preview marks with `kind` (a path's or a ring's). */
  marked(kind: PathKind | RingKind): string[];
  nodeIds(): string[];
  /** Every label drawn at the current zoom (the e2e specs check the wall screen's sizes). */
  shownLabels(): ShownLabel[];
  /** Where a node is drawn, in viewport (client) pixels; null if it is not drawn. */
  clientPosition(id: string): { x: number; y: number } | null;
  /** The topmost node drawn under a point in viewport (client) pixels, or null. */
  nodeAt(clientX: number, clientY: number): GraphTarget | null;
  /** Turns panning by dragging on or off (off while a VM is carried across the canvas). */
  setUserPanning(enabled: boolean): void;
  /** Draws the preview's marks over the picture, replacing the previous ones (none clears them). */
  setMarks(marks: SceneMarks): void;
  /** Subscribes to an event on elements matching `selector`; returns the unsubscribe function. */
  on(event: GraphEvent, selector: string, handler: (target: GraphTarget) => void): () => void;
  /** Gives the nodes drawn of these ids the `switchover-flash` class for `ms` (a migration switched over). */
  flash(ids: readonly string[], ms: number): void;
  destroy(): void;
}
