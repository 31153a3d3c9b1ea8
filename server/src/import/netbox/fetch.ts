/**
 * Reading whole NetBox endpoints through their `next` links, consistently: when
 * an endpoint's count changes between pages or an id repeats (NetBox was edited
 * while we read), the endpoint is read again from the start, up to 3 times.
 */
import {
  NETBOX_ENDPOINT_KEYS,
  NETBOX_ENDPOINTS,
  type NetboxEndpoint,
  type NetboxSnapshot,
} from '@vmmi/shared';
import {
  apiRoot,
  NetboxError,
  netboxRequest,
  PageSchema,
  type NetboxConnection,
} from './client.ts';

export const PAGE_SIZE = 1000;
/** Reads of an endpoint after the first when NetBox changes under us. */
export const CONSISTENCY_RETRIES = 3;

export interface FetchProgress {
  endpoint: string;
  fetched: number;
  count: number;
}
export type ProgressCallback = (p: FetchProgress) => void;

/**
 * The `next` link with our own origin and API root: a NetBox behind a proxy
 * may name itself by an inner address, which we could not reach.
 */
function sameOrigin(next: string, root: URL): URL {
  const url = new URL(next, root);
  const at = url.pathname.indexOf('/api/');
  return new URL(`${url.pathname.slice(at + '/api/'.length)}${url.search}`, root);
}

/** Every record of one endpoint (`dcim/sites`), in NetBox's order. */
export async function fetchAll(
  conn: NetboxConnection,
  path: string,
  onProgress?: ProgressCallback,
  pageSize = PAGE_SIZE,
): Promise<unknown[]> {
  const root = apiRoot(conn.url);
  let why = '';
  for (let pass = 0; pass <= CONSISTENCY_RETRIES; pass++) {
    const results: unknown[] = [];
    const ids = new Set<number>();
    let count: number | undefined;
    let target: URL | undefined = new URL(`${path}/?limit=${pageSize}&offset=0`, root);
    while (target) {
      const page = PageSchema.safeParse(await netboxRequest(conn, 'GET', target));
      if (!page.success)
        throw new NetboxError(
          'not-netbox',
          `${root.origin} answered GET /api/${path}/ with something that is not a NetBox list`,
        );
      const p = page.data;
      if (count !== undefined && p.count !== count) {
        why = `its count went from ${count} to ${p.count}`;
        break;
      }
      count = p.count;
      const repeat = p.results.find((r) => ids.has(r.id));
      if (repeat) {
        why = `id ${repeat.id} came twice`;
        break;
      }
      for (const r of p.results) ids.add(r.id);
      results.push(...p.results);
      onProgress?.({ endpoint: path, fetched: results.length, count });
      target = p.next ? sameOrigin(p.next, root) : undefined;
    }
    if (!target && results.length === count) return results;
    if (!target) why = `it listed ${results.length} records of ${count}`;
  }
  throw new NetboxError(
    'inconsistent',
    `NetBox kept changing while /api/${path}/ was read (${why}), ${CONSISTENCY_RETRIES + 1} times: try again when it is quieter`,
  );
}

/** NetBox's version from /api/status/, or undefined when it does not say. */
async function netboxVersion(conn: NetboxConnection): Promise<string | undefined> {
  const status = await netboxRequest(conn, 'GET', 'status/');
  const v = (status as Record<string, unknown> | null)?.['netbox-version'];
  return typeof v === 'string' ? v : undefined;
}

/** Every endpoint the mapping reads, one after the other. */
export async function fetchSnapshot(
  conn: NetboxConnection,
  onProgress?: ProgressCallback,
  pageSize = PAGE_SIZE,
): Promise<NetboxSnapshot> {
  const version = await netboxVersion(conn);
  const records: Partial<Record<NetboxEndpoint, unknown[]>> = {};
  for (const key of NETBOX_ENDPOINT_KEYS)
    records[key] = await fetchAll(conn, NETBOX_ENDPOINTS[key].path, onProgress, pageSize);
  return { ...(version && { netboxVersion: version }), records };
}
