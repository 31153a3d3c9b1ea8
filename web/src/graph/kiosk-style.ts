/**
 * What the wall screen changes in the canvas stylesheet (graph-style.ts),
 * appended after it so that its rules win: a site is named by its name alone
 * (the header gives the shown site's topology), and a WAN link carries its
 * load in percent (estate/wan-load.ts), framed in its band's colour when it is
 * busy, so that the load reads as a number and not by colour only. Label sizes
 * are set per zoom by label-floor.ts.
 */
import type { GraphPalette } from '../theme/palette.ts';
import type { StyleRule } from './graph-style.ts';

export function kioskStyle(p: GraphPalette): StyleRule[] {
  return [
    { selector: 'node[kind = "site"]', style: { label: 'data(name)' } },
    {
      selector: 'edge[kind = "wan"]',
      style: {
        label: 'data(loadLabel)',
        'font-weight': 700,
        'text-background-opacity': 1,
        'text-background-padding': '3px',
      },
    },
    {
      selector: 'edge[kind = "wan"][band = "warn"]',
      style: { 'text-border-color': p.warn, 'text-border-width': 2, 'text-border-opacity': 1 },
    },
    {
      selector: 'edge[kind = "wan"][band = "hot"]',
      style: { 'text-border-color': p.hot, 'text-border-width': 3, 'text-border-opacity': 1 },
    },
  ];
}
