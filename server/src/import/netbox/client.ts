/**
 * The NetBox REST client (R21): token auth (`Token …`, or `Bearer …` for
 * NetBox 4.5's v2 tokens, prefixed `nbt_`), retries of 429/502/503/504 with
 * exponential backoff that honours Retry-After, a per-request timeout, and a
 * clear error for a refused token or an answer that is not NetBox's.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

export interface NetboxConnection {
  /** NetBox's base URL, e.g. https://netbox.example.com (the API is under /api/). */
  url: string;
  token: string;
  /** Per request, ms (default 30 s). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 5). */
  attempts?: number;
  /** The first retry waits this long, each next one twice as long (default 500 ms). */
  backoffBaseMs?: number;
  /** The longest wait, Retry-After included (default 60 s). */
  maxDelayMs?: number;
  /** How the client waits between attempts (tests pass one that records and returns at once). */
  sleep?: (ms: number) => Promise<void>;
}

export type NetboxErrorKind =
  | 'auth'
  | 'not-netbox'
  | 'rejected'
  | 'http'
  | 'unreachable'
  | 'timeout'
  | 'inconsistent'
  /** The URL's host is an address no NetBox is read from (link-local: a cloud's instance metadata). */
  | 'refused-address';

/** Why talking to NetBox failed; `kind` says which way, `details` what NetBox said. */
export class NetboxError extends Error {
  constructor(
    readonly kind: NetboxErrorKind,
    message: string,
    readonly status?: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'NetboxError';
  }
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

export const authorizationHeader = (token: string) =>
  token.startsWith('nbt_') ? `Bearer ${token}` : `Token ${token}`;

/** The API root of a base URL, checked: http(s), no query or fragment. */
export function apiRoot(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new NetboxError(
      'unreachable',
      `"${base}" is not a URL (e.g. https://netbox.example.com)`,
    );
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash)
    throw new NetboxError(
      'unreachable',
      `"${base}" must be an http(s) URL without ?query or #hash`,
    );
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return new URL(`${url.origin}${path}/api/`);
}

/**
 * Ranges no NetBox is read from, whoever asks: link-local is where clouds
 * serve instance metadata and credentials (169.254.169.254, fe80::/10), so a
 * server that an operator points at it would hand them its answers.
 * Loopback and private networks stay allowed: an on-premises NetBox lives
 * there. AWS's IPv6 metadata address is in a private range and named alone.
 */
const REFUSED_RANGES: ReadonlyMap<string, string> = new Map([
  ['linkLocal', 'link-local'],
  ['unspecified', 'unspecified'],
  ['multicast', 'multicast'],
  ['broadcast', 'broadcast'],
]);
const METADATA_ADDRESSES: ReadonlySet<string> = new Set(['fd00:ec2::254']);

/** Throws `refused-address` when `url`'s host is, or resolves to, an address no NetBox is read from. */
export async function assertNetboxAddress(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host)
      ? [host]
      : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    // Unresolvable: the request itself fails and says so (unreachable).
    return;
  }
  for (const text of addresses) {
    const ip = ipaddr.process(text);
    const range = METADATA_ADDRESSES.has(ip.toString())
      ? 'cloud metadata'
      : REFUSED_RANGES.get(ip.range());
    if (range === undefined) continue;
    const what = ipaddr.isValid(host) ? host : `${url.hostname} (${ip.toString()})`;
    throw new NetboxError(
      'refused-address',
      `${what} is a ${range} address, where clouds serve instance metadata: NetBox is not read from there`,
    );
  }
}

/** Retry-After in ms: seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One request to NetBox with the retry rule; resolves to the parsed JSON body.
 * `target` is a path under the API root (`dcim/sites/?limit=1000`) or an absolute URL.
 */
export async function netboxRequest(
  conn: NetboxConnection,
  method: 'GET' | 'PATCH' | 'POST',
  target: string | URL,
  body?: unknown,
): Promise<unknown> {
  const url = typeof target === 'string' ? new URL(target, apiRoot(conn.url)) : target;
  await assertNetboxAddress(url);
  const attempts = Math.max(1, conn.attempts ?? 5);
  const base = conn.backoffBaseMs ?? 500;
  const maxDelay = conn.maxDelayMs ?? 60_000;
  const sleep = conn.sleep ?? defaultSleep;
  let last: NetboxError | undefined;
  let retryAfter: number | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (last) await sleep(Math.min(maxDelay, retryAfter ?? base * 2 ** (attempt - 1)));
    retryAfter = undefined;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: authorizationHeader(conn.token),
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(conn.timeoutMs ?? 30_000),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      last =
        err.name === 'TimeoutError'
          ? new NetboxError(
              'timeout',
              `NetBox did not answer ${method} ${url.pathname} within ${conn.timeoutMs ?? 30_000} ms`,
            )
          : new NetboxError(
              'unreachable',
              `cannot reach NetBox at ${url.origin}: ${err.cause?.code ?? err.message}`,
            );
      continue;
    }
    if (RETRY_STATUSES.has(res.status)) {
      await res.body?.cancel();
      retryAfter = retryAfterMs(res.headers.get('retry-after'));
      last = new NetboxError(
        'http',
        `NetBox answered ${res.status} to ${method} ${url.pathname} ${attempts} times`,
        res.status,
      );
      continue;
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = undefined;
    }
    if (res.status === 401 || res.status === 403)
      throw new NetboxError(
        'auth',
        `NetBox refused the token (${res.status}${detail(json)})`,
        res.status,
        json,
      );
    if (json === undefined || !(res.headers.get('content-type') ?? '').includes('json'))
      throw new NetboxError(
        'not-netbox',
        `${url.origin} answered ${method} ${url.pathname} with ${res.status} and no JSON: is it a NetBox?`,
        res.status,
      );
    if (res.status === 400)
      throw new NetboxError(
        'rejected',
        `NetBox rejected ${method} ${url.pathname}: ${JSON.stringify(json)}`,
        400,
        json,
      );
    if (!res.ok)
      throw new NetboxError(
        'http',
        `NetBox answered ${res.status} to ${method} ${url.pathname}${detail(json)}`,
        res.status,
        json,
      );
    return json;
  }
  throw last!;
}

function detail(json: unknown): string {
  const d = (json as { detail?: unknown } | null)?.detail;
  return typeof d === 'string' ? `: ${d}` : '';
}

export const PageSchema = z.object({
  count: z.number().int().nonnegative(),
  next: z.string().nullable(),
  previous: z.string().nullable().optional(),
  results: z.array(z.looseObject({ id: z.number().int() })),
});
