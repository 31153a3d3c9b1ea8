/**
 * Pure, deterministic layouts for the canvas: the layered layout of one
 * site's fabric (site-layout.ts; custom fabrics in custom-layout.ts) and the
 * map-like layout of an estate's sites (global-layout.ts). No DOM, no Cytoscape: positions are plain numbers, so
 * they are unit-tested (layout.test.ts) and the canvas uses them as a preset
 * layout.
 */
export type { Bounds, LayoutGroup, LayoutRow, Point, SiteLayout } from './layout-types.ts';
export {
  inferTopologyKind,
  layoutSite,
  rowOrderPositions,
  SITE_LAYOUT_DEFAULTS,
  type SiteLayoutOptions,
} from './site-layout.ts';
export { GLOBAL_LAYOUT_DEFAULTS, layoutGlobal, type GlobalLayoutOptions } from './global-layout.ts';
