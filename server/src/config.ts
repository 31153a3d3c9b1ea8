/** The server's settings, read from the environment once, at start. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authModeFromEnv, type AuthMode } from './auth/roles.ts';
import { MEMORY } from './db/db.ts';

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; embedded PGlite in dataDir otherwise. */
  databaseUrl?: string;
  dataDir: string;
  webRoot?: string;
  authMode: AuthMode;
  logLevel: string;
}

const serverDir = fileURLToPath(new URL('..', import.meta.url));
/** `.data/pglite` under the repository root, ignored by git. */
export const DEFAULT_DATA_DIR = resolve(serverDir, '..', '.data', 'pglite');
/** Where `pnpm build` puts the web app. */
export const DEFAULT_WEB_ROOT = resolve(serverDir, '..', 'web', 'dist');

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0..65535, not "${value}"`);
  return port;
}

function parseDataDir(value: string | undefined, cwd: string): string {
  if (!value) return DEFAULT_DATA_DIR;
  return value === MEMORY || isAbsolute(value) ? value : resolve(cwd, value);
}

function parseWebRoot(
  value: string | undefined,
  cwd: string,
  exists: (p: string) => boolean,
): string | undefined {
  // The default is optional (a server-only checkout has no web build); an explicit one must exist.
  if (!value) return exists(DEFAULT_WEB_ROOT) ? DEFAULT_WEB_ROOT : undefined;
  const dir = resolve(cwd, value);
  if (!exists(dir)) throw new Error(`WEB_ROOT ${dir} does not exist`);
  return dir;
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  {
    cwd = process.cwd(),
    exists = existsSync,
  }: { cwd?: string; exists?: (p: string) => boolean } = {},
): ServerConfig {
  return {
    port: parsePort(env.PORT),
    // Loopback unless told otherwise: the role header is not authentication (auth/roles.ts).
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: parseDataDir(env.DATA_DIR, cwd),
    webRoot: parseWebRoot(env.WEB_ROOT, cwd, exists),
    authMode: authModeFromEnv(env.AUTH_MODE),
    logLevel: env.LOG_LEVEL || 'info',
  };
}
