/**
 * The view in the URL: `?estate=demo&view=site&site=ams1&theme=dark`, or a
 * tenant's overlay, `?estate=demo&view=tenant&tenant=acme`. Pure parse and
 * format, so a shared link, a reload and the back button all land on the same
 * picture.
 */
import type { ThemeName } from '../theme/palette.ts';

export type ViewName = 'global' | 'site' | 'tenant';

export interface ViewLocation {
  estate: string | null;
  view: ViewName;
  site: string | null;
  /** The tenant of the tenant view; null in the other views. */
  tenant: string | null;
  /** Only an explicit choice is kept in the URL; absent means "follow the system". */
  theme: ThemeName | null;
}

function viewOf(q: URLSearchParams, site: string | null, tenant: string | null): ViewName {
  const asked = q.get('view');
  // A tenant view needs its tenant; without one it cannot be drawn.
  if (asked === 'tenant') return tenant !== null ? 'tenant' : 'global';
  // A site without a view is a site view; a site view without a site cannot be drawn.
  return site !== null && asked !== 'global' ? 'site' : 'global';
}

export function parseLocation(search: string): ViewLocation {
  const q = new URLSearchParams(search);
  const estate = q.get('estate') || null;
  const site = q.get('site') || null;
  const tenant = q.get('tenant') || null;
  const theme = q.get('theme');
  const view = viewOf(q, site, tenant);
  return {
    estate,
    view,
    site: view === 'site' ? site : null,
    tenant: view === 'tenant' ? tenant : null,
    theme: theme === 'dark' || theme === 'light' ? theme : null,
  };
}

/** Parameters in a fixed order, so equal locations give equal strings. */
export function formatLocation(loc: ViewLocation): string {
  const q = new URLSearchParams();
  if (loc.estate) q.set('estate', loc.estate);
  q.set('view', loc.view);
  if (loc.view === 'site' && loc.site) q.set('site', loc.site);
  if (loc.view === 'tenant' && loc.tenant) q.set('tenant', loc.tenant);
  if (loc.theme) q.set('theme', loc.theme);
  return `?${q.toString()}`;
}

/**
 * Whether going from one location to the other is a navigation the back
 * button should undo (another view, site, tenant or estate), rather than a
 * detail to replace in place (the theme, or the estate id filled in once it
 * is known).
 */
export function isNavigation(from: ViewLocation, to: ViewLocation): boolean {
  if (from.estate === null) return false;
  return (
    from.estate !== to.estate ||
    from.view !== to.view ||
    from.site !== to.site ||
    from.tenant !== to.tenant
  );
}
