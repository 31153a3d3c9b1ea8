import { describe, expect, it } from 'vitest';
import { overlayLooks } from './graph-style.ts';
import { resolveEdgeMark, resolveRing } from './overlay-layer.ts';
import { PALETTES } from '../theme/palette.ts';

const dark = PALETTES.dark;
const looks = overlayLooks(dark);

describe('overlay marks, in stylesheet order', () => {
  it('draws old paths dotted and new paths in the new-path colour, on top', () => {
    const old = resolveEdgeMark(looks, ['path-old'], { lineStyle: 'solid' });
    const neu = resolveEdgeMark(looks, ['path-new'], { lineStyle: 'solid' });
    expect(old).toMatchObject({ color: dark.pathOld, lineStyle: 'dotted', width: 3 });
    expect(neu).toMatchObject({ color: dark.pathNew, lineStyle: 'solid', width: 4 });
    expect(neu!.z).toBeGreaterThan(old!.z);
  });

  it('lets a later mark win field by field: a trombone on a new path, an edge on both paths', () => {
    expect(resolveEdgeMark(looks, ['path-new', 'trombone'], { lineStyle: 'solid' })).toMatchObject({
      color: dark.warn,
      width: 5,
      opacity: 1,
    });
    // The new path sets no line style: the old path's dots stay, as in a Cytoscape stylesheet.
    expect(resolveEdgeMark(looks, ['path-old', 'path-new'], { lineStyle: 'solid' })).toMatchObject({
      color: dark.pathNew,
      lineStyle: 'dotted',
    });
    // A down link keeps its own dashes under the new path.
    expect(resolveEdgeMark(looks, ['path-new'], { lineStyle: 'dashed' })?.lineStyle).toBe('dashed');
  });

  it('rings the source, the target (red when blocked) and illegal targets, which fade', () => {
    expect(resolveRing(looks, ['move-source'], { lineStyle: 'solid' })).toMatchObject({
      color: dark.pathOld,
      lineStyle: 'dashed',
      width: 4,
    });
    expect(resolveRing(looks, ['on-path', 'move-target'], { lineStyle: 'solid' })).toMatchObject({
      color: dark.ok,
      width: 5,
    });
    expect(resolveRing(looks, ['move-target', 'blocked'], { lineStyle: 'solid' })?.color).toBe(
      dark.hot,
    );
    expect(resolveRing(looks, ['blocked'], { lineStyle: 'solid' })).toBeNull();
    expect(resolveRing(looks, ['illegal'], { lineStyle: 'solid' })).toMatchObject({
      lineStyle: 'double',
      opacity: 0.7,
    });
  });

  it('marks nothing for classes it does not know, and takes colours from the theme', () => {
    expect(resolveEdgeMark(looks, ['on-path'], { lineStyle: 'solid' })).toBeNull();
    expect(resolveRing(looks, [], { lineStyle: 'solid' })).toBeNull();
    const light = overlayLooks(PALETTES.light);
    expect(resolveEdgeMark(light, ['path-new'], { lineStyle: 'solid' })?.color).toBe(
      PALETTES.light.pathNew,
    );
    expect(light.tunnel.color).toBe(PALETTES.light.tunnel);
  });
});
