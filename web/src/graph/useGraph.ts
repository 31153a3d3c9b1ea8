/**
 * Drives one Cytoscape instance (cy-instance.ts) from React, like xyflow's
 * `useDrag` drives `XYDrag`: the instance is created once per container,
 * receives element diffs when the elements change, a new stylesheet when the
 * theme changes, and is fitted only when a different picture is shown.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { createGraph, type GraphHandle, type GraphTarget } from './cy-instance.ts';
import type { ChunkProgress } from './cy-chunks.ts';
import type { GraphElements } from './elements.ts';
import type { PixelRect } from './fit-frame.ts';
import { notePreviewApplied } from '../perf-marks.ts';
import type { SceneMarks } from './scene-marks.ts';
import { ZOOM_CLASSES, type StyleRule } from './graph-style.ts';
import type { OverlayLooks } from './overlay-looks.ts';

export interface UseGraphOptions {
  elements: GraphElements;
  /** Identifies the picture (view and site): when it changes, the viewport is fitted to the new one. */
  viewKey: string;
  style: StyleRule[];
  /** How the overlay is drawn (overlay-looks.ts `overlayLooks`). */
  overlayLooks?: OverlayLooks;
  /** Element outlined as if selected (the site list entry under the pointer or focus). */
  highlightId: string | null;
  /** The move preview's marks, drawn over the picture; re-applied after every update. */
  marks?: SceneMarks;
  /** Receives the instance once created (null when destroyed): the drag controller hit-tests through it. */
  graphRef?: { current: GraphHandle | null };
  /** A site or device was clicked or tapped. */
  onActivate: (target: GraphTarget) => void;
  /** Called after every update, with the instance: the e2e test hook reads counts through it. */
  onDrawn?: (graph: GraphHandle, viewKey: string) => void;
  /** A pointer went down on a VM node (tenant view): the start of a drag. */
  onPressVm?: (vmId: string, client: { x: number; y: number }) => void;
  /** A folded group, or the box of an unfolded one, was double-clicked (fold.ts). */
  onToggleFold?: (groupId: string) => void;
  /**
   * What is drawn over the canvas now (toolbar, minimap…), in the canvas's
   * pixels: every fit keeps the picture clear of it (fit-frame.ts).
   */
  furniture?: () => readonly PixelRect[];
  /**
   * The wall screen: labels at least this many pixels on screen, or hidden
   * (label-floor.ts), in place of the planner's zoom classes. Read once, when
   * the instance is created.
   */
  labelFloorPx?: number;
}

/** Folded groups, and the boxes behind unfolded ones: double-click flips them. */
const FOLDABLE = 'node[kind = "fold"], node[kind = "group"][foldId]';

const ACTIVE = 'node[kind = "site"], node[kind = "device"], node[kind = "vm"]';

/** The nodes standing for several devices far out (detail.ts): double-click zooms in to them. */
const AGGREGATE = 'node[kind = "detail-hosts"], node[kind = "detail-switches"]';

/** The zoom a double-click on an aggregate brings: each host drawn, its VM count legible (graph-style.ts). */
const AGGREGATE_ZOOM = 0.8;

