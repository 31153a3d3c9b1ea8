import { describe, expect, it } from 'vitest';
import { elementBounds, fitTransform, fromMini, toMini } from './minimap-math.ts';

describe('minimap geometry', () => {
  it('bounds the drawn nodes with their sizes, leaving captions out', () => {
    const b = elementBounds({
      nodes: [
        { id: 'a', position: { x: 0, y: 0 }, data: { kind: 'device' } },
        { id: 'f', position: { x: 100, y: 50 }, data: { kind: 'fold', w: 40, h: 20 } },
        { id: 'r', position: { x: -500, y: 0 }, data: { kind: 'row' } },
      ],
      edges: [],
    });
    expect(b).toEqual({ x1: -15, y1: -11, x2: 120, y2: 60 });
    expect(elementBounds({ nodes: [], edges: [] })).toBeNull();
  });

  it('fits a wide picture to the width, centred vertically, and maps both ways', () => {
    const t = fitTransform({ x1: 0, y1: 0, x2: 1000, y2: 100 }, 212, 152, 6);
    expect(t.scale).toBeCloseTo(0.2);
    expect(toMini(t, { x: 0, y: 0 })).toEqual({ x: 6, y: 66 });
    expect(toMini(t, { x: 1000, y: 100 }).x).toBeCloseTo(206);
    const back = fromMini(t, toMini(t, { x: 321, y: 45 }));
    expect(back.x).toBeCloseTo(321);
    expect(back.y).toBeCloseTo(45);
  });
});
