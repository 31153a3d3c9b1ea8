/**
 * The move preview's looks for a palette: plain numbers and colours, not
 * stylesheet rules, since the preview is drawn on a layer of its own.
 */
import type { GraphPalette } from '../theme/palette.ts';
import { GRAPH_FONT } from './graph-font.ts';
import type { PathKind, RingKind } from './scene-marks.ts';

/** A line style, as Cytoscape's `line-style` and `border-style` name them. */
export type LineStyle = 'solid' | 'dotted' | 'dashed' | 'double';

/** How an edge on a path of the move preview is drawn again over its own line. */
export interface PathLook {
  color: string;
  width: number;
  /** Unset: the edge's own (a down link stays dashed under the new path). */
  lineStyle?: LineStyle;
  opacity: number;
  /** Drawing order among the marked edges: higher is drawn later (on top). */
  z: number;
}

/** The ring the move preview draws around a node (over its border). */
export interface RingLook {
  color: string;
  width: number;
  /** Unset: the node's own border style. */
  lineStyle?: LineStyle;
  /** Below 1: the node is veiled to this opacity (a refused drop target fades). */
  opacity: number;
}

/**
 * The move preview's look (planner/preview-overlay.ts: old paths fade, new
 * paths glow, tunnels dashed), one look for each kind of mark
 * (graph/scene-marks.ts), drawn by graph/overlay-layer.ts on a layer of its
 * own over the picture.
 */
export interface OverlayLooks {
  paths: Readonly<Record<PathKind, PathLook>>;
  rings: Readonly<Record<RingKind, RingLook>>;
  /** Tunnels the move creates or removes: dashed arcs between their two ends. */
  tunnel: {
    color: string;
    width: number;
    /** Dash and gap lengths. */
    dash: readonly number[];
    /** How far the middle of the arc bends away from the straight line. */
    bend: number;
    /** Opacity of a tunnel the move removes. */
    removedOpacity: number;
    fontSize: number;
    fontWeight: number;
    fontFamily: string;
    labelBackground: string;
    labelBackgroundOpacity: number;
    labelPadding: number;
  };
  /** The canvas colour, veiling faded nodes. */
  veil: string;
}

export function overlayLooks(p: GraphPalette): OverlayLooks {
  return {
    paths: {
      before: { color: p.pathOld, lineStyle: 'dotted', width: 3, opacity: 0.9, z: 8 },
      after: { color: p.pathNew, width: 4, opacity: 1, z: 9 },
      // A hop the move keeps: the new path's colour, dotted as the old path is.
      both: { color: p.pathNew, lineStyle: 'dotted', width: 4, opacity: 1, z: 9 },
      trombone: { color: p.warn, width: 5, opacity: 1, z: 10 },
    },
    rings: {
      'on-path': { width: 3, color: p.pathNew, opacity: 1 },
      'tunnel-end': { width: 3, color: p.tunnel, opacity: 1 },
      trombone: { width: 4, color: p.warn, opacity: 1 },
      source: { width: 4, color: p.pathOld, lineStyle: 'dashed', opacity: 1 },
      target: { width: 5, color: p.ok, opacity: 1 },
      'blocked-target': { width: 5, color: p.hot, opacity: 1 },
      illegal: { width: 4, color: p.hot, lineStyle: 'double', opacity: 0.7 },
    },
    tunnel: {
      color: p.tunnel,
      width: 2.5,
      dash: [8, 5],
      bend: 20,
      removedOpacity: 0.45,
      // As the WAN links' labels: the arcs are mostly seen on the global map, zoomed out.
      fontSize: 12,
      fontWeight: 600,
      fontFamily: GRAPH_FONT,
      labelBackground: p.labelHalo,
      labelBackgroundOpacity: 0.85,
      labelPadding: 2,
    },
    veil: p.labelHalo,
  };
}
