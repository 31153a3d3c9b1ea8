/** Growing a box point by point: the one rule behind the boxes of runs, tiles and the minimap's extent. */
import type { Bounds } from './layout-types.ts';

/**
 * `r` grown to hold the box of half-width `padX` and half-height `padY`
 * around (x, y); `null` is the empty box, so a fold from `null` over points
 * gives their bounding box.
 */
export function growBounds(r: Bounds | null, x: number, y: number, padX = 0, padY = padX): Bounds {
  return r
    ? {
        x1: Math.min(r.x1, x - padX),
        y1: Math.min(r.y1, y - padY),
        x2: Math.max(r.x2, x + padX),
        y2: Math.max(r.y2, y + padY),
      }
    : { x1: x - padX, y1: y - padY, x2: x + padX, y2: y + padY };
}
