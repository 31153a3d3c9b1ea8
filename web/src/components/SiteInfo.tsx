/** The selected site: where and whose it is, its fabric, and how full its hosts are. */
import { isGeneratedKind, topologyGenerators, type Site } from '@vmmi/shared';
import type { SiteStats } from '@vmmi/shared';
import { ROLE_LABELS, ROLE_ORDER } from '../estate/site-labels.ts';
import { EvacuateButton } from '../planner/EvacuationDialog.tsx';
import { RebalanceButton } from '../planner/RebalanceDialog.tsx';
import { Prop, PropList } from './PropList.tsx';
import { fmtCount } from '../planner/format.ts';

function Usage({
  label,
  used,
  total,
  unit,
}: {
  label: string;
  used: number;
  total: number;
  unit: string;
}) {
  const share = total > 0 ? Math.min(1, used / total) : 0;
  return (
    <div className="usage">
      <div className="usage-row">
        <span>{label}</span>
        <span className="muted">
          {fmtCount(used)} / {fmtCount(total)} {unit}
        </span>
      </div>
      <div
        className="bar"
        role="meter"
        aria-label={`${label} used`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <span style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

/** "accessPerAggregation" → "access per aggregation": parameter names as words. */
const paramLabel = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export function SiteInfo({ site, stats }: { site: Site; stats: SiteStats }) {
  const params = Object.entries(site.topology.params);
  return (
    <section aria-labelledby="site-heading" data-testid="site-info">
      <h2 id="site-heading" className="panel-heading">
        {site.name}
        <span className={`badge badge-${site.ownership}`}>{site.ownership}</span>
      </h2>
      <p className="muted small">
        {isGeneratedKind(site.topology.kind)
          ? topologyGenerators[site.topology.kind].description
          : "A custom fabric (imported or written by hand): tiers follow its devices' roles."}
      </p>
      <PropList>
        <Prop label="Id">
          <code>{site.id}</code>
        </Prop>
        <Prop label="Region">{site.region}</Prop>
        <Prop label="Location">
          {site.location.lat.toFixed(2)}, {site.location.lon.toFixed(2)}
        </Prop>
        <Prop label="Topology">{site.topology.kind}</Prop>
        {params.map(([name, value]) => (
          <Prop key={name} label={paramLabel(name)} testId={`site-param-${name}`} value={value}>
            {value}
          </Prop>
        ))}
        <Prop label="Routing">{site.routingMode}</Prop>
        <Prop label="Gateway">
          {stats.gateway ? `${stats.gateway.name} (${stats.gateway.stack ?? 'ipv4'})` : 'none'}
        </Prop>
      </PropList>
      <h3 className="sub-heading">Devices</h3>
      <dl className="stats stats-compact">
        {ROLE_ORDER.filter((r) => stats.byRole[r]).map((role) => (
          <div key={role} className="stat" data-testid={`role-count-${role}`}>
            <dt>{ROLE_LABELS[role]}</dt>
            <dd>{stats.byRole[role]}</dd>
          </div>
        ))}
        <div className="stat" data-testid="site-vms">
          <dt>VMs</dt>
          <dd>{stats.vms}</dd>
        </div>
      </dl>
      <Usage label="vCPU" used={stats.vcpu.used} total={stats.vcpu.total} unit="" />
      <Usage label="Memory" used={stats.memoryGiB.used} total={stats.memoryGiB.total} unit="GiB" />
      {stats.vms > 0 && (
        <div className="dialog-actions site-actions">
          <RebalanceButton siteId={site.id} />
          <EvacuateButton source={{ kind: 'site', siteId: site.id }} label="Drain site…" />
        </div>
      )}
      <h3 className="sub-heading">Tenants</h3>
      <p className="small">{stats.tenants.length ? stats.tenants.join(', ') : 'none'}</p>
    </section>
  );
}
