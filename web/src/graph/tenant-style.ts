/**
 * The tenant overlay view's stylesheet rules (tenant-elements.ts), appended
 * by graph-style.ts after the site view's.
 */
import type { GraphPalette } from '../theme/palette.ts';
import { GRAPH_FONT } from './graph-font.ts';
import type { StyleRule } from './graph-style.ts';

/**
 * The tenant overlay view (tenant-elements.ts): site boxes, VMs, VNEs and
 * virtual networks; VM → network edges; dashed tunnel arcs over the boxes.
 */
export function tenantStyle(p: GraphPalette): StyleRule[] {
  return [
    {
      selector: 'node[kind = "tsite"]',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
        'background-color': p.groupFill,
        'border-width': 2,
        'border-color': p.top,
        'font-size': 'data(fontSize)',
        'font-weight': 600,
        // Inside the box, under its top edge, where the tunnel arcs end: they never cross it.
        'text-valign': 'top',
        'text-margin-y': 'data(titleDy)',
        'text-outline-width': 0,
        'z-index': 0,
        events: 'no',
      },
    },
    {
      selector: 'node[kind = "tsite"][ownership = "public"]',
      style: { 'border-color': p.middle, 'border-style': 'dashed' },
    },
    {
      selector: 'node[kind = "vm"]',
      style: {
        shape: 'round-rectangle',
        width: 18,
        height: 14,
        'background-color': p.hostBusy,
        'border-width': 1,
        'border-color': p.hostBorder,
        // Sized by tenant-elements.ts so that the longest label fits its cell; shown at every
        // zoom at which it is legible, the fitted picture's included.
        'font-size': 'data(fontSize)',
        'text-margin-y': 3,
        'min-zoomed-font-size': 6,
      },
    },
    {
      selector: 'node[kind = "vne"]',
      style: {
        shape: 'diamond',
        width: 24,
        height: 24,
        'background-color': p.gateway,
        'text-wrap': 'wrap',
        'font-size': 10,
      },
    },
    {
      selector: 'node[kind = "vnet"]',
      style: {
        shape: 'round-rectangle',
        width: 72,
        height: 36,
        'background-color': p.bottom,
        'text-wrap': 'wrap',
        'text-max-width': '420px',
        'font-size': 'data(fontSize)',
        'font-weight': 600,
        'text-margin-y': 6,
        'text-background-color': p.labelHalo,
        'text-background-opacity': 0.85,
        'text-background-padding': '3px',
        'text-background-shape': 'round-rectangle',
        'text-outline-width': 0,
      },
    },
    { selector: 'node[kind = "vnet"][stretched = "no"]', style: { 'background-color': p.middle } },
    {
      selector: 'edge[kind = "vm-net"], edge[kind = "vne-net"]',
      style: { width: 0.8, 'line-color': p.hostLink, 'line-opacity': 0.7 },
    },
    {
      selector: 'edge[kind = "tunnel"]',
      style: {
        width: 3,
        'line-style': 'dashed',
        'line-color': p.bottom,
        'curve-style': 'unbundled-bezier',
        'control-point-distances': 'data(arc)',
        'control-point-weights': 0.5,
        // Bend measured from the line between the two endpoints, not between the box centres.
        'edge-distances': 'endpoints',
        // From the top edge of one box to the top edge of the other, so arcs clear the VMs.
        'source-endpoint': '0% -50%',
        'target-endpoint': '0% -50%',
        label: 'data(label)',
        'font-family': GRAPH_FONT,
        'font-size': 'data(fontSize)',
        color: p.label,
        'text-background-color': p.labelHalo,
        'text-background-opacity': 0.9,
        'text-background-padding': '2px',
        'text-background-shape': 'round-rectangle',
        'min-zoomed-font-size': 7,
        'z-index': 5,
      },
    },
    // Tunnel labels are captions, sized for the fitted picture: they stay when zoomed out.
    { selector: 'edge.zoom-far[kind = "tunnel"]', style: { 'text-opacity': 1 } },
    {
      selector: 'node.highlight[kind = "vm"], node:selected[kind = "vm"]',
      style: { 'border-width': 3, 'border-color': p.selection },
    },
  ];
}