export function useGraph(
  containerRef: RefObject<HTMLDivElement | null>,
  {
    elements,
    viewKey,
    style,
    overlayLooks,
    highlightId,
    marks,
    graphRef,
    onActivate,
    onDrawn,
    onToggleFold,
    onPressVm,
    furniture,
    labelFloorPx,
  }: UseGraphOptions,
): { fit: () => void; handle: GraphHandle | null; progress: ChunkProgress | null } {
  const graph = useRef<GraphHandle | null>(null);
  // The instance again, as state: the minimap and the tooltip render once it exists.
  const [handle, setHandle] = useState<GraphHandle | null>(null);
  // How far a large update is, while its elements are added over several frames.
  const [progress, setProgress] = useState<ChunkProgress | null>(null);
  const fittedKey = useRef<string | null>(null);
  // The stylesheet of the latest render, and the one the instance has.
  const latestStyle = useRef({ style, overlayLooks });
  const appliedStyle = useRef<{ style: StyleRule[]; overlayLooks?: OverlayLooks } | null>(null);
  // Latest callbacks, read by the listeners bound once at creation.
  const callbacks = useRef({ onActivate, onDrawn, onToggleFold, onPressVm, furniture });
  useEffect(() => {
    callbacks.current = { onActivate, onDrawn, onToggleFold, onPressVm, furniture };
    // Before the effect below that makes the instance: effects run in this order.
    latestStyle.current = { style, overlayLooks };
  });
  const fitNow = useCallback(
    (g: GraphHandle) => g.fit(undefined, callbacks.current.furniture?.() ?? []),
    [],
  );

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    // Made with the stylesheet of this render: each stylesheet set costs Cytoscape a parse of
    // its own defaults too (~40 ms cold), so the instance is not made with an empty one first.
    const { style: initialStyle, overlayLooks: initialLooks } = latestStyle.current;
    const g = createGraph(container, {
      style: initialStyle,
      ...(initialLooks && { overlayLooks: initialLooks }),
      onProgress: setProgress,
      ...(labelFloorPx ? { labelFloorPx } : { zoomClasses: [...ZOOM_CLASSES] }),
    });
    graph.current = g;
    appliedStyle.current = latestStyle.current;
    if (graphRef) graphRef.current = g;
    const offs = [
      g.on('tap', ACTIVE, (t) => callbacks.current.onActivate(t)),
      g.on('tapstart', 'node[kind = "vm"]', (t) => {
        if (t.client) callbacks.current.onPressVm?.(String(t.data.vmId), t.client);
      }),
      g.on('mouseover', ACTIVE, () => (container.style.cursor = 'pointer')),
      g.on('mouseout', ACTIVE, () => (container.style.cursor = '')),
      g.on('dbltap', FOLDABLE, (t) => callbacks.current.onToggleFold?.(String(t.data.foldId))),
      g.on('mouseover', FOLDABLE, () => (container.style.cursor = 'zoom-in')),
      g.on('mouseout', FOLDABLE, () => (container.style.cursor = '')),
      g.on('dbltap', AGGREGATE, (t) => g.zoomTo(t.id, AGGREGATE_ZOOM)),
      g.on('mouseover', AGGREGATE, () => (container.style.cursor = 'zoom-in')),
      g.on('mouseout', AGGREGATE, () => (container.style.cursor = '')),
    ];
    setHandle(g);
    const resize = new ResizeObserver(() => {
      g.resize();
      fitNow(g);
    });
    resize.observe(container);
    return () => {
      resize.disconnect();
      for (const off of offs) off();
      g.destroy();
      graph.current = null;
      if (graphRef) graphRef.current = null;
      setHandle(null);
      fittedKey.current = null;
      appliedStyle.current = null;
    };
  }, [containerRef, graphRef, labelFloorPx, fitNow]);

  useEffect(() => {
    const applied = appliedStyle.current;
    if (applied?.style === style && applied.overlayLooks === overlayLooks) return;
    graph.current?.setStyle(style, overlayLooks);
    appliedStyle.current = { style, overlayLooks };
  }, [style, overlayLooks]);

  useEffect(() => {
    const g = graph.current;
    if (!g) return;
    // Fitted and reported once everything is drawn: a large update adds its elements over several
    // frames, drawn meanwhile at about the zoom of that fit.
    const fitting = fittedKey.current !== viewKey;
    const update = fitting ? { fit: callbacks.current.furniture?.() ?? [] } : {};
    g.update(
      elements,
      () => {
        if (fittedKey.current !== viewKey) {
          fitNow(g);
          fittedKey.current = viewKey;
        }
        callbacks.current.onDrawn?.(g, viewKey);
      },
      update,
    );
  }, [elements, viewKey, fitNow]);

  useEffect(() => {
    if (!marks || !graph.current) return;
    graph.current.setMarks(marks);
    notePreviewApplied();
  }, [marks, elements]);

  useEffect(() => {
    graph.current?.highlight(highlightId);
  }, [highlightId, elements]);

  const fit = useCallback(() => {
    if (graph.current) fitNow(graph.current);
  }, [fitNow]);
  return { fit, handle, progress };
}
