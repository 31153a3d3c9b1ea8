/**
 * The picture as a draw.io (diagrams.net) file: an `mxfile` with one
 * `diagram` holding an uncompressed `mxGraphModel`. Every node is a vertex
 * cell with its geometry (top-left corner and size, from the canvas), drawn
 * in a style by role and coloured by tier; every link an edge cell between
 * two of them. The style also carries `vmmiRole`, `vmmiTier` and `vmmiSite`,
 * which draw.io keeps and ignores. Opens in draw.io with File › Open.
 */
import { PALETTES } from '../theme/palette.ts';
import { labelInside, strokeWidth, tierFill } from './export-look.ts';
import type { ExportEdge, ExportModel, ExportNode } from './export-model.ts';
import { num, xmlDocument } from './xml.ts';

/** draw.io's page is white: the light theme's colours. */
const P = PALETTES.light;

function shapeOf(n: ExportNode): string {
  if (n.role === 'gateway') return 'rhombus;';
  if (n.role === 'site') return 'rounded=1;';
  if (n.role === 'group') return 'rounded=1;dashed=1;';
  return 'rounded=1;arcSize=20;';
}

function vertexStyle(n: ExportNode): string {
  const fill = tierFill(n, P);
  const label = labelInside(n)
    ? 'whiteSpace=wrap;'
    : 'verticalLabelPosition=bottom;verticalAlign=top;';
  const props = `vmmiRole=${n.role};vmmiTier=${n.tier};vmmiSite=${n.site};`;
  return `${shapeOf(n)}${label}html=0;fillColor=${fill};strokeColor=${P.hostBorder};fontColor=${P.label};fontSize=10;${props}`;
}

/** Cell ids: the first two are draw.io's root and layer. */
const vertexId = (id: string) => `n:${id}`;

function vertex(n: ExportNode) {
  return {
    '@_id': vertexId(n.id),
    '@_value': n.label,
    '@_style': vertexStyle(n),
    '@_vertex': '1',
    '@_parent': '1',
    mxGeometry: {
      '@_x': num(n.x - n.width / 2),
      '@_y': num(n.y - n.height / 2),
      '@_width': num(n.width),
      '@_height': num(n.height),
      '@_as': 'geometry',
    },
  };
}

function edge(e: ExportEdge) {
  const width = strokeWidth(e.capacityGbps);
  return {
    '@_id': `e:${e.id}`,
    '@_value': '',
    '@_style': `endArrow=none;html=0;strokeColor=${P.link};strokeWidth=${num(width)};vmmiCapacityGbps=${num(e.capacityGbps)};vmmiLinks=${e.links};`,
    '@_edge': '1',
    '@_parent': '1',
    '@_source': vertexId(e.source),
    '@_target': vertexId(e.target),
    mxGeometry: { '@_relative': '1', '@_as': 'geometry' },
  };
}

export function toDrawio(model: ExportModel): string {
  return xmlDocument({
    mxfile: {
      '@_host': 'VMMI Planner',
      diagram: {
        '@_id': 'vmmi',
        '@_name': model.title,
        mxGraphModel: {
          '@_grid': '0',
          '@_page': '0',
          root: {
            mxCell: [
              { '@_id': '0' },
              { '@_id': '1', '@_parent': '0' },
              ...model.nodes.map(vertex),
              ...model.edges.map(edge),
            ],
          },
        },
      },
    },
  });
}
