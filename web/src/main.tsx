/** The entry point: read the URL, create the store, apply the theme before the first paint, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createEstateApi } from './api/estate-api.ts';
import { createExecutionApi } from './api/execution-api.ts';
import { createPlansApi } from './api/plans-api.ts';
import { createTrpcClient } from './api/trpc.ts';
import { KioskApp } from './kiosk/KioskApp.tsx';
import { isKiosk, kioskLocation, parseKioskOptions } from './kiosk/kiosk-url.ts';
import { loadStaged, saveStaged } from './planner/staged-storage.ts';
import { createAppStore } from './store/app-store.ts';
import { StoreProvider } from './store/store-context.tsx';
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

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>{kiosk ? <KioskApp options={kiosk} /> : <App />}</StoreProvider>
  </StrictMode>,
);
