/**
 * The page's first API request, started by index.html's inline script while
 * the modules were still loading (for a fat-tree k=32 the estate is 6.3 MiB,
 * and the modules take ~300 ms to load and run: the download now overlaps
 * them). The tRPC link fetches through `bootAwareFetch`: the app's first
 * request takes the early response if it asks for the same URL, and only the
 * first, so a later reload never gets a stale estate.
 */

export interface BootFetch {
  /** Relative to the page, as the tRPC link writes it. */
  url: string;
  response: Promise<Response>;
}

declare global {
  interface Window {
    __vmmiBootFetch?: BootFetch;
  }
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** `fetch`, except that its first call takes the boot request's response when it asks for the same URL. */
export function bootAwareFetch(
  page: { __vmmiBootFetch?: BootFetch; location: { href: string } } = window,
  network: typeof fetch = (input, init) => fetch(input, init),
): typeof fetch {
  return (input, init) => {
    const boot = page.__vmmiBootFetch;
    if (boot) {
      delete page.__vmmiBootFetch;
      const asked = new URL(urlOf(input), page.location.href).href;
      if (asked === new URL(boot.url, page.location.href).href && !init?.signal?.aborted)
        return boot.response;
    }
    return network(input, init);
  };
}
