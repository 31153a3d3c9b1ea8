/**
 * The page's first API requests, started by index.html's inline script while
 * the modules were still loading (for a fat-tree k=32 the estate is 6.3 MiB,
 * and the modules take ~300 ms to load and run: the download now overlaps
 * them): `auth.me` (`__vmmiBootMe`; the app draws nothing before it is
 * answered) and the estate named in the URL (`__vmmiBootFetch`). The tRPC link
 * and the auth API each fetch through a `bootAwareFetch` of their slot: their
 * first request takes the early response if it asks for the same URL, and only
 * the first, so a later reload never gets a stale answer.
 */

export interface BootFetch {
  /** Relative to the page, as the tRPC link writes it. */
  url: string;
  response: Promise<Response>;
}

declare global {
  interface Window {
    __vmmiBootFetch?: BootFetch;
    __vmmiBootMe?: BootFetch;
  }
}

/** Where index.html leaves an early request: the estate batch, or `auth.me`. */
export type BootSlot = '__vmmiBootFetch' | '__vmmiBootMe';

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** `fetch`, except that its first call takes the early response of `slot` when it asks for the same URL. */
export function bootAwareFetch(
  page: { [S in BootSlot]?: BootFetch } & { location: { href: string } } = window,
  network: typeof fetch = (input, init) => fetch(input, init),
  slot: BootSlot = '__vmmiBootFetch',
): typeof fetch {
  return (input, init) => {
    const boot = page[slot];
    if (boot) {
      delete page[slot];
      const asked = new URL(urlOf(input), page.location.href).href;
      if (asked === new URL(boot.url, page.location.href).href && !init?.signal?.aborted)
        return boot.response;
    }
    return network(input, init);
  };
}
