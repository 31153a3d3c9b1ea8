/**
 * Where a fit may put the picture: the canvas less a padding and less the
 * furniture drawn over it (the toolbar, the Fit button, the minimap). Each
 * piece is cleared by insetting one side of the canvas past it; of every
 * choice of sides, the one that lets the picture be drawn largest wins, so a
 * wide toolbar pushes the picture down while a minimap in a corner of a wide
 * picture pushes it up, and of a tall one, left.
 */

/** A rectangle in the canvas's own pixels (0, 0 at its top-left corner). */
export interface PixelRect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface FitFrame {
  insets: Insets;
  /** The zoom at which the picture fills the frame (before the zoom limits). */
  zoom: number;
}

/** Space kept between the picture and a piece of furniture, px. */
export const FURNITURE_GAP = 8;

const SIDES = ['top', 'right', 'bottom', 'left'] as const;

/** How far `side` must be inset to clear `r` inside a canvas of `width` × `height`. */
function clearance(side: (typeof SIDES)[number], r: PixelRect, width: number, height: number) {
  switch (side) {
    case 'top':
      return r.y2 + FURNITURE_GAP;
    case 'bottom':
      return height - r.y1 + FURNITURE_GAP;
    case 'left':
      return r.x2 + FURNITURE_GAP;
    case 'right':
      return width - r.x1 + FURNITURE_GAP;
  }
}

/**
 * The frame for a picture of `box` (model units) in a canvas of `view`
 * pixels: at least `padding` on every side, clear of every obstacle that
 * overlaps the canvas. Null when the canvas or the picture is empty, or the
 * furniture leaves no room at all.
 */
export function fitFrame(
  view: { width: number; height: number },
  box: { w: number; h: number },
  padding: number,
  obstacles: readonly PixelRect[] = [],
): FitFrame | null {
  const { width, height } = view;
  if (!(box.w > 0 && box.h > 0 && width > 0 && height > 0)) return null;
  const inside = obstacles.filter(
    (r) => r.x2 > 0 && r.y2 > 0 && r.x1 < width && r.y1 < height && r.x2 > r.x1 && r.y2 > r.y1,
  );
  let best: FitFrame | null = null;
  // Every assignment of a side to each obstacle: 4^n, with n the few pieces of furniture.
  const choices = 4 ** inside.length;
  for (let c = 0; c < choices; c++) {
    const insets: Insets = { top: padding, right: padding, bottom: padding, left: padding };
    let code = c;
    for (const r of inside) {
      const side = SIDES[code % 4]!;
      code = Math.floor(code / 4);
      insets[side] = Math.max(insets[side], clearance(side, r, width, height));
    }
    const w = width - insets.left - insets.right;
    const h = height - insets.top - insets.bottom;
    if (w <= 0 || h <= 0) continue;
    const zoom = Math.min(w / box.w, h / box.h);
    if (!best || zoom > best.zoom) best = { insets, zoom };
  }
  return best;
}
