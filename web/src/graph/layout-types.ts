/** The shapes the layouts produce: plain numbers in model units. */

export interface Point {
  x: number;
  y: number;
}

/** A tier of the layered layout, for the row captions drawn at the left. */
export interface LayoutRow {
  id: string;
  label: string;
  y: number;
}

/** A box drawn behind a pod (fat-tree) or block (three-tier); x, y is its centre. */
export interface LayoutGroup {
  id: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Bounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface SiteLayout {
  positions: Map<string, Point>;
  rows: LayoutRow[];
  groups: LayoutGroup[];
  bounds: Bounds;
}
