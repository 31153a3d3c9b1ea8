/**
 * The entry point: read the URL, create the store, apply the theme before the
 * first paint, start loading the estate, render. The page's components (and
 * Cytoscape with them) are loaded as a chunk of their own, so that the estate
 * is requested before that code is evaluated rather than after.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEstateApi } from './api/estate-api.ts';
import { createExecutionApi } from './api/execution-api.ts';
import { createImportApi } from './api/import-api.ts';
import { createPlansApi } from './api/plans-api.ts';
import { createWaveRunsApi } from './api/wave-runs-api.ts';
import { createTrpcClient } from './api/trpc.ts';
import { createAuthApi } from './api/auth-api.ts';
import { authFetch, CSRF_COOKIE, type AuthEvents } from './api/auth-fetch.ts';
import { bootAwareFetch } from './api/boot-fetch.ts';
import { readCookie } from './api/cookies.ts';
import { takeSetupTokenFromPage } from './auth/setup-url.ts';
import { isKiosk, kioskLocation, parseKioskOptions } from './kiosk/kiosk-url.ts';
import { loadStaged, saveStaged } from './planner/staged-storage.ts';
import { createAppStore } from './store/app-store.ts';
import { StoreProvider } from './store/store-context.tsx';
import { ImportApiProvider } from './import/import-context.tsx';
import { AdminApiProvider } from './auth/admin-context.tsx';
import { createAdminApi } from './api/admin-api.ts';
import { installTestHook } from './test-hook.ts';
import { applyTheme, systemTheme } from './theme/apply-theme.ts';
import { parseLocation } from './url/view-url.ts';
import './styles.css';

// `?kiosk`: the NOC wall screen (kiosk/KioskApp.tsx) instead of the planner.
const setupToken = takeSetupTokenFromPage();
const kiosk = isKiosk(window.location.search) ? parseKioskOptions(window.location.search) : null;
const location = kiosk ? kioskLocation(kiosk) : parseLocation(window.location.search);
const system = systemTheme();
applyTheme(location.theme ?? system);
installTestHook();

// Set once the store exists: 401s open the sign-in dialog, 403s say why (api/auth-fetch.ts).
let authEvents: AuthEvents | null = null;
const trpc = createTrpcClient(
  '/trpc',
  authFetch(
    bootAwareFetch(),
    () => readCookie(document.cookie, CSRF_COOKIE),
    () => authEvents,
  ),
);
const store = createAppStore({
  api: createEstateApi(trpc),
  auth: createAuthApi(),
  setupToken,
  plans: createPlansApi(trpc),
  execution: createExecutionApi(trpc),
  waveRuns: createWaveRunsApi(trpc),
  location,
  systemTheme: system,
});

// Staged moves outlive a reload: restored here, saved whenever they change.
if (!kiosk) {
  store.getState().actions.restoreStaged(loadStaged(window.localStorage));
  store.subscribe((state, previous) => {
    if (state.planner.staged !== previous.planner.staged)
      saveStaged(window.localStorage, state.planner.staged);
  });
}

// The planner asks who the caller is (apart from the batched boot request) and loads its estate
// here; the kiosk polls for its estate itself (kiosk/useLiveEstate.ts) as the anonymous viewer.
if (!kiosk) {
  const { actions } = store.getState();
  authEvents = {
    onUnauthorized: () => actions.requireSignIn(),
    onForbidden: (message) => actions.setAuthNotice(`Refused: ${message}`),
  };
  void actions.loadMe();
  void actions.start();
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const page = kiosk
  ? import('./kiosk/KioskApp.tsx').then(({ KioskApp }) => <KioskApp options={kiosk} />)
  : import('./auth/AuthRoot.tsx').then(({ AuthRoot }) => <AuthRoot />);
void page.then((element) =>
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <ImportApiProvider api={createImportApi(trpc)}>
          <AdminApiProvider api={createAdminApi(trpc)}>{element}</AdminApiProvider>
        </ImportApiProvider>
      </StoreProvider>
    </StrictMode>,
  ),
);
