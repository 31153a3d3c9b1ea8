/**
 * The minimap's geometry: the picture's extent from the elements' model
 * positions, and the scale and offset that fit it into the minimap, both ways.
 * Pure, so it is unit-tested apart from the <canvas> drawing.
 */
import type { GraphElements, GraphNode } from './elements.ts';
import { growBounds } from './bounds.ts';
import type { Bounds, Point } from './layout-types.ts';

/** minimap point = (model point − origin) × scale + offset. */
export interface MiniTransform {
  scale: number;
  originX: number;
  originY: number;
  offsetX: number;
  offsetY: number;
}

/** Half the size a node is drawn at, in model units: boxes carry theirs, devices are small. */
export function nodeHalfSize(n: GraphNode): { w: number; h: number } {
  if (typeof n.data.w === 'number' && typeof n.data.h === 'number')
    return { w: n.data.w / 2, h: n.data.h / 2 };
  if (n.data.kind === 'site') return { w: 40, h: 40 };
  return { w: 15, h: 11 };
}

/** The extent of the nodes drawn, captions left out. */
export function elementBounds(elements: GraphElements): Bounds | null {
  let b: Bounds | null = null;
  for (const n of elements.nodes) {
    if (n.data.kind === 'row') continue;
    const { w, h } = nodeHalfSize(n);
    const { x, y } = n.position;
    b = growBounds(b, x, y, w, h);
  }
  return b;
}

/** Fits `bounds` into a width × height minimap with `pad` pixels around, centred. */
export function fitTransform(
  bounds: Bounds,
  width: number,
  height: number,
  pad = 6,
): MiniTransform {
  const w = Math.max(1, bounds.x2 - bounds.x1);
  const h = Math.max(1, bounds.y2 - bounds.y1);
  const scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / h);
  return {
    scale,
    originX: bounds.x1,
    originY: bounds.y1,
    offsetX: (width - w * scale) / 2,
    offsetY: (height - h * scale) / 2,
  };
}

export function toMini(t: MiniTransform, p: Point): Point {
  return { x: (p.x - t.originX) * t.scale + t.offsetX, y: (p.y - t.originY) * t.scale + t.offsetY };
}

export function fromMini(t: MiniTransform, p: Point): Point {
  return {
    x: (p.x - t.offsetX) / t.scale + t.originX,
    y: (p.y - t.offsetY) / t.scale + t.originY,
  };
}
