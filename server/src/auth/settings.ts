/**
 * How callers are authenticated, from the environment (docs/security.md):
 * session lifetimes, cookies under TLS, the anonymous viewer for NOC
 * screens (off unless estates are named), and the trusted-proxy mode (off
 * unless proxy addresses are named).
 */
import ipaddr from 'ipaddr.js';
import { IdSchema } from '@vmmi/shared';

export interface AuthSettings {
  /** A session unused this long ends (SESSION_IDLE_MINUTES, default 60). */
  sessionIdleMs: number;
  /** A session ends this long after sign-in whatever its use (SESSION_MAX_HOURS, default 12). */
  sessionMaxMs: number;
  /** COOKIE_SECURE: `auto` marks cookies Secure when the request came over TLS. */
  cookieSecure: 'auto' | boolean;
  /** ANONYMOUS_VIEWER_ESTATES: estates anyone may read without signing in; `*` all; null: off. */
  anonymousEstates: readonly string[] | null;
  /** TRUSTED_PROXIES: addresses or CIDRs whose user header is believed; empty: off. */
  trustedProxies: readonly string[];
  /** PROXY_USER_HEADER: the header a trusted proxy names the user in. */
  proxyUserHeader: string;
  /** VMMI_SETUP_TOKEN: a fixed first-admin setup token (automation); generated when unset. */
  setupToken: string | null;
}

export const AUTH_DEFAULTS: AuthSettings = {
  sessionIdleMs: 60 * 60_000,
  sessionMaxMs: 12 * 3_600_000,
  cookieSecure: 'auto',
  anonymousEstates: null,
  trustedProxies: [],
  proxyUserHeader: 'x-webauth-user',
  setupToken: null,
};

export const ALL_ESTATES = '*';

function whole(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
  fallback: number,
) {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseEstates(value: string | undefined): readonly string[] | null {
  const ids = list(value);
  if (ids.length === 0) return null;
  for (const id of ids)
    if (id !== ALL_ESTATES && !IdSchema.safeParse(id).success)
      throw new Error(`ANONYMOUS_VIEWER_ESTATES: "${id}" is not an estate id (or * for all)`);
  return ids;
}

function parseProxies(value: string | undefined): string[] {
  const entries = list(value);
  for (const entry of entries) {
    const ok = entry.includes('/') ? safe(() => ipaddr.parseCIDR(entry)) : ipaddr.isValid(entry);
    if (!ok) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR`);
  }
  return entries;
}

function safe(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

export function authSettingsFromEnv(env: NodeJS.ProcessEnv): AuthSettings {
  const secure = env.COOKIE_SECURE?.trim().toLowerCase();
  if (secure && !['auto', 'true', 'false'].includes(secure))
    throw new Error(`COOKIE_SECURE must be auto, true or false, not "${env.COOKIE_SECURE}"`);
  const header = env.PROXY_USER_HEADER?.trim().toLowerCase() || AUTH_DEFAULTS.proxyUserHeader;
  if (!/^[a-z0-9-]{1,64}$/.test(header))
    throw new Error(`PROXY_USER_HEADER must be a header name, not "${env.PROXY_USER_HEADER}"`);
  const setupToken = env.VMMI_SETUP_TOKEN?.trim() || null;
  if (setupToken !== null && setupToken.length < 32)
    throw new Error('VMMI_SETUP_TOKEN must have at least 32 characters');
  return {
    sessionIdleMs: whole('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 1, 1440, 60) * 60_000,
    sessionMaxMs: whole('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, 1, 720, 12) * 3_600_000,
    cookieSecure: secure === 'true' ? true : secure === 'false' ? false : 'auto',
    anonymousEstates: parseEstates(env.ANONYMOUS_VIEWER_ESTATES),
    trustedProxies: parseProxies(env.TRUSTED_PROXIES),
    proxyUserHeader: header,
    setupToken,
  };
}

/** Whether an address is one of the trusted proxies. */
export function isTrustedProxy(settings: AuthSettings, address: string | undefined): boolean {
  if (!address || settings.trustedProxies.length === 0) return false;
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.process(address);
  } catch {
    return false;
  }
  return settings.trustedProxies.some((entry) => {
    if (!entry.includes('/')) return ipaddr.process(entry).toString() === ip.toString();
    const [range, bits] = ipaddr.parseCIDR(entry);
    return ip.kind() === range.kind() && ip.match([range, bits] as never);
  });
}
