/**
 * The canvas stylesheet for a palette, as plain data (Cytoscape's stylesheet
 * JSON), so that this file does not import Cytoscape. Element appearance is
 * driven by the `kind`, `role`, `tier` and `band` data fields set in
 * elements.ts; colours come from the theme palette only. The far views' rules
 * are detail-style.ts's, the tenant overlay's tenant-style.ts's; the move
 * preview is drawn on a layer of its own, with overlay-looks.ts's looks.
 */
import type { GraphPalette } from '../theme/palette.ts';
import { detailStyle } from './detail-style.ts';
import { GRAPH_FONT } from './graph-font.ts';
import { tenantStyle } from './tenant-style.ts';

export interface StyleRule {
  selector: string;
  style: Record<string, string | number>;
}

/**
 * Below these zooms the smaller labels are hidden: at 0.8 a 9px switch label is
 * about 7px on screen, at 0.62 an 11px host count is. Captions stay.
 */
export const ZOOM_CLASSES = [
  { className: 'zoom-mid', below: 0.8 },
  { className: 'zoom-far', below: 0.62 },
] as const;

/** A small building (private DC) or cloud (public) glyph drawn inside a site node. */
function siteGlyph(kind: 'private' | 'public', colour: string): string {
  const body =
    kind === 'private'
      ? `<rect x="6" y="4" width="20" height="24" rx="2" fill="none" stroke="${colour}" stroke-width="2"/>` +
        [9, 15, 21]
          .map(
            (y) =>
              `<line x1="10" y1="${y}" x2="22" y2="${y}" stroke="${colour}" stroke-width="2"/>` +
              `<circle cx="20" cy="${y}" r="0.1" stroke="${colour}"/>`,
          )
          .join('')
      : `<path d="M9 24h15a5 5 0 0 0 0-10a7 7 0 0 0-13.4-1.6A5.5 5.5 0 0 0 9 24z" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">${body}</svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

export function graphStyle(p: GraphPalette): StyleRule[] {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': GRAPH_FONT,
        'font-size': 10,
        color: p.label,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-outline-color': p.labelHalo,
        'text-outline-width': 2,
        // Labels that would be too small to read at the current zoom are not drawn at all.
        'min-zoomed-font-size': 7,
        'z-index-compare': 'manual',
        'z-index': 20,
        'overlay-opacity': 0,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.2,
        'line-color': p.link,
        'curve-style': 'straight',
        'z-index-compare': 'manual',
        'z-index': 10,
        'overlay-opacity': 0,
      },
    },

    // Global view: one node per site, WAN links between them.
    {
      selector: 'node[kind = "site"]',
      style: {
        shape: 'round-rectangle',
        width: 'data(size)',
        height: 'data(size)',
        'background-color': p.sitePrivate,
        'background-image': siteGlyph('private', p.siteText),
        'background-width': '55%',
        'background-height': '55%',
        'border-width': 2,
        'border-color': p.top,
        'text-wrap': 'wrap',
        'text-max-width': '220px',
        'line-height': 1.3,
        'font-size': 15,
        'font-weight': 600,
        'text-margin-y': 8,
        'text-outline-width': 0,
        // A plate behind the label, so WAN lines never run through the text.
        'text-background-color': p.labelHalo,
        'text-background-opacity': 0.85,
        'text-background-padding': '3px',
        'text-background-shape': 'round-rectangle',
      },
    },
    {
      selector: 'node[kind = "site"][ownership = "public"]',
      style: {
        shape: 'ellipse',
        'background-color': p.sitePublic,
        'background-image': siteGlyph('public', p.siteText),
        'border-color': p.middle,
        'border-style': 'dashed',
      },
    },
    {
      selector: 'edge[kind = "wan"]',
      style: {
        width: 'data(width)',
        'line-color': p.ok,
        'line-opacity': 0.85,
        label: 'data(label)',
        'font-family': GRAPH_FONT,
        'font-size': 12,
        'font-weight': 600,
        color: p.label,
        'text-background-color': p.labelHalo,
        'text-background-opacity': 0.9,
        'text-background-padding': '2px',
        'text-background-shape': 'round-rectangle',
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': 7,
      },
    },
    { selector: 'edge[band = "warn"]', style: { 'line-color': p.warn } },
    { selector: 'edge[band = "hot"]', style: { 'line-color': p.hot } },
    {
      selector: 'edge[band = "down"]',
      style: { 'line-color': p.labelMuted, 'line-style': 'dashed' },
    },

    // Site view: captions and pod boxes behind the fabric.
    {
      selector: 'node[kind = "group"]',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
        'background-color': p.groupFill,
        'border-width': 1,
        'border-color': p.groupBorder,
        'font-size': 'data(fontSize)',
        'font-weight': 600,
        color: p.labelMuted,
        'text-valign': 'top',
        'text-margin-y': 22,
        'text-outline-width': 0,
        'z-index': 0,
        events: 'no',
      },
    },
    {
      selector: 'node[kind = "row"]',
      style: {
        width: 1,
        height: 1,
        'background-opacity': 0,
        'font-size': 'data(fontSize)',
        'font-weight': 600,
        color: p.labelMuted,
        'text-halign': 'left',
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-transform': 'uppercase',
        'text-outline-width': 0,
        events: 'no',
      },
    },

    // Devices.
    {
      selector: 'node[kind = "device"]',
      style: {
        width: 30,
        height: 16,
        shape: 'round-rectangle',
        'background-color': p.top,
        'font-size': 9,
      },
    },
    { selector: 'node[tier = "middle"]', style: { 'background-color': p.middle } },
    { selector: 'node[tier = "bottom"]', style: { 'background-color': p.bottom } },
    {
      selector: 'node[role = "gateway"]',
      style: {
        shape: 'diamond',
        width: 34,
        height: 34,
        'background-color': p.gateway,
        'text-wrap': 'wrap',
        'font-size': 12,
        'font-weight': 600,
        'text-valign': 'center',
        'text-halign': 'right',
        'text-margin-x': 8,
      },
    },
    {
      selector: 'node[role = "host"]',
      style: {
        width: 22,
        height: 22,
        shape: 'round-rectangle',
        'background-color': `mapData(load, 0, 1, ${p.hostIdle}, ${p.hostBusy})`,
        'border-width': 1,
        'border-color': p.hostBorder,
        color: p.hostText,
        'font-size': 11,
        'font-weight': 600,
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-outline-width': 0,
        'min-zoomed-font-size': 6,
      },
    },
    {
      selector: 'node[kind = "device"][state = "down"]',
      style: { 'border-width': 2, 'border-color': p.hot, 'border-style': 'dashed' },
    },
    { selector: 'edge[tier = "host"]', style: { width: 0.8, 'line-color': p.hostLink } },
    {
      selector: 'edge[kind = "link"][state = "down"]',
      style: { 'line-color': p.hot, 'line-style': 'dashed' },
    },

    // Semantic zoom (fold.ts): folded groups, filled by their hosts' mean load, and merged links.
    {
      selector: 'node[kind = "fold"]',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
        'background-color': `mapData(load, 0, 1, ${p.groupFill}, ${p.hostBusy})`,
        'border-width': 2,
        'border-color': p.middle,
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-wrap': 'wrap',
        'text-max-width': '230px',
        'line-height': 1.3,
        // Large: a folded fat-tree k=32 fits the screen at a zoom of about 0.4.
        'font-size': 22,
        'font-weight': 600,
        color: p.label,
        'text-outline-width': 0,
      },
    },
    {
      selector: 'node[kind = "fold"][groupKind = "top"]',
      style: { 'border-color': p.top },
    },
    // The box of an unfolded group takes double-clicks, to fold it again.
    { selector: 'node[kind = "group"][foldId]', style: { events: 'yes' } },
    {
      selector: 'edge[kind = "fold-link"]',
      style: { width: 'data(width)', 'line-color': p.link, 'line-opacity': 0.7 },
    },
    {
      selector: 'edge[kind = "fold-link"][state = "down"]',
      style: { 'line-color': p.hot, 'line-style': 'dashed' },
    },

    // Level of detail (detail.ts): a switch's hosts as one node, bundles of links as one line.
    ...detailStyle(p),

    // Labels too small to read at the current zoom.
    {
      selector:
        'node.zoom-mid[kind = "device"][role != "host"][role != "gateway"], node.zoom-far[kind = "device"], edge.zoom-far',
      style: { 'text-opacity': 0 },
    },

    { selector: 'node.drop-candidate', style: { 'border-width': 2, 'border-color': p.ok } },

    // Interaction: hover, keyboard highlight from the site list, selection.
    {
      selector: 'node.highlight, node:selected',
      style: { 'border-width': 3, 'border-color': p.selection, 'border-style': 'solid' },
    },
    ...tenantStyle(p),
    ...executionStyle(p),
  ];
}

/** A migration's switchover: its old and new host (and data center) flash for a moment. */
function executionStyle(p: GraphPalette): StyleRule[] {
  return [
    {
      selector: 'node.switchover-flash',
      style: {
        'border-width': 7,
        'border-color': p.ok,
        'border-style': 'solid',
        'transition-property': 'border-width, border-color',
        'transition-duration': 250,
      },
    },
  ];
}
