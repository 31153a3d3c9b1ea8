import { describe, expect, it } from 'vitest';
import { FURNITURE_GAP, fitFrame } from './fit-frame.ts';

// A 1000 × 600 canvas, 40 px padding; the gap past furniture is FURNITURE_GAP (8 px).
const view = { width: 1000, height: 600 };

describe('fitFrame', () => {
  it('without furniture: the padding on every side, the zoom that fills what is left', () => {
    // A 460 × 130 picture: min((1000 − 80) / 460, (600 − 80) / 130) = min(2, 4) = 2.
    expect(fitFrame(view, { w: 460, h: 130 }, 40)).toEqual({
      insets: { top: 40, right: 40, bottom: 40, left: 40 },
      zoom: 2,
    });
  });

  it('a toolbar across the top pushes the picture down, not in from the right', () => {
    // Toolbar 12..46 high, from x 200 to 990: top inset 46 + 8 = 54; clearing it from the
    // right would leave 200 − 8 − 40 = 152 px of width.
    const toolbar = { x1: 200, y1: 12, x2: 990, y2: 46 };
    const frame = fitFrame(view, { w: 460, h: 130 }, 40, [toolbar])!;
    expect(frame.insets).toEqual({ top: 46 + FURNITURE_GAP, right: 40, bottom: 40, left: 40 });
    // min(920 / 460, (600 − 54 − 40) / 130) = min(2, 3.89) = 2.
    expect(frame.zoom).toBe(2);
  });

  it('a minimap in the bottom-right corner: a wide picture gives up height, a tall one width', () => {
    // Minimap 220 × 150 at 12 px from the corner: x 768..988, y 438..588.
    const minimap = { x1: 768, y1: 438, x2: 988, y2: 588 };
    // Wide (900 × 100): bottom inset 600 − 438 + 8 = 170 leaves 920 × 390, zoom min(1.022, 3.9);
    // right inset 1000 − 768 + 8 = 240 would leave 720 wide, zoom 0.8.
    const wide = fitFrame(view, { w: 900, h: 100 }, 40, [minimap])!;
    expect(wide.insets).toEqual({ top: 40, right: 40, bottom: 170, left: 40 });
    expect(wide.zoom).toBeCloseTo(920 / 900, 10);
    // Tall (100 × 500): right inset 240 leaves 720 × 520, zoom min(7.2, 1.04) = 1.04;
    // bottom inset 170 would leave 390 high, zoom 0.78.
    const tall = fitFrame(view, { w: 100, h: 500 }, 40, [minimap])!;
    expect(tall.insets).toEqual({ top: 40, right: 240, bottom: 40, left: 40 });
    expect(tall.zoom).toBeCloseTo(520 / 500, 10);
  });

  it('furniture outside the canvas, or empty, is ignored', () => {
    const frame = fitFrame(view, { w: 460, h: 130 }, 40, [
      { x1: 1010, y1: 0, x2: 1200, y2: 50 },
      { x1: 100, y1: 100, x2: 100, y2: 300 },
    ]);
    expect(frame?.insets).toEqual({ top: 40, right: 40, bottom: 40, left: 40 });
  });

  it('no room at all, or nothing to fit: null', () => {
    expect(fitFrame(view, { w: 0, h: 10 }, 40)).toBeNull();
    expect(fitFrame({ width: 0, height: 600 }, { w: 10, h: 10 }, 40)).toBeNull();
    // A panel over the whole canvas leaves no side to inset.
    expect(fitFrame(view, { w: 10, h: 10 }, 40, [{ x1: 0, y1: 0, x2: 1000, y2: 600 }])).toBeNull();
  });
});
