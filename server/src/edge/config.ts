/**
 * The HTTP edge's settings (docs/security.md, "The edge"): which Host names and
 * origins the server answers, who may frame the kiosk, and the request limits.
 * Read from the environment by config.ts; every value is checked at start.
 */
export interface EdgeConfig {
  /** ALLOWED_HOSTS: Host header names (no port) the server answers; '*' answers any. */
  allowedHosts: readonly string[] | '*';
  /** CORS_ORIGINS: origins whose pages may call the API; empty: none (same-origin only). */
  corsOrigins: readonly string[];
  /** KIOSK_FRAME_ORIGINS: origins that may frame the kiosk page (`/?kiosk`); empty: none. */
  kioskFrameOrigins: readonly string[];
  /** TRPC_MAX_BATCH: procedures in one batched tRPC call. */
  maxBatch: number;
  /** BODY_LIMIT_BYTES: request bodies of every procedure but the imports. */
  bodyLimit: number;
  /** IMPORT_BODY_LIMIT_BYTES: request bodies of estate.import, importFile and importClab. */
  importBodyLimit: number;
  /** RATE_LIMIT_CHANGES_PER_MIN: tRPC mutations (POST /trpc) per caller and minute. */
  changesPerMinute: number;
}

const MiB = 1024 * 1024;

/** Loopback names a browser on the server's own machine uses. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

export const EDGE_DEFAULTS: EdgeConfig = {
  allowedHosts: LOOPBACK_HOSTS,
  corsOrigins: [],
  kioskFrameOrigins: [],
  maxBatch: 20,
  bodyLimit: 1 * MiB,
  importBodyLimit: 64 * MiB,
  changesPerMinute: 120,
};

/** A DNS name or IPv4 address (letters, digits, dots, hyphens), or an IPv6 address in brackets. */
const HOST_NAME =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])$/;

/** A host as the Host header carries it: lower case, IPv6 in brackets, no trailing dot. */
export function normaliseHost(host: string): string {
  const lower = host.trim().toLowerCase();
  const bracketed = lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
  return bracketed.endsWith('.') ? bracketed.slice(0, -1) : bracketed;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseHosts(value: string | undefined, bindHost: string): EdgeConfig['allowedHosts'] {
  if (value?.trim() === '*') return '*';
  const given = list(value);
  for (const host of given)
    if (!HOST_NAME.test(normaliseHost(host)))
      throw new Error(
        `ALLOWED_HOSTS must be a comma list of host names or addresses (no port, no scheme), or "*"; "${host}" is not one`,
      );
  const bind = normaliseHost(bindHost);
  // Binding every interface says nothing about the name clients use: that must be listed.
  const bound = bind === '0.0.0.0' || bind === '[::]' ? [] : [bind];
  const hosts = given.length > 0 ? given.map(normaliseHost) : [...LOOPBACK_HOSTS, ...bound];
  return [...new Set(hosts)];
}

/** scheme://host[:port] over http(s), exactly as a browser sends it in Origin (no path, no trailing slash). */
function isOrigin(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
}

function parseOrigins(name: string, value: string | undefined): string[] {
  return list(value).map((origin) => {
    if (!isOrigin(origin))
      throw new Error(
        `${name} must be a comma list of origins like https://noc.example.org; "${origin}" is not one`,
      );
    return origin;
  });
}

function parseCount(
  name: string,
  value: string | undefined,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  const text = value?.trim() ?? '';
  if (text === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

/** The edge's settings from the environment; `bindHost` is the HOST the server listens on. */
export function parseEdgeConfig(env: NodeJS.ProcessEnv, bindHost: string): EdgeConfig {
  const bodyLimit = parseCount('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, {
    min: 1024,
    max: 64 * MiB,
    fallback: EDGE_DEFAULTS.bodyLimit,
  });
  const importBodyLimit = parseCount('IMPORT_BODY_LIMIT_BYTES', env.IMPORT_BODY_LIMIT_BYTES, {
    min: bodyLimit,
    // The app's own body limit (BODY_LIMIT in app.ts) is the ceiling.
    max: 64 * MiB,
    fallback: EDGE_DEFAULTS.importBodyLimit,
  });
  return {
    allowedHosts: parseHosts(env.ALLOWED_HOSTS, bindHost),
    corsOrigins: parseOrigins('CORS_ORIGINS', env.CORS_ORIGINS),
    kioskFrameOrigins: parseOrigins('KIOSK_FRAME_ORIGINS', env.KIOSK_FRAME_ORIGINS),
    maxBatch: parseCount('TRPC_MAX_BATCH', env.TRPC_MAX_BATCH, {
      min: 1,
      max: 1000,
      fallback: EDGE_DEFAULTS.maxBatch,
    }),
    bodyLimit,
    importBodyLimit,
    changesPerMinute: parseCount('RATE_LIMIT_CHANGES_PER_MIN', env.RATE_LIMIT_CHANGES_PER_MIN, {
      min: 1,
      max: 1_000_000,
      fallback: EDGE_DEFAULTS.changesPerMinute,
    }),
  };
}
