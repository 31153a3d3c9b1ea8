/** The server's settings, read from the environment once, at start. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAFETY_DEFAULTS, type SafetyConfig } from '@vmmi/shared';
import { authSettingsFromEnv, type AuthSettings } from './auth/settings.ts';
import { MEMORY } from './db/db.ts';
import { parseEdgeConfig, type EdgeConfig } from './edge/config.ts';
import { SUPERVISOR_DEFAULTS } from './execution/supervisor.ts';

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; embedded PGlite in dataDir otherwise. */
  databaseUrl?: string;
  dataDir: string;
  webRoot?: string;
  /** Sessions, the anonymous viewer, the trusted proxy, the setup token (auth/settings.ts). */
  auth: AuthSettings;
  logLevel: string;
  /** The migration runner (docs/execution-ops.md), handed to buildApp's `execution`. */
  execution: ExecutionEnvConfig;
  /** The HTTP edge (docs/security.md, "The edge"), handed to buildApp's `edge`. */
  edge: EdgeConfig;
}

/** The migration runner's settings that come from the environment; the rest keep their defaults. */
export interface ExecutionEnvConfig {
  /** INSTANCE_ID: this instance's name in leases and events; generated per process when unset. */
  instanceId?: string;
  /** TICK_MS: real ms between supervisor ticks. */
  tickMs: number;
  /** LEASE_MS: how long an instance's lease lasts without renewal (renewed every LEASE_MS / 5). */
  leaseMs: number;
  /** MIGRATION_LIMIT_PER_HOST, _PER_SITE, _PER_WAN_LINK; the timeouts keep their defaults. */
  safety: SafetyConfig;
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

/** A whole number in [min, max]; `fallback` when unset or empty. */
function parseWhole(
  name: string,
  value: string | undefined,
  { min, max, fallback, unit }: { min: number; max: number; fallback: number; unit: string },
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new Error(
      `${name} must be a whole number of ${unit} from ${min} to ${max}, not "${value}"`,
    );
  return n;
}

/** Letters, digits and . _ : @ - (a host name, a pod name, a number), at most 128. */
const INSTANCE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

function parseExecution(env: NodeJS.ProcessEnv): ExecutionEnvConfig {
  const instanceId = env.INSTANCE_ID?.trim();
  if (instanceId !== undefined && instanceId !== '' && !INSTANCE_ID.test(instanceId))
    throw new Error(
      `INSTANCE_ID must be 1 to 128 letters, digits, ".", "_", ":", "@" or "-", not "${env.INSTANCE_ID}"`,
    );
  const tickMs = parseWhole('TICK_MS', env.TICK_MS, {
    min: 1,
    max: 60_000,
    fallback: SUPERVISOR_DEFAULTS.tickMs,
    unit: 'milliseconds',
  });
  const leaseMs = parseWhole('LEASE_MS', env.LEASE_MS, {
    min: 100,
    max: 3_600_000,
    fallback: SUPERVISOR_DEFAULTS.leaseMs,
    unit: 'milliseconds',
  });
  // Leases are renewed on a tick once LEASE_MS / 5 has passed: ticks further apart than that would let them lapse.
  if (leaseMs < 5 * tickMs)
    throw new Error(
      `LEASE_MS (${leaseMs}) must be at least 5 × TICK_MS (${tickMs}): leases are renewed on a tick every LEASE_MS / 5`,
    );
  const limit = (name: string, fallback: number) =>
    parseWhole(name, env[name], { min: 1, max: 10_000, fallback, unit: 'migrations' });
  return {
    ...(instanceId ? { instanceId } : {}),
    tickMs,
    leaseMs,
    safety: {
      ...SAFETY_DEFAULTS,
      perHost: limit('MIGRATION_LIMIT_PER_HOST', SAFETY_DEFAULTS.perHost),
      perSite: limit('MIGRATION_LIMIT_PER_SITE', SAFETY_DEFAULTS.perSite),
      perWanLink: limit('MIGRATION_LIMIT_PER_WAN_LINK', SAFETY_DEFAULTS.perWanLink),
    },
  };
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  {
    cwd = process.cwd(),
    exists = existsSync,
  }: { cwd?: string; exists?: (p: string) => boolean } = {},
): ServerConfig {
  // Loopback unless told otherwise: the role header is not authentication (auth/roles.ts).
  const host = env.HOST || '127.0.0.1';
  return {
    port: parsePort(env.PORT),
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: parseDataDir(env.DATA_DIR, cwd),
    webRoot: parseWebRoot(env.WEB_ROOT, cwd, exists),
    auth: authSettingsFromEnv(env),
    logLevel: env.LOG_LEVEL || 'info',
    execution: parseExecution(env),
    edge: parseEdgeConfig(env, host),
  };
}
