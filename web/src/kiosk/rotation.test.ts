import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { parseRotate } from './kiosk-url.ts';
import { defaultStops, nextStopIndex, rotationStops, stopsKey } from './rotation.ts';

const demo = buildDemoEstate();

describe('kiosk rotation', () => {
  it('defaults to the global view, then every site in estate order', () => {
    const stops = defaultStops(demo);
    expect(stops).toHaveLength(demo.sites.length + 1);
    expect(stopsKey(stops)).toBe(['global', ...demo.sites.map((s) => `site:${s.id}`)].join(','));
    expect(rotationStops(null, demo)).toEqual(stops);
  });

  it('keeps the order asked for and drops sites the estate does not have', () => {
    const asked = parseRotate('site:ams1,nowhere,global,site:fra1');
    expect(stopsKey(rotationStops(asked, demo))).toBe('site:ams1,global,site:fra1');
  });

  it('falls back to the default when no asked-for site exists', () => {
    expect(rotationStops(parseRotate('mars1,venus2'), demo)).toEqual(defaultStops(demo));
  });

  it('wraps around', () => {
    expect([0, 1, 2].map((i) => nextStopIndex(i, 3))).toEqual([1, 2, 0]);
    expect(nextStopIndex(0, 1)).toBe(0);
    expect(nextStopIndex(4, 0)).toBe(0);
  });

  it('writes a key that reads back as the same stops', () => {
    const stops = defaultStops(demo);
    expect(parseRotate(stopsKey(stops))).toEqual(stops);
  });
});
