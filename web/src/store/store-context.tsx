/**
 * React access to the store: a provider for the instance and hooks that read
 * it through a selector (xyflow's `useStore`). Components never import zustand.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppActions, AppStore, AppStoreState } from './app-store.ts';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store instance itself, for effects that subscribe to it (the URL sync). */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside <StoreProvider>');
  return store;
}

export function useAppStore<T>(selector: (state: AppStoreState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

const selectActions = (s: AppStoreState) => s.actions;

export function useAppActions(): AppActions {
  return useAppStore(selectActions);
}
