/**
 * Canvas colours per theme. The canvas draws on a <canvas> and cannot read CSS
 * variables, so its colours live here; the page chrome has its own in
 * styles.css. The legend draws its swatches from the same objects, so legend
 * and canvas cannot disagree.
 */
export type ThemeName = 'dark' | 'light';

export interface GraphPalette {
  label: string;
  labelMuted: string;
  labelHalo: string;
  link: string;
  hostLink: string;
  selection: string;
  /** Switch tiers: top (core, spine, BCube top level), middle (aggregation, lower BCube levels), bottom (ToR). */
  top: string;
  middle: string;
  bottom: string;
  gateway: string;
  /** Hosts: fill from idle to busy by VM count, the number drawn in hostText. */
  hostIdle: string;
  hostBusy: string;
  hostBorder: string;
  hostText: string;
  sitePrivate: string;
  sitePublic: string;
  siteText: string;
  groupFill: string;
  groupBorder: string;
  /** WAN utilisation bands (see UTILISATION_BANDS). */
  ok: string;
  warn: string;
  hot: string;
  /** Move preview: the paths the moved VM's flows take afterwards, the paths that go away, new tunnels. */
  pathNew: string;
  pathOld: string;
  tunnel: string;
}

export const PALETTES: Record<ThemeName, GraphPalette> = {
  dark: {
    label: '#d3dcea',
    labelMuted: '#7f8fa8',
    labelHalo: '#0b111c',
    link: '#2f3e57',
    hostLink: '#243047',
    selection: '#fbbf24',
    top: '#38bdf8',
    middle: '#a78bfa',
    bottom: '#2dd4bf',
    gateway: '#f472b6',
    hostIdle: '#1b2436',
    hostBusy: '#2563eb',
    hostBorder: '#3b4d6b',
    hostText: '#f1f5f9',
    sitePrivate: '#1e3a5f',
    sitePublic: '#3b2a5c',
    siteText: '#e2e8f0',
    groupFill: '#111a2a',
    groupBorder: '#24324a',
    ok: '#22c55e',
    warn: '#f59e0b',
    hot: '#ef4444',
    pathNew: '#22d3ee',
    pathOld: '#64748b',
    tunnel: '#c084fc',
  },
  light: {
    label: '#1e293b',
    labelMuted: '#64748b',
    labelHalo: '#f8fafc',
    link: '#b8c4d6',
    hostLink: '#cfd8e5',
    selection: '#d97706',
    top: '#0369a1',
    middle: '#6d28d9',
    bottom: '#0f766e',
    gateway: '#be185d',
    hostIdle: '#eef2f7',
    hostBusy: '#3b82f6',
    hostBorder: '#94a3b8',
    hostText: '#0f172a',
    sitePrivate: '#dbeafe',
    sitePublic: '#ede9fe',
    siteText: '#0f172a',
    groupFill: '#f1f5f9',
    groupBorder: '#d5dde8',
    ok: '#16a34a',
    warn: '#d97706',
    hot: '#dc2626',
    pathNew: '#0891b2',
    pathOld: '#94a3b8',
    tunnel: '#9333ea',
  },
};

/** WAN utilisation bands: below `warn` is fine, from `hot` on the link is near saturation. */
export const UTILISATION_BANDS = { warn: 0.5, hot: 0.8 } as const;

export type UtilisationBand = 'ok' | 'warn' | 'hot';

export function utilisationBand(utilisation: number): UtilisationBand {
  if (utilisation >= UTILISATION_BANDS.hot) return 'hot';
  if (utilisation >= UTILISATION_BANDS.warn) return 'warn';
  return 'ok';
}
