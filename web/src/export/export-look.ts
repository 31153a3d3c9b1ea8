/** How the file exports colour and size what they draw, from a theme's canvas palette. */
import type { GraphPalette } from '../theme/palette.ts';
import type { ExportNode } from './export-model.ts';

/** A node's fill by its tier, as the canvas colours switches by tier. */
export function tierFill(n: ExportNode, p: GraphPalette): string {
  const fills: Record<string, string> = {
    gateway: p.gateway,
    top: p.top,
    middle: p.middle,
    bottom: p.bottom,
    host: p.hostIdle,
    site: p.sitePrivate,
    'group-unit': p.groupFill,
    'group-top': p.groupFill,
  };
  return fills[n.tier] ?? p.hostIdle;
}

/** A link's stroke width: grows with the square root of its capacity, 1 to 8. */
export const strokeWidth = (capacityGbps: number): number =>
  Math.min(8, Math.max(1, Math.sqrt(capacityGbps) / 6));

/** Sites and folded groups hold their label; smaller nodes have it under them, as on the canvas. */
export const labelInside = (n: ExportNode): boolean => n.role === 'site' || n.role === 'group';
