/** NetBox regions and sites → our sites (R21): region = top-level region, a position for each. */
import type { Site } from '../../model/site.ts';
import { idAllocator, refOf, type ImportContext } from './context.ts';

export interface MappedSites {
  sites: Site[];
  /** NetBox site id → our site. */
  byNetboxId: Map<number, Site>;
}

/** The top-level region of each region id (parents followed; a cycle stops at the region seen twice). */
function topRegions(ctx: ImportContext): Map<number, string> {
  const byId = new Map(ctx.records.regions.map((r) => [r.id, r]));
  const top = new Map<number, string>();
  for (const region of ctx.records.regions) {
    let at = region;
    const seen = new Set<number>([at.id]);
    while (at.parent && byId.has(at.parent.id) && !seen.has(at.parent.id)) {
      at = byId.get(at.parent.id)!;
      seen.add(at.id);
    }
    top.set(region.id, at.name);
  }
  return top;
}

/**
 * Where a site without coordinates is drawn: a grid of 20 columns, 18° of
 * longitude and 6° of latitude apart, from (−30°, −171°), in NetBox id order.
 * Deterministic and far enough apart to read; the report says it is made up.
 */
export function placeholderLocation(index: number): Site['location'] {
  return { lat: -30 + 6 * Math.floor(index / 20), lon: -171 + 18 * (index % 20) };
}

export function mapSites(ctx: ImportContext): MappedSites {
  const regions = topRegions(ctx);
  const allocate = idAllocator();
  const sites: Site[] = [];
  const byNetboxId = new Map<number, Site>();
  const ordered = [...ctx.records.sites].sort((a, b) => a.id - b.id);
  let placeholders = 0;
  for (const nb of ordered) {
    const ref = refOf('dcim.site', nb);
    let region = nb.region ? regions.get(nb.region.id) : undefined;
    if (!region) {
      region = 'unassigned';
      ctx.assume(ref, 'no region: region "unassigned"');
    }
    let location: Site['location'];
    if (nb.latitude !== null && nb.longitude !== null)
      location = { lat: nb.latitude, lon: nb.longitude };
    else {
      location = placeholderLocation(placeholders++);
      ctx.assume(ref, `no coordinates: placed at ${location.lat}, ${location.lon} (placeholder)`);
    }
    const site: Site = {
      id: allocate(nb.slug, nb.id),
      name: nb.name,
      ownership: 'private',
      region,
      location,
      topology: { kind: 'custom', params: {} },
      routingMode: 'link-state',
      underlay: {},
    };
    sites.push(site);
    byNetboxId.set(nb.id, site);
  }
  return { sites, byNetboxId };
}
