/** The store's state and its initial value, apart from the actions (xyflow's `initialState.ts`). */
import type { Estate, PreviewOptions } from '@vmmi/shared';
import type { ErrorInfo } from '../api/errors.ts';
import type { EstateSummary } from '../api/estate-api.ts';
import type { ThemeName } from '../theme/palette.ts';
import type { ViewLocation, ViewName } from '../url/view-url.ts';
import { initialPlannerState, type PlannerState } from '../planner/types.ts';
import { initialExecutionState, type ExecutionState } from '../execution/types.ts';
import { initialAuthState, type AuthState } from '../auth/types.ts';

/** Something fetched from the server. */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ErrorInfo };

export type ThemePreference = 'system' | ThemeName;

export interface AppState {
  estateList: Loadable<EstateSummary[]>;
  /** The estate asked for (URL) or chosen; null until the list says which one. */
  estateId: string | null;
  estate: Loadable<Estate>;
  /** The stored version of the loaded estate; null while none is loaded. */
  estateVersion: number | null;
  view: ViewName;
  siteId: string | null;
  /** The device clicked on the canvas of the site view, shown in the side panel. */
  deviceId: string | null;
  /** The tenant of the tenant (overlay) view. */
  tenantId: string | null;
  /** The VM chosen in the VM table, the search or the tenant view; kept across views. */
  vmId: string | null;
  themePreference: ThemePreference;
  /** What `prefers-color-scheme` says; used while the preference is 'system'. */
  systemTheme: ThemeName;
  /** The server's preview options (its migration limits), so browser previews match its check. */
  previewOptions: PreviewOptions;
  /** The move being prepared and the moves staged for review. */
  planner: PlannerState;
  /** Migrations running and past, the event ticker, faults. */
  execution: ExecutionState;
  /** Who the caller is, and the sign-in prompts. */
  auth: AuthState;
}

export function initialState(
  location?: ViewLocation,
  systemTheme: ThemeName = 'dark',
  setupToken: string | null = null,
): AppState {
  return {
    estateList: { status: 'idle' },
    estateId: location?.estate ?? null,
    estate: { status: 'idle' },
    estateVersion: null,
    view: location?.view ?? 'global',
    siteId: location?.site ?? null,
    deviceId: null,
    tenantId: location?.tenant ?? null,
    vmId: null,
    themePreference: location?.theme ?? 'system',
    systemTheme,
    previewOptions: {},
    planner: initialPlannerState(),
    execution: initialExecutionState(),
    auth: initialAuthState(setupToken),
  };
}
