/** Which views a kiosk rotates through, in which order. Pure. */
import type { Estate } from '@vmmi/shared';
import type { RotationStop } from './kiosk-url.ts';

/** The default rotation: the global view, then every site in the estate's order. */
export function defaultStops(estate: Estate): RotationStop[] {
  return [
    { view: 'global' },
    ...estate.sites.map((s): RotationStop => ({ view: 'site', siteId: s.id })),
  ];
}

/**
 * The stops the screen shows: those asked for whose site the estate has (a
 * typo or a removed site would otherwise show a warning for a whole
 * interval), or the default when none is left.
 */
export function rotationStops(requested: RotationStop[] | null, estate: Estate): RotationStop[] {
  if (requested === null) return defaultStops(estate);
  const siteIds = new Set(estate.sites.map((s) => s.id));
  const kept = requested.filter((s) => s.view === 'global' || siteIds.has(s.siteId));
  return kept.length > 0 ? kept : defaultStops(estate);
}

/** The stop after `index`, wrapping around; 0 for an empty list. */
export function nextStopIndex(index: number, count: number): number {
  return count > 0 ? (index + 1) % count : 0;
}

/**
 * A string that changes only when the stops do, for effects that must not rerun
 * on every estate reload; in the `rotate=` syntax, so parseRotate reads it back.
 */
export function stopsKey(stops: readonly RotationStop[]): string {
  return stops.map((s) => (s.view === 'global' ? 'global' : `site:${s.siteId}`)).join(',');
}
