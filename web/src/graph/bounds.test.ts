import { describe, expect, it } from 'vitest';
import { growBounds } from './bounds.ts';

describe('growBounds', () => {
  it('starts from the padded point and grows only where a new point reaches out', () => {
    let b = growBounds(null, 0, 0);
    expect(b).toEqual({ x1: 0, y1: 0, x2: 0, y2: 0 });
    // (10, -5) ± 2 reaches to x 12 and y -7; its x 8 and y -3 stay inside.
    b = growBounds(b, 10, -5, 2);
    expect(b).toEqual({ x1: 0, y1: -7, x2: 12, y2: 0 });
  });

  it('takes a half-width and a half-height apart', () => {
    expect(growBounds(null, 5, 5, 3, 1)).toEqual({ x1: 2, y1: 4, x2: 8, y2: 6 });
  });
});
