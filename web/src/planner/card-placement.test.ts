import { describe, expect, it } from 'vitest';
import { placeCard } from './card-placement.ts';

// A 1600×1000 viewport and a 300×90 card; the card sits 16 px right and 14 px below the
// pointer, keeps 8 px from the edges, and flips to the other side of the pointer when it must.
const viewport = { width: 1600, height: 1000 };
const card = { width: 300, height: 90 };

describe('placeCard', () => {
  it('goes below and to the right of the pointer where there is room', () => {
    expect(placeCard({ x: 500, y: 400 }, card, viewport)).toEqual({ x: 516, y: 414 });
  });

  it('flips to the left near the right edge: 1400 + 16 + 300 > 1592, so 1400 − 16 − 300', () => {
    expect(placeCard({ x: 1400, y: 400 }, card, viewport)).toEqual({ x: 1084, y: 414 });
  });

  it('flips above near the bottom edge: 950 + 14 + 90 > 992, so 950 − 14 − 90', () => {
    expect(placeCard({ x: 500, y: 950 }, card, viewport)).toEqual({ x: 516, y: 846 });
  });

  it('flips both ways in the bottom-right corner', () => {
    expect(placeCard({ x: 1590, y: 995 }, card, viewport)).toEqual({ x: 1274, y: 891 });
  });

  it('stays inside a viewport too narrow to flip: clamped to the margin', () => {
    // 200 px wide: right of the pointer overflows, left of it is negative; the margin wins.
    expect(placeCard({ x: 100, y: 400 }, card, { width: 200, height: 1000 })).toEqual({
      x: 8,
      y: 414,
    });
  });

  it('never leaves the top-left corner', () => {
    expect(placeCard({ x: 0, y: 0 }, card, viewport)).toEqual({ x: 16, y: 14 });
    expect(placeCard({ x: -50, y: -50 }, card, viewport)).toEqual({ x: 8, y: 8 });
  });
});
