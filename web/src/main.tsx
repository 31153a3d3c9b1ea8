/** The entry point: read the URL, create the store, apply the theme before the first paint, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createEstateApi } from './api/estate-api.ts';
import { createPlansApi } from './api/plans-api.ts';
import { createTrpcClient } from './api/trpc.ts';
import { createAppStore } from './store/app-store.ts';
import { StoreProvider } from './store/store-context.tsx';
import { installTestHook } from './test-hook.ts';
import { applyTheme, systemTheme } from './theme/apply-theme.ts';
import { parseLocation } from './url/view-url.ts';
import './styles.css';

const location = parseLocation(window.location.search);
const system = systemTheme();
applyTheme(location.theme ?? system);
installTestHook();

const trpc = createTrpcClient();
const store = createAppStore({
  api: createEstateApi(trpc),
  plans: createPlansApi(trpc),
  location,
  systemTheme: system,
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
