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
import { createTrpcClient } from './api/trpc.ts';
import { isKiosk, kioskLocation, parseKioskOptions } from './kiosk/kiosk-url.ts';
import { loadStaged, saveStaged } from './planner/staged-storage.ts';
import { createAppStore } from './store/app-store.ts';
import { StoreProvider } from './store/store-context.tsx';
import { ImportApiProvider } from './import/import-context.tsx';
import { installTestHook } from './test-hook.ts';
import { applyTheme, systemTheme } from './theme/apply-theme.ts';
import { parseLocation } from './url/view-url.ts';
import './styles.css';

// `?kiosk`: the NOC wall screen (kiosk/KioskApp.tsx) instead of the planner.
const kiosk = isKiosk(window.location.search) ? parseKioskOptions(window.location.search) : null;
const location = kiosk ? kioskLocation(kiosk) : parseLocation(window.location.search);
const system = systemTheme();
applyTheme(location.theme ?? system);
installTestHook();

const trpc = createTrpcClient();
const store = createAppStore({
  api: createEstateApi(trpc),
  plans: createPlansApi(trpc),
  execution: createExecutionApi(trpc),
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

// The planner loads its estate here; the kiosk polls for it itself (kiosk/useLiveEstate.ts).
if (!kiosk) void store.getState().actions.start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const page = kiosk
  ? import('./kiosk/KioskApp.tsx').then(({ KioskApp }) => <KioskApp options={kiosk} />)
  : import('./App.tsx').then(({ App }) => <App />);
void page.then((element) =>
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <ImportApiProvider api={createImportApi(trpc)}>{element}</ImportApiProvider>
      </StoreProvider>
    </StrictMode>,
  ),
);
