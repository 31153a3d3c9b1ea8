/**
 * The kiosk (NOC wall screen) options in the URL:
 * `?kiosk&rotate=global,site:ams1&interval=30&poll=10&estate=demo&theme=dark`.
 * Pure parsing: a screen left alone for days must come up from any URL someone
 * typed on a remote keyboard, so bad values fall back to defaults, never throw.
 */
import type { ThemeName } from '../theme/palette.ts';
import type { ViewLocation } from '../url/view-url.ts';

/** One view of the rotation. Site ids are checked against the estate later (rotation.ts). */
export type RotationStop = { view: 'global' } | { view: 'site'; siteId: string };

export interface KioskOptions {
  estate: string | null;
  theme: ThemeName | null;
  /** The views asked for, in order; null: the default (global, then every site in estate order). */
  rotate: RotationStop[] | null;
  /** Time on each view. */
  intervalMs: number;
  /** Time between two checks for a new estate version while the server answers. */
  pollMs: number;
}

/** Seconds, as the URL gives them: default, and the range a value is clamped to. */
export const INTERVAL_SECONDS = { default: 30, min: 5, max: 3600 } as const;
export const POLL_SECONDS = { default: 10, min: 1, max: 600 } as const;

/** The rule lives in the shared package: the server applies it to the kiosk page's framing. */
export { isKiosk } from '@vmmi/shared';

/** A number of seconds within `range`, as milliseconds; anything unreadable gives the default. */
export function parseSeconds(
  value: string | null,
  range: { default: number; min: number; max: number },
): number {
  const n = value === null || value.trim() === '' ? NaN : Number(value);
  const seconds = Number.isFinite(n) ? Math.min(range.max, Math.max(range.min, n)) : range.default;
  return Math.round(seconds * 1000);
}

/**
 * `global,site:ams1,fra1`: `global`, `site:<id>`, or a bare site id. Unreadable
 * entries are skipped; a list with nothing readable means the default rotation.
 */
export function parseRotate(value: string | null): RotationStop[] | null {
  if (value === null) return null;
  const stops: RotationStop[] = [];
  for (const raw of value.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    if (token.toLowerCase() === 'global') stops.push({ view: 'global' });
    else {
      const siteId = token.startsWith('site:') ? token.slice('site:'.length).trim() : token;
      if (siteId !== '' && !siteId.includes(':')) stops.push({ view: 'site', siteId });
    }
  }
  return stops.length > 0 ? stops : null;
}

export function parseKioskOptions(search: string): KioskOptions {
  const q = new URLSearchParams(search);
  const theme = q.get('theme');
  return {
    estate: q.get('estate') || null,
    theme: theme === 'dark' || theme === 'light' ? theme : null,
    rotate: parseRotate(q.get('rotate')),
    intervalMs: parseSeconds(q.get('interval'), INTERVAL_SECONDS),
    pollMs: parseSeconds(q.get('poll'), POLL_SECONDS),
  };
}

/** Where the store starts: the first view asked for, so the first picture is already the right one. */
export function kioskLocation(options: KioskOptions): ViewLocation {
  const first = options.rotate?.[0];
  return {
    estate: options.estate,
    view: first?.view ?? 'global',
    site: first?.view === 'site' ? first.siteId : null,
    tenant: null,
    theme: options.theme,
  };
}
