/**
 * Module-level selectors: stable functions, so components re-render only when
 * what they read changed. Derived objects are memoised per estate object,
 * because a selector that returns a fresh object on every call would make
 * React re-render forever.
 */
import {
  estateStats,
  siteStats,
  type Estate,
  type EstateStats,
  type ImpactReport,
  type Site,
  type SiteStats,
  type Tenant,
} from '@vmmi/shared';
import type { StagedPlan } from '../planner/types.ts';
import type { ThemeName } from '../theme/palette.ts';
import type { ViewLocation } from '../url/view-url.ts';
import type { AppState } from './initial-state.ts';

export const selectEstate = (s: AppState): Estate | null =>
  s.estate.status === 'ready' ? s.estate.data : null;

export const selectView = (s: AppState) => s.view;
export const selectSiteId = (s: AppState) => s.siteId;
export const selectDeviceId = (s: AppState) => s.deviceId;
export const selectVmId = (s: AppState) => s.vmId;
export const selectEstateStatus = (s: AppState) => s.estate;
export const selectEstateList = (s: AppState) => s.estateList;
export const selectEstateId = (s: AppState) => s.estateId;

export const selectTheme = (s: AppState): ThemeName =>
  s.themePreference === 'system' ? s.systemTheme : s.themePreference;

/** The site of the site view; null in the global view or when the estate has no such site. */
export const selectCurrentSite = (s: AppState): Site | null => {
  if (s.view !== 'site' || s.siteId === null) return null;
  return selectEstate(s)?.sites.find((site) => site.id === s.siteId) ?? null;
};

/** A site asked for (URL) that the loaded estate does not have: the UI says so and shows the global view. */
export const selectMissingSiteId = (s: AppState): string | null =>
  s.view === 'site' && selectEstate(s) !== null && selectCurrentSite(s) === null ? s.siteId : null;

/** The tenant of the tenant view; null in the other views or when the estate has no such tenant. */
export const selectCurrentTenant = (s: AppState): Tenant | null => {
  if (s.view !== 'tenant' || s.tenantId === null) return null;
  return selectEstate(s)?.tenants.find((t) => t.id === s.tenantId) ?? null;
};

/** What is drawn: the site or tenant view only when its site or tenant exists. */
export const selectShownView = (s: AppState) =>
  selectCurrentSite(s) ? 'site' : selectCurrentTenant(s) ? 'tenant' : 'global';

export const selectDevice = (s: AppState) =>
  s.deviceId === null ? null : (selectEstate(s)?.devices.find((d) => d.id === s.deviceId) ?? null);

const countsCache = new WeakMap<Estate, EstateStats>();
export const selectEstateStats = (s: AppState): EstateStats | null => {
  const estate = selectEstate(s);
  if (!estate) return null;
  let counts = countsCache.get(estate);
  if (!counts) countsCache.set(estate, (counts = estateStats(estate)));
  return counts;
};

const siteStatsCache = new WeakMap<Estate, Map<string, SiteStats>>();
export const selectSiteStats = (s: AppState): SiteStats | null => {
  const estate = selectEstate(s);
  const site = selectCurrentSite(s);
  if (!estate || !site) return null;
  let perSite = siteStatsCache.get(estate);
  if (!perSite) siteStatsCache.set(estate, (perSite = new Map<string, SiteStats>()));
  let stats = perSite.get(site.id);
  if (!stats) perSite.set(site.id, (stats = siteStats(estate, site.id)));
  return stats;
};

/** The location that describes the state, for the URL. */
export const selectLocation = (s: AppState): ViewLocation => ({
  estate: s.estateId,
  view: s.view,
  site: s.view === 'site' ? s.siteId : null,
  tenant: s.view === 'tenant' ? s.tenantId : null,
  theme: s.themePreference === 'system' ? null : s.themePreference,
});

/** The preview of the move being prepared (null before a target is chosen). */
export const selectPreview = (s: AppState) => s.planner.preview;

/** The staged plan the panel shows: the focused one, unless a move is being prepared. */
export const selectFocusedPlan = (s: AppState): StagedPlan | null =>
  s.planner.draft ? null : (s.planner.staged.find((p) => p.id === s.planner.focusedPlanId) ?? null);

/** The report drawn on the canvas: the live preview of the move being prepared, else the focused plan's. */
export const selectShownReport = (s: AppState): ImpactReport | null =>
  s.planner.draft
    ? s.planner.preview?.ok
      ? s.planner.preview.report
      : null
    : (selectFocusedPlan(s)?.report ?? null);
