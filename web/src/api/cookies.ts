/** Reading a cookie the page may read (document.cookie's `a=1; b=2` form). */

/** The cookie's value, URL-decoded; null when it is not set. The first of duplicates wins, as browsers send the most specific path first. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}
