/**
 * The view in the URL: `?estate=demo&view=site&site=ams1&theme=dark`. Pure
 * parse and format, so a shared link, a reload and the back button all land
 * on the same picture.
 */
import type { ThemeName } from '../theme/palette.ts';

export type ViewName = 'global' | 'site';

export interface ViewLocation {
  estate: string | null;
  view: ViewName;
  site: string | null;
  /** Only an explicit choice is kept in the URL; absent means "follow the system". */
  theme: ThemeName | null;
}

export function parseLocation(search: string): ViewLocation {
  const q = new URLSearchParams(search);
  const estate = q.get('estate') || null;
  const site = q.get('site') || null;
  const theme = q.get('theme');
  // A site without a view is a site view; a site view without a site cannot be drawn.
  const view: ViewName = site !== null && q.get('view') !== 'global' ? 'site' : 'global';
  return {
    estate,
    view,
    site: view === 'site' ? site : null,
    theme: theme === 'dark' || theme === 'light' ? theme : null,
  };
}

/** Parameters in a fixed order, so equal locations give equal strings. */
export function formatLocation(loc: ViewLocation): string {
  const q = new URLSearchParams();
  if (loc.estate) q.set('estate', loc.estate);
  q.set('view', loc.view);
  if (loc.view === 'site' && loc.site) q.set('site', loc.site);
  if (loc.theme) q.set('theme', loc.theme);
  return `?${q.toString()}`;
}

/**
 * Whether going from one location to the other is a navigation the back
 * button should undo (another view, site or estate), rather than a detail to
 * replace in place (the theme, or the estate id filled in once it is known).
 */
export function isNavigation(from: ViewLocation, to: ViewLocation): boolean {
  if (from.estate === null) return false;
  return from.estate !== to.estate || from.view !== to.view || from.site !== to.site;
}
