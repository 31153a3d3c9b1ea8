/**
 * The one application store (STYLE.md practice 4): made by a factory, so every
 * test and every mounted app gets its own; state in initial-state.ts; reads
 * through the selectors in selectors.ts. Actions are thin: fetch through the
 * injected EstateApi, set state, nothing else.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EstateApi, EstateSummary } from '../api/estate-api.ts';
import { describeError } from '../api/errors.ts';
import type { ThemeName } from '../theme/palette.ts';
import type { ViewLocation, ViewName } from '../url/view-url.ts';
import type { PlansApi } from '../api/plans-api.ts';
import { initialState, type AppState, type ThemePreference } from './initial-state.ts';
import { createPlannerActions, type PlannerActions } from './planner-actions.ts';
import { createPlannerModeActions, type PlannerModeActions } from './planner-mode-actions.ts';
import { createExecutionActions, type ExecutionActions } from './execution-actions.ts';
import type { ExecutionApi } from '../api/execution-api.ts';
import type { AuthApi } from '../api/auth-api.ts';
import { createAuthActions, type AuthActions } from './auth-actions.ts';
import type { WaveRunsApi } from '../api/wave-runs-api.ts';
import { createWaveRunActions, type WaveRunActions } from './wave-run-actions.ts';
import { selectTheme } from './selectors.ts';

export interface AppActions
  extends PlannerActions, PlannerModeActions, ExecutionActions, WaveRunActions, AuthActions {
  /** Loads the estate list, then the estate asked for or else the first one. Retry runs it again. */
  start: () => Promise<void>;
  loadEstateList: (signal?: AbortSignal) => Promise<EstateSummary[] | undefined>;
  /**
   * Fetches the list again for a page already showing one: the list shown stays while
   * the request runs and when it fails (the page keeps working while the server is
   * away). Resolves to the new list, or undefined when it could not be had.
   */
  refreshEstateList: (signal?: AbortSignal) => Promise<EstateSummary[] | undefined>;
  loadEstate: (id: string) => Promise<void>;
  /** Switches to another estate, starting from its global view. */
  openEstate: (id: string) => Promise<void>;
  /** Opens the global view, or a site's view. */
  selectView: (view: ViewName, siteId?: string | null) => void;
  selectDevice: (deviceId: string | null) => void;
  /** Opens a tenant's overlay view. */
  openTenant: (tenantId: string) => void;
  /** Selects a VM (null clears); independent of the view, so it survives a change of view. */
  selectVm: (vmId: string | null) => void;
  setThemePreference: (preference: ThemePreference) => void;
  /** Switches to the other theme than the one shown, as an explicit choice. */
  toggleTheme: () => void;
  setSystemTheme: (theme: ThemeName) => void;
  /** Follows a location (back / forward): view, site, theme, and the estate when it differs. */
  applyLocation: (location: ViewLocation) => void;
  /**
   * Fetches the estate again and swaps it in only when it arrived: the old
   * picture stays up while the request runs and when it fails (the kiosk's
   * live updates). Staged plans keep the version they were previewed on.
   * Resolves to whether it was swapped in.
   */
  refreshEstate: (id: string, signal?: AbortSignal) => Promise<boolean>;
}

export type AppStoreState = AppState & { actions: AppActions };
export type AppStore = StoreApi<AppStoreState>;

export interface AppStoreOptions {
  api: EstateApi;
  /** Accepting staged plans; without it, Accept reports that the server cannot be asked. */
  plans?: PlansApi;
  /** Executing plans and following their runs; without it, nothing runs and no stream is opened. */
  execution?: ExecutionApi;
  /** Wave runs (a drain's waves run by the server); without it, none starts and none is read. */
  waveRuns?: WaveRunsApi;
  /** Wait before the event stream is subscribed again (tests shorten it). */
  retryMs?: number;
  /** Who the caller is, signing in and out; without it, `auth.me` never answers (no role). */
  auth?: AuthApi;
  /** The first-admin setup token the page was opened with (`?setup=`). */
  setupToken?: string | null;
  /** The location the page was opened with. */
  location?: ViewLocation;
  systemTheme?: ThemeName;
}

const noPlansApi: PlansApi = {
  accept: () => Promise.resolve({ kind: 'error', message: 'no server to accept plans' }),
};

const noServer = () =>
  Promise.resolve({
    ok: false as const,
    refusal: null,
    unreachable: true,
    message: 'no server to run migrations',
  });
const noExecutionApi: ExecutionApi = {
  execute: noServer,
  abort: noServer,
  list: noServer,
  get: noServer,
  injectFault: noServer,
  clearFault: noServer,
  listFaults: noServer,
  subscribe: () => () => {},
};

const noWaveRunsApi: WaveRunsApi = {
  create: noServer,
  list: noServer,
  get: noServer,
  approve: noServer,
  cancel: noServer,
};

const noAuthApi: AuthApi = {
  me: noServer,
  login: () => Promise.resolve({ ok: false, status: null, message: 'no server to sign in to' }),
  logout: () => Promise.resolve({ ok: true }),
  setup: () => Promise.resolve({ ok: false, status: null, message: 'no server to set up' }),
};

