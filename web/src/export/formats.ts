/**
 * The file formats the canvas exports besides PNG: one model (export-model.ts),
 * three serialisers. The toolbar lists them in this order.
 */
import type { GraphPalette } from '../theme/palette.ts';
import { toDrawio } from './drawio.ts';
import type { ExportModel } from './export-model.ts';
import { toGraphml } from './graphml.ts';
import { toSvg } from './svg.ts';

export type ExportFormat = 'drawio' | 'graphml' | 'svg';

export interface ExportFormatInfo {
  format: ExportFormat;
  /** The button's text after "Export". */
  name: string;
  extension: string;
  mime: string;
  write: (model: ExportModel, palette: GraphPalette) => string;
}

export const EXPORT_FORMATS: readonly ExportFormatInfo[] = [
  {
    format: 'drawio',
    name: 'draw.io',
    extension: 'drawio',
    mime: 'application/vnd.jgraph.mxfile',
    write: (m) => toDrawio(m),
  },
  {
    format: 'graphml',
    name: 'GraphML',
    extension: 'graphml',
    mime: 'application/graphml+xml',
    write: (m) => toGraphml(m),
  },
  { format: 'svg', name: 'SVG', extension: 'svg', mime: 'image/svg+xml', write: toSvg },
];
