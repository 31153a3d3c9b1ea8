/**
 * The panel at the right: the estate's counts, then the global view's WAN links (after the
 * tenant's move in the tenant view) or the site's details.
 */
import type { Estate } from '@vmmi/shared';
import type { EstateStats, SiteStats } from '@vmmi/shared';
import type { Device, Site, Tenant } from '@vmmi/shared';
import type { ReactNode } from 'react';
import { DeviceInfo } from './DeviceInfo.tsx';
import { SiteInfo } from './SiteInfo.tsx';
import { WanTable } from './WanTable.tsx';
import { EstateSourceLine } from '../import/EstateSourceLine.tsx';
import { fmtCount } from '../planner/format.ts';
import { TenantMoveButton } from '../planner/EvacuationDialog.tsx';

export interface SidePanelProps {
  estate: Estate;
  counts: EstateStats;
  site: Site | null;
  siteStats: SiteStats | null;
  device: Device | null;
  vmsOnDevice: number;
  /** The VMs of the selected host (a drag source). */
  hostVms?: ReactNode;
  /** The move being prepared and the staged moves: shown first, as what the operator is working on. */
  planner?: ReactNode;
  /** The tenant of the tenant view: it can be moved to a site in waves. */
  tenant?: Tenant | null;
}

const STATS: [keyof Omit<EstateStats, 'devicesByRole'>, string][] = [
  ['sites', 'Sites'],
  ['hosts', 'Hosts'],
  ['vms', 'VMs'],
  ['tenants', 'Tenants'],
  ['switches', 'Switches'],
  ['wanLinks', 'WAN links'],
];

export function SidePanel({
  estate,
  counts,
  site,
  siteStats,
  device,
  vmsOnDevice,
  hostVms,
  planner,
  tenant = null,
}: SidePanelProps) {
  return (
    <aside className="panel" aria-label="Details">
      {planner}
      <section aria-labelledby="estate-heading">
        <h2 id="estate-heading" className="panel-heading">
          {estate.name}
        </h2>
        {estate.description && <p className="muted small">{estate.description}</p>}
        <EstateSourceLine estateId={estate.id} />
        <dl className="stats">
          {STATS.map(([key, label]) => (
            <div key={key} className="stat" data-testid={`count-${key}`}>
              <dt>{label}</dt>
              <dd>{fmtCount(counts[key])}</dd>
            </div>
          ))}
        </dl>
      </section>
      {site && siteStats ? (
        <>
          {/* The selected device first: its VMs are what the operator drags. */}
          {device && <DeviceInfo device={device} vms={vmsOnDevice} />}
          {device?.role === 'host' && hostVms}
          <SiteInfo site={site} stats={siteStats} />
        </>
      ) : (
        <>
          {tenant && (
            <section aria-labelledby="tenant-heading">
              <h2 id="tenant-heading" className="panel-heading">
                Tenant {tenant.name}
              </h2>
              <TenantMoveButton tenantId={tenant.id} />
            </section>
          )}
          <WanTable estate={estate} />
        </>
      )}
    </aside>
  );
}
