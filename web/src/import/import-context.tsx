/** The import API for the dialog, provided once by the entry point (main.tsx). */
import { createContext, useContext, type ReactNode } from 'react';
import type { ImportApi } from '../api/import-api.ts';

const ImportApiContext = createContext<ImportApi | null>(null);

export function ImportApiProvider({ api, children }: { api: ImportApi; children: ReactNode }) {
  return <ImportApiContext.Provider value={api}>{children}</ImportApiContext.Provider>;
}

/** Null outside a provider (the kiosk has none): callers hide the import then. */
export function useImportApi(): ImportApi | null {
  return useContext(ImportApiContext);
}
