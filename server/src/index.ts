/**
 * @vmmi/server's public surface. The web imports only types from here
 * (enforced by ESLint), never run-time code.
 */
export type { AppRouter } from './routers/_app.ts';
export type { Role } from './auth/roles.ts';
export type { EstateSummary, StoredEstate } from './db/estate-repo.ts';
