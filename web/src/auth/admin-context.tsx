/** The admin API for the user menu's dialogs, provided once by the entry point (main.tsx). */
import { createContext, useContext, type ReactNode } from 'react';
import type { AdminApi } from '../api/admin-api.ts';

const AdminApiContext = createContext<AdminApi | null>(null);

export function AdminApiProvider({ api, children }: { api: AdminApi; children: ReactNode }) {
  return <AdminApiContext.Provider value={api}>{children}</AdminApiContext.Provider>;
}

/** Null outside a provider: the user menu then offers none of its dialogs. */
export function useAdminApi(): AdminApi | null {
  return useContext(AdminApiContext);
}
