/** Above the canvas: where you are (breadcrumb back to the global view) and the view's title. */
import type { Site, Tenant } from '@vmmi/shared';
import { topologyLabel } from '../estate/site-labels.ts';

export interface ViewBarProps {
  estateName: string;
  site: Site | null;
  /** The tenant of the tenant view. */
  tenant?: Tenant | null;
  onGlobal: () => void;
}

export function ViewBar({ estateName, site, tenant = null, onGlobal }: ViewBarProps) {
  if (tenant && !site)
    return <TenantBar estateName={estateName} tenant={tenant} onGlobal={onGlobal} />;
  return (
    <div className="viewbar">
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li>
            {site ? (
              <button
                type="button"
                className="link"
                onClick={onGlobal}
                data-testid="breadcrumb-global"
              >
                ← {estateName}
              </button>
            ) : (
              <span aria-current="page">{estateName}</span>
            )}
          </li>
          {site && <li aria-current="page">{site.name}</li>}
        </ol>
      </nav>
      <h1 className="view-title" data-testid="view-title">
        {site ? site.name : 'Global view'}
        <span className="view-subtitle">
          {site
            ? `${topologyLabel(site)} · ${site.ownership} · ${site.region}`
            : 'Data centers and WAN links'}
        </span>
      </h1>
    </div>
  );
}

/** The tenant view's bar: back to the estate, the tenant's name, what the picture shows. */
function TenantBar({
  estateName,
  tenant,
  onGlobal,
}: {
  estateName: string;
  tenant: Tenant;
  onGlobal: () => void;
}) {
  return (
    <div className="viewbar">
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li>
            <button
              type="button"
              className="link"
              onClick={onGlobal}
              data-testid="breadcrumb-global"
            >
              ← {estateName}
            </button>
          </li>
          <li aria-current="page">Tenant {tenant.name}</li>
        </ol>
      </nav>
      <h1 className="view-title" data-testid="view-title">
        {tenant.name}
        <span className="view-subtitle">
          Overlay: virtual networks, VMs by site, tunnels of stretched networks
        </span>
      </h1>
    </div>
  );
}
