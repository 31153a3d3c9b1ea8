/** The map-like layout of the global view: sites by latitude and longitude. Pure and deterministic. */
import type { Site } from '@vmmi/shared';
import type { Point } from './layout-types.ts';
import { naturalCompare } from './natural-compare.ts';

export const GLOBAL_LAYOUT_DEFAULTS = {
  /** The canvas the projection is scaled to, in model units. */
  width: 1200,
  height: 640,
  /** Margin kept free around the projected sites. */
  padding: 90,
  /** The space a site needs with its two-line label: sites are nudged apart until these boxes no longer collide. */
  nodeWidth: 240,
  nodeHeight: 130,
  /** Upper bound on the nudging passes; a handful is enough for a few dozen sites. */
  iterations: 300,
} as const;

export type GlobalLayoutOptions = { [K in keyof typeof GLOBAL_LAYOUT_DEFAULTS]?: number };

/**
 * Sites placed by latitude and longitude: an equirectangular projection (y
 * from latitude, x from longitude times the cosine of the standard parallel,
 * one scale for both) fitted to the canvas.
 * Sites close on the map (four DCs round the North Sea) would hide each
 * other's labels, so they are then pushed apart, each pair along the line
 * between them, until their label boxes no longer collide: the picture stays
 * recognisably geographic while staying readable.
 */
export function layoutGlobal(
  sites: readonly Pick<Site, 'id' | 'location'>[],
  options: GlobalLayoutOptions = {},
): Map<string, Point> {
  const o = { ...GLOBAL_LAYOUT_DEFAULTS, ...options };
  const sorted = [...sites].sort((a, b) => naturalCompare(a.id, b.id));
  const positions = new Map<string, Point>();
  if (!sorted.length) return positions;
  // The standard parallel is the sites' mean latitude: distances near the sites keep their true shape.
  const meanLat = sorted.reduce((sum, s) => sum + s.location.lat, 0) / sorted.length;
  const k = Math.cos((Math.max(-60, Math.min(60, meanLat)) * Math.PI) / 180);
  const xs = sorted.map((s) => s.location.lon * k);
  const ys = sorted.map((s) => s.location.lat);
  const [x1, x2] = [Math.min(...xs), Math.max(...xs)];
  const [y1, y2] = [Math.min(...ys), Math.max(...ys)];
  const scale = Math.min(
    (o.width - 2 * o.padding) / Math.max(x2 - x1, 1),
    (o.height - 2 * o.padding) / Math.max(y2 - y1, 1),
  );
  const cx = o.width / 2 - ((x1 + x2) / 2) * scale;
  const cy = o.height / 2 + ((y1 + y2) / 2) * scale;
  const pts = sorted.map((s, i) => ({ x: cx + xs[i]! * scale, y: cy - ys[i]! * scale }));

  // Work in a space where the label box is a square of side nodeWidth: two boxes
  // overlap while the larger of |dx| and |dy| is under that side.
  const aspect = o.nodeWidth / o.nodeHeight;
  for (let pass = 0; pass < o.iterations; pass++) {
    let moved = false;
    for (let i = 0; i < pts.length; i++) {
      for (let j = i + 1; j < pts.length; j++) {
        const a = pts[i]!;
        const b = pts[j]!;
        let dx = b.x - a.x;
        let dy = (b.y - a.y) * aspect;
        if (Math.max(Math.abs(dx), Math.abs(dy)) >= o.nodeWidth - 1e-6) continue;
        if (Math.hypot(dx, dy) < 1e-9) {
          // Same coordinates: split them along a fixed, index-derived direction.
          const angle = (j * 2.399963) % (2 * Math.PI);
          [dx, dy] = [Math.cos(angle), Math.sin(angle)];
        }
        // Stretch the pair apart along the line between them (the bearing stays)
        // until the larger component reaches the box side.
        const d = Math.hypot(dx, dy);
        const ux = dx / d;
        const uy = dy / d;
        const needed = o.nodeWidth / Math.max(Math.abs(ux), Math.abs(uy));
        const push = (needed - Math.max(d, 0)) / 2 + 0.5;
        a.x -= ux * push;
        a.y -= (uy * push) / aspect;
        b.x += ux * push;
        b.y += (uy * push) / aspect;
        moved = true;
      }
    }
    if (!moved) break;
  }
  sorted.forEach((s, i) => positions.set(s.id, pts[i]!));
  return positions;
}
