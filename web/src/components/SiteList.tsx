/**
 * The data centers beside the canvas: a real list of buttons, so keyboard and
 * screen-reader users open a site with Tab and Enter, as others click it on
 * the canvas. Pointing at or focusing an entry outlines its node on the map.
 */
import type { Estate } from '@vmmi/shared';
import { useMemo, type ReactNode } from 'react';
import { vmsPerHost } from '@vmmi/shared';
import { topologyLabel } from '../estate/site-labels.ts';

export interface SiteListProps {
  estate: Estate;
  currentSiteId: string | null;
  onOpen: (siteId: string) => void;
  onHighlight: (siteId: string | null) => void;
  /** Drawn under the list: the tenants. */
  children?: ReactNode;
}

export function SiteList({ estate, currentSiteId, onOpen, onHighlight, children }: SiteListProps) {
  const vmsBySite = useMemo(() => {
    const perHost = vmsPerHost(estate);
    const bySite = new Map<string, number>();
    for (const d of estate.devices)
      if (d.role === 'host')
        bySite.set(d.siteId, (bySite.get(d.siteId) ?? 0) + (perHost.get(d.id) ?? 0));
    return bySite;
  }, [estate]);

  return (
    <div className="sites">
      <nav aria-labelledby="sites-heading">
        <h2 id="sites-heading" className="panel-heading">
          Data centers <span className="count">{estate.sites.length}</span>
        </h2>
        <ul className="site-list">
          {estate.sites.map((site) => (
            <li key={site.id}>
              <button
                type="button"
                className="site-entry"
                aria-current={site.id === currentSiteId ? 'page' : undefined}
                onClick={() => onOpen(site.id)}
                onMouseEnter={() => onHighlight(site.id)}
                onMouseLeave={() => onHighlight(null)}
                onFocus={() => onHighlight(site.id)}
                onBlur={() => onHighlight(null)}
                data-testid={`site-${site.id}`}
                data-drop-site={site.id}
              >
                <span className={`site-dot site-dot-${site.ownership}`} aria-hidden="true" />
                <span className="site-text">
                  <span className="site-name">{site.name}</span>
                  <span className="site-meta">
                    {topologyLabel(site)} · {site.region}
                  </span>
                </span>
                <span className="site-vms" title="VMs">
                  {vmsBySite.get(site.id) ?? 0}
                  <span className="visually-hidden"> VMs</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {children}
      <p className="hint muted">
        Click a data center, or focus it and press Enter, to open its fabric. Esc goes back.
      </p>
    </div>
  );
}
