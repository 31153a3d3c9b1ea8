/**
 * A wall screen left for days must not run last month's web app: the server names the
 * build it ships (`web` in /api/health: the entry script's path, named by Vite from a
 * hash of its content), and the kiosk reloads itself when that differs from its own.
 * Once per build at most: a page that still loads the old build (a cache in the way)
 * does not reload in a loop.
 */

/** The page's own build: its entry module script's path (`/assets/index-….js`); null under Vite's dev server. */
export function ownBuild(doc: Document): string | null {
  const src = doc.querySelector('script[type="module"][src]')?.getAttribute('src') ?? null;
  return src?.startsWith('/assets/') ? src : null;
}

/** Whether to reload for the build the server ships: both known, different, and not tried yet. */
export function shouldReload(
  own: string | null,
  served: string | null,
  reloadedFor: string | null,
): boolean {
  return own !== null && served !== null && own !== served && reloadedFor !== served;
}

const RELOADED_FOR = 'vmmi-kiosk-reloaded-for';

/** The server's answer to /api/health, as far as the build goes; null when it names none. */
export async function servedBuild(signal: AbortSignal): Promise<string | null> {
  const res = await fetch('/api/health', { signal, cache: 'no-store' });
  if (!res.ok) return null;
  const body = (await res.json()) as { web?: unknown };
  return typeof body.web === 'string' ? body.web : null;
}

/** Reloads the page when the server ships another build (see shouldReload); true when it does. */
export function reloadForNewBuild(served: string | null): boolean {
  const own = ownBuild(document);
  if (!shouldReload(own, served, sessionStorage.getItem(RELOADED_FOR))) return false;
  sessionStorage.setItem(RELOADED_FOR, served!);
  location.reload();
  return true;
}
