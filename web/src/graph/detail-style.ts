/**
 * The looks of a large picture's far views (detail.ts, detail-far.ts): the
 * hosts under a switch or a run of switches as one node, filled by their mean
 * load like a host; a run of switches as one bar in its tier's colour; a
 * bundle of links as one line, as thick as a folded group's merged link of
 * that capacity.
 */
import type { GraphPalette } from '../theme/palette.ts';
import type { StyleRule } from './graph-style.ts';

export function detailStyle(p: GraphPalette): StyleRule[] {
  return [
    {
      selector: 'node[kind = "detail-hosts"]',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
        'background-color': `mapData(load, 0, 1, ${p.hostIdle}, ${p.hostBusy})`,
        'border-width': 1,
        'border-color': p.hostBorder,
        'text-valign': 'center',
        'text-margin-y': 0,
        'font-size': 16,
        'font-weight': 600,
        color: p.hostText,
        'text-outline-width': 0,
        'min-zoomed-font-size': 6,
      },
    },
    {
      selector: 'node[kind = "detail-switches"]',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
        'background-color': p.top,
        'font-size': 16,
        'min-zoomed-font-size': 6,
      },
    },
    {
      selector: 'node[kind = "detail-switches"][tier = "middle"]',
      style: { 'background-color': p.middle },
    },
    {
      selector: 'node[kind = "detail-switches"][tier = "bottom"]',
      style: { 'background-color': p.bottom },
    },
    {
      selector: 'edge[kind = "detail-link"]',
      style: { width: 'data(width)', 'line-color': p.link, 'line-opacity': 0.7 },
    },
    {
      selector: 'edge[kind = "detail-link"][state = "down"]',
      style: { 'line-color': p.hot, 'line-style': 'dashed' },
    },
  ];
}
