/**
 * The picture as a standalone SVG: the links as lines, then every node as the
 * canvas draws it (rounded boxes, diamonds for gateways, ellipses for public
 * sites) at its canvas position, with its label, in the current theme's
 * colours. Each node's group carries data-role, data-tier and data-site, and
 * a <title> that viewers show on hover. Opens in any browser or in Inkscape.
 */
import type { GraphPalette } from '../theme/palette.ts';
import { labelInside, strokeWidth, tierFill } from './export-look.ts';
import type { ExportModel, ExportNode } from './export-model.ts';
import { num, xmlDocument } from './xml.ts';

/** Room around the drawing for the labels under the outer nodes. */
const MARGIN = 40;

function shape(n: ExportNode, p: GraphPalette) {
  const paint = { '@_fill': tierFill(n, p), '@_stroke': p.hostBorder, '@_stroke-width': '1' };
  const [x, y, w, h] = [n.x, n.y, n.width, n.height];
  if (n.role === 'gateway')
    return {
      polygon: {
        '@_points': [
          [x, y - h / 2],
          [x + w / 2, y],
          [x, y + h / 2],
          [x - w / 2, y],
        ]
          .map(([a, b]) => `${num(a!)},${num(b!)}`)
          .join(' '),
        ...paint,
      },
    };
  return {
    rect: {
      '@_x': num(x - w / 2),
      '@_y': num(y - h / 2),
      '@_width': num(w),
      '@_height': num(h),
      '@_rx': num(Math.min(w, h) / 5),
      ...paint,
    },
  };
}

function node(n: ExportNode, p: GraphPalette) {
  const inside = labelInside(n);
  return {
    '@_class': 'node',
    '@_data-id': n.id,
    '@_data-role': n.role,
    '@_data-tier': n.tier,
    '@_data-site': n.site,
    title: { '#text': `${n.label} (${n.role}, ${n.tier})` },
    ...shape(n, p),
    text: {
      '@_x': num(n.x),
      '@_y': num(inside ? n.y + 4 : n.y + n.height / 2 + 12),
      '@_text-anchor': 'middle',
      '@_font-size': inside ? '14' : '10',
      '@_fill': inside ? p.siteText : p.label,
      '#text': n.label,
    },
  };
}

export function toSvg(model: ExportModel, palette: GraphPalette): string {
  const at = new Map(model.nodes.map((n) => [n.id, n]));
  const xs = model.nodes.flatMap((n) => [n.x - n.width / 2, n.x + n.width / 2]);
  const ys = model.nodes.flatMap((n) => [n.y - n.height / 2, n.y + n.height / 2]);
  const x1 = (xs.length ? Math.min(...xs) : 0) - MARGIN;
  const y1 = (ys.length ? Math.min(...ys) : 0) - MARGIN;
  const width = (xs.length ? Math.max(...xs) : 0) + MARGIN - x1;
  const height = (ys.length ? Math.max(...ys) : 0) + MARGIN - y1;
  return xmlDocument({
    svg: {
      '@_xmlns': 'http://www.w3.org/2000/svg',
      '@_width': num(width),
      '@_height': num(height),
      '@_viewBox': [x1, y1, width, height].map(num).join(' '),
      '@_font-family': 'system-ui, sans-serif',
      title: { '#text': model.title },
      rect: {
        '@_x': num(x1),
        '@_y': num(y1),
        '@_width': num(width),
        '@_height': num(height),
        '@_fill': palette.labelHalo,
      },
      g: [
        {
          '@_class': 'edges',
          '@_stroke': palette.link,
          line: model.edges.map((e) => ({
            '@_data-id': e.id,
            '@_x1': num(at.get(e.source)!.x),
            '@_y1': num(at.get(e.source)!.y),
            '@_x2': num(at.get(e.target)!.x),
            '@_y2': num(at.get(e.target)!.y),
            '@_stroke-width': num(strokeWidth(e.capacityGbps)),
          })),
        },
        { '@_class': 'nodes', g: model.nodes.map((n) => node(n, palette)) },
      ],
    },
  });
}
