/**
 * Whether a page's query switches the kiosk (NOC wall screen) on. Shared: the
 * web app picks its kiosk view by it, and the server lets only such a page be
 * framed (KIOSK_FRAME_ORIGINS). Written without URLSearchParams, which the
 * shared package's libraries (no DOM, no Node) do not declare; it reads the
 * query the same way (first occurrence, `+` as a space, percent-decoding) but
 * for malformed escapes, which it keeps as written.
 */

function decodeQueryPart(part: string): string {
  const spaced = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape stays as written (URLSearchParams would put U+FFFD for bad bytes).
    return spaced;
  }
}

/** The first value of `name` in a query (`?a=1&b`), '' for a bare name, null when absent. */
export function queryParam(search: string, name: string): string | null {
  const query = search.startsWith('?') ? search.slice(1) : search;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeQueryPart(eq === -1 ? pair : pair.slice(0, eq));
    if (key === name) return eq === -1 ? '' : decodeQueryPart(pair.slice(eq + 1));
  }
  return null;
}

/** `?kiosk`, `?kiosk=1`, `?kiosk=true` switch it on; `kiosk=0` / `false` / `no` / `off` (or no parameter) do not. */
export function isKiosk(search: string): boolean {
  const value = queryParam(search, 'kiosk');
  if (value === null) return false;
  return !['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}
