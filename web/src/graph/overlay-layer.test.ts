import { describe, expect, it } from 'vitest';
import { overlayLooks } from './overlay-looks.ts';
import { pathLook, ringLook } from './overlay-layer.ts';
import { PALETTES } from '../theme/palette.ts';

const dark = PALETTES.dark;
const looks = overlayLooks(dark);
const solid = { lineStyle: 'solid' } as const;

describe('the look of each kind of mark', () => {
  it('draws old paths dotted and new paths in the new-path colour, on top', () => {
    const old = pathLook(looks, 'before', solid);
    const neu = pathLook(looks, 'after', solid);
    expect(old).toMatchObject({ color: dark.pathOld, lineStyle: 'dotted', width: 3 });
    expect(neu).toMatchObject({ color: dark.pathNew, lineStyle: 'solid', width: 4 });
    expect(neu.z).toBeGreaterThan(old.z);
  });

  it('draws a kept hop in the new colour but dotted, a trombone in the warning colour over both', () => {
    expect(pathLook(looks, 'both', solid)).toMatchObject({
      color: dark.pathNew,
      lineStyle: 'dotted',
    });
    const trombone = pathLook(looks, 'trombone', solid);
    expect(trombone).toMatchObject({ color: dark.warn, width: 5, opacity: 1 });
    expect(trombone.z).toBeGreaterThan(pathLook(looks, 'after', solid).z);
  });

  it('keeps an edge its own line style where the path sets none: a down link stays dashed', () => {
    expect(pathLook(looks, 'after', { lineStyle: 'dashed' }).lineStyle).toBe('dashed');
    expect(pathLook(looks, 'before', { lineStyle: 'dashed' }).lineStyle).toBe('dotted');
  });

  it('rings the source dashed, the target green, a blocked target red, a refused drop veiled', () => {
    expect(ringLook(looks, 'source', solid)).toMatchObject({
      color: dark.pathOld,
      lineStyle: 'dashed',
      width: 4,
    });
    expect(ringLook(looks, 'target', solid)).toMatchObject({ color: dark.ok, width: 5 });
    expect(ringLook(looks, 'blocked-target', solid)).toMatchObject({ color: dark.hot, width: 5 });
    expect(ringLook(looks, 'illegal', solid)).toMatchObject({ lineStyle: 'double', opacity: 0.7 });
  });

  it('takes its colours from the theme', () => {
    const light = overlayLooks(PALETTES.light);
    expect(pathLook(light, 'after', solid).color).toBe(PALETTES.light.pathNew);
    expect(light.tunnel.color).toBe(PALETTES.light.tunnel);
  });
});
