/** What the shapes and colours of the canvas mean, drawn from the same palette as the canvas. */
import type { Site, TopologyKind } from '@vmmi/shared';
import {
  PALETTES,
  UTILISATION_BANDS,
  type GraphPalette,
  type ThemeName,
} from '../theme/palette.ts';
import type { ViewName } from '../url/view-url.ts';

export interface LegendProps {
  theme: ThemeName;
  view: ViewName;
  /** The site shown in the site view. */
  site: Site | null;
}

const TIERS: Record<TopologyKind, [string, 'top' | 'middle' | 'bottom'][]> = {
  'fat-tree': [
    ['Core', 'top'],
    ['Aggregation', 'middle'],
    ['Edge', 'bottom'],
  ],
  'three-tier': [
    ['Core', 'top'],
    ['Aggregation', 'middle'],
    ['Access', 'bottom'],
  ],
  'leaf-spine': [
    ['Spine', 'top'],
    ['Leaf', 'bottom'],
  ],
  bcube: [
    ['Top level switch', 'top'],
    ['Middle level switch', 'middle'],
    ['Level 0 switch', 'bottom'],
  ],
  // Imported fabrics: tiers by the devices' roles, top to bottom.
  custom: [
    ['Upper tier switch', 'top'],
    ['Middle tier switch', 'middle'],
    ['Lower tier switch', 'bottom'],
  ],
};

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** What the tenant overlay draws (graph/tenant-elements.ts, styled by tenant-style.ts). */
function TenantItems({ p }: { p: GraphPalette }) {
  return (
    <ul>
      <li>
        <span className="sw sw-box" style={{ borderColor: p.top }} />
        Private DC
      </li>
      <li>
        <span className="sw sw-box sw-dashed" style={{ borderColor: p.middle }} />
        Public cloud
      </li>
      <li>
        <span className="sw sw-vm" style={{ background: p.hostBusy, borderColor: p.hostBorder }} />
        VM
      </li>
      <li>
        <span className="sw sw-diamond" style={{ background: p.gateway }} />
        Virtual appliance (router, firewall, load balancer)
      </li>
      <li>
        <span className="sw sw-switch" style={{ background: p.bottom }} />
        Stretched network
      </li>
      <li>
        <span className="sw sw-switch" style={{ background: p.middle }} />
        Per-site network
      </li>
      <li>
        <span className="sw sw-line sw-dashed-line" style={{ borderColor: p.bottom }} />
        Tunnel, labelled with its segment (VNI, VLAN)
      </li>
    </ul>
  );
}

export function Legend({ theme, view, site }: LegendProps) {
  const p = PALETTES[theme];
  if (view === 'tenant')
    return (
      <aside className="legend" aria-label="Legend" data-testid="legend">
        <h2 className="legend-title">Legend</h2>
        <TenantItems p={p} />
      </aside>
    );
  const topology = view === 'site' ? (site?.topology.kind ?? null) : null;
  // BCube(n,1) has no middle level.
  const hasMiddle = topology !== 'bcube' || (site?.topology.params.k ?? 0) >= 2;
  return (
    <aside className="legend" aria-label="Legend" data-testid="legend">
      <h2 className="legend-title">Legend</h2>
      {topology === null ? (
        <ul>
          <li>
            <span
              className="sw sw-site"
              style={{ background: p.sitePrivate, borderColor: p.top }}
            />
            Private DC
          </li>
          <li>
            <span
              className="sw sw-cloud"
              style={{ background: p.sitePublic, borderColor: p.middle }}
            />
            Public cloud
          </li>
          <li>
            <span className="sw sw-line" style={{ background: p.ok }} />
            WAN below {pct(UTILISATION_BANDS.warn)}
          </li>
          <li>
            <span className="sw sw-line" style={{ background: p.warn }} />
            {pct(UTILISATION_BANDS.warn)}–{pct(UTILISATION_BANDS.hot)}
          </li>
          <li>
            <span className="sw sw-line" style={{ background: p.hot }} />
            {pct(UTILISATION_BANDS.hot)} and more
          </li>
          <li className="muted">Line width: capacity</li>
        </ul>
      ) : (
        <ul>
          <li>
            <span className="sw sw-diamond" style={{ background: p.gateway }} />
            DC gateway
          </li>
          {TIERS[topology]
            .filter(([, tier]) => hasMiddle || tier !== 'middle')
            .map(([label, tier]) => (
              <li key={label}>
                <span className="sw sw-switch" style={{ background: p[tier] }} />
                {label}
              </li>
            ))}
          <li>
            <span
              className="sw sw-host"
              style={{
                background: `linear-gradient(90deg, ${p.hostIdle}, ${p.hostBusy})`,
                borderColor: p.hostBorder,
              }}
            />
            Host: number of VMs
          </li>
        </ul>
      )}
    </aside>
  );
}