export function createAppStore({
  api,
  plans = noPlansApi,
  execution = noExecutionApi,
  waveRuns = noWaveRunsApi,
  auth = noAuthApi,
  setupToken = null,
  retryMs,
  location,
  systemTheme,
}: AppStoreOptions): AppStore {
  // Each request gets a number; an answer that is no longer the latest is dropped.
  let estateRequest = 0;
  let listRequest = 0;
  /** The estate list's load while it is out (refreshes wait for it rather than race it). */
  let listLoad: Promise<EstateSummary[] | undefined> | null = null;

  return createStore<AppStoreState>()((set, get) => {
    // The server's migration limits, which the previews use. A server that cannot say leaves the
    // engine's defaults.
    const loadPreviewOptions = (): Promise<void> =>
      (api.getPreviewOptions?.() ?? Promise.reject(new Error('no preview options')))
        .then((previewOptions) => set({ previewOptions }))
        .catch(() => undefined);
    // One request for the estate list: the newest answer wins; a failure becomes the list's
    // error state only when `showFailure` (a load, not a refresh).
    const askList = async (
      signal: AbortSignal | undefined,
      showFailure: boolean,
    ): Promise<EstateSummary[] | undefined> => {
      const request = ++listRequest;
      try {
        const data = await api.listEstates(signal);
        if (request === listRequest) set({ estateList: { status: 'ready', data } });
        return data;
      } catch (err) {
        if (showFailure && request === listRequest)
          set({ estateList: { status: 'error', error: describeError(err) } });
        return undefined;
      }
    };
    const reloadEstate = () => {
      const id = get().estateId;
      return id === null ? Promise.resolve(false) : actions.refreshEstate(id);
    };
    const actions: AppActions = {
      ...createPlannerActions(set, get, { plans, reloadEstate }),
      ...createPlannerModeActions(set, get),
      ...createExecutionActions(set, get, {
        api: execution,
        reloadEstate,
        ...(retryMs !== undefined && { retryMs }),
      }),
      ...createWaveRunActions(set, get, { api: waveRuns, reloadEstate }),
      ...createAuthActions(set, get, {
        api: auth,
        reload: () => actions.start(),
        reloadList: () => actions.loadEstateList(),
      }),

      async start() {
        const listed = actions.loadEstateList();
        // An estate named by the URL is fetched along with the list and the preview options, in
        // this order and the same tick: one batched request, exactly the one index.html's boot
        // script starts (`estate.list,estate.getPacked,impact.options`), whose response the link
        // takes instead of asking again. Asked apart or in another order, the estate would
        // download twice; asked after, a drag before the options came used the engine's defaults.
        const named = get().estateId;
        if (named !== null) {
          const loaded = actions.loadEstate(named);
          const options = loadPreviewOptions();
          await Promise.all([listed, loaded, options]);
          return;
        }
        const list = await listed;
        void loadPreviewOptions();
        if (!list) return;
        const id = list[0]?.id ?? null;
        if (id === null) return; // no estates at all: the empty state
        await actions.loadEstate(id);
      },

      loadEstateList(signal) {
        set({ estateList: { status: 'loading' } });
        const load = askList(signal, true);
        listLoad = load;
        // It never rejects: its failure is the list's error state.
        void load.then(() => {
          if (listLoad === load) listLoad = null;
        });
        return load;
      },

      refreshEstateList(signal) {
        // A load still out answers for the refresh too: the watch polls as it mounts, and a
        // second request would supersede the load, whose failure would then never be shown.
        // A refresh's own failure leaves the list on the screen while the server is away.
        return listLoad ?? askList(signal, false);
      },

      async loadEstate(id) {
        const request = ++estateRequest;
        set({ estateId: id, estate: { status: 'loading' }, estateVersion: null });
        try {
          const { estate: data, version } = await api.getEstate(id);
          if (request === estateRequest)
            set({ estate: { status: 'ready', data }, estateVersion: version });
        } catch (err) {
          if (request === estateRequest)
            set({ estate: { status: 'error', error: describeError(err) } });
        }
      },

      openEstate(id) {
        set({ view: 'global', siteId: null, deviceId: null });
        return actions.loadEstate(id);
      },

      selectView(view, siteId = null) {
        set({ view, siteId: view === 'site' ? siteId : null, deviceId: null });
      },

      selectDevice(deviceId) {
        set({ deviceId });
      },

      openTenant(tenantId) {
        set({ view: 'tenant', siteId: null, tenantId, deviceId: null });
      },

      selectVm(vmId) {
        set({ vmId });
      },

      setThemePreference(themePreference) {
        set({ themePreference });
      },

      toggleTheme() {
        set({ themePreference: selectTheme(get()) === 'dark' ? 'light' : 'dark' });
      },

      setSystemTheme(systemTheme) {
        set({ systemTheme });
      },

      applyLocation(loc) {
        set({
          view: loc.view,
          siteId: loc.site,
          tenantId: loc.tenant,
          deviceId: null,
          themePreference: loc.theme ?? 'system',
        });
        if (loc.estate !== null && loc.estate !== get().estateId)
          void actions.loadEstate(loc.estate);
      },

      async refreshEstate(id, signal) {
        const request = ++estateRequest;
        try {
          const { estate: data, version } = await api.getEstate(id, signal);
          if (request !== estateRequest) return false;
          set({ estateId: id, estate: { status: 'ready', data }, estateVersion: version });
          return true;
        } catch {
          return false;
        }
      },
    };
    return { ...initialState(location, systemTheme, setupToken), actions };
  });
}
