/**
 * Where a small card that follows the pointer goes: below and to the right of
 * it, flipped to the other side where it would leave the viewport, and kept
 * inside the viewport in any case (never under the pointer's hot spot unless
 * the viewport is too small for anything else).
 */
import type { ClientPoint } from './types.ts';

export interface Size {
  width: number;
  height: number;
}

/** Offset from the pointer's hot spot to the card's nearest corner, px (clear of the cursor's arrow). */
export const CARD_OFFSET = { x: 16, y: 14 };
/** Space kept between the card and the viewport's edges, px. */
export const CARD_MARGIN = 8;

/** The top-left corner of a card of `card` size near `pointer`, inside `viewport`. */
export function placeCard(pointer: ClientPoint, card: Size, viewport: Size): ClientPoint {
  let x = pointer.x + CARD_OFFSET.x;
  let y = pointer.y + CARD_OFFSET.y;
  if (x + card.width > viewport.width - CARD_MARGIN) x = pointer.x - CARD_OFFSET.x - card.width;
  if (y + card.height > viewport.height - CARD_MARGIN) y = pointer.y - CARD_OFFSET.y - card.height;
  return {
    x: clamp(x, CARD_MARGIN, viewport.width - CARD_MARGIN - card.width),
    y: clamp(y, CARD_MARGIN, viewport.height - CARD_MARGIN - card.height),
  };
}

/** `v` within [lo, hi]; `lo` when the range is empty (a card wider than the viewport starts at its left). */
function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(v, hi));
}
