import { describe, expect, it } from 'vitest';
import { formatLocation, isNavigation, parseLocation, type ViewLocation } from './view-url.ts';

describe('view URL', () => {
  it('reads a site view with a theme', () => {
    expect(parseLocation('?estate=demo&view=site&site=ams1&theme=dark')).toEqual({
      estate: 'demo',
      view: 'site',
      site: 'ams1',
      tenant: null,
      theme: 'dark',
    });
  });

  it('defaults to the global view, no estate, the system theme', () => {
    expect(parseLocation('')).toEqual({
      estate: null,
      view: 'global',
      site: null,
      tenant: null,
      theme: null,
    });
  });

  it('treats a site without a view as a site view, and a site view without a site as global', () => {
    expect(parseLocation('?site=lon1')).toMatchObject({ view: 'site', site: 'lon1' });
    expect(parseLocation('?view=site')).toMatchObject({ view: 'global', site: null });
    expect(parseLocation('?view=global&site=lon1')).toMatchObject({ view: 'global', site: null });
  });

  it('ignores a theme it does not know', () => {
    expect(parseLocation('?theme=neon').theme).toBeNull();
  });

  it('round-trips', () => {
    const locations: ViewLocation[] = [
      { estate: 'demo', view: 'global', site: null, tenant: null, theme: null },
      { estate: 'demo', view: 'site', site: 'dub-cloud', tenant: null, theme: 'light' },
      { estate: 'a b&c', view: 'site', site: 'x', tenant: null, theme: 'dark' },
      { estate: 'demo', view: 'tenant', site: null, tenant: 'acme', theme: null },
    ];
    for (const loc of locations) expect(parseLocation(formatLocation(loc))).toEqual(loc);
    expect(formatLocation(locations[1]!)).toBe('?estate=demo&view=site&site=dub-cloud&theme=light');
  });

  it('pushes history for a new view or site, replaces it for the theme or a filled-in estate', () => {
    const global: ViewLocation = {
      estate: 'demo',
      view: 'global',
      site: null,
      tenant: null,
      theme: null,
    };
    const site: ViewLocation = { ...global, view: 'site', site: 'ams1' };
    expect(isNavigation(global, site)).toBe(true);
    expect(isNavigation(site, { ...site, site: 'lon1' })).toBe(true);
    expect(isNavigation(global, { ...global, theme: 'dark' })).toBe(false);
    expect(isNavigation({ ...site, estate: null }, site)).toBe(false);
    const acme: ViewLocation = { ...global, view: 'tenant', tenant: 'acme' };
    expect(isNavigation(global, acme)).toBe(true);
    expect(isNavigation(acme, { ...acme, tenant: 'globex' })).toBe(true);
  });

  it('reads a tenant view, which needs its tenant, without changing what site URLs mean', () => {
    expect(parseLocation('?estate=demo&view=tenant&tenant=acme')).toEqual({
      estate: 'demo',
      view: 'tenant',
      site: null,
      tenant: 'acme',
      theme: null,
    });
    expect(parseLocation('?view=tenant')).toMatchObject({ view: 'global', tenant: null });
    expect(parseLocation('?view=tenant&site=lon1')).toMatchObject({ view: 'global', site: null });
    // A tenant is only read in the tenant view: older links keep their meaning.
    expect(parseLocation('?site=lon1&tenant=acme')).toMatchObject({
      view: 'site',
      site: 'lon1',
      tenant: null,
    });
    expect(parseLocation('?tenant=acme')).toMatchObject({ view: 'global', tenant: null });
    expect(formatLocation({ ...parseLocation('?view=tenant&tenant=acme'), estate: 'demo' })).toBe(
      '?estate=demo&view=tenant&tenant=acme',
    );
  });
});
