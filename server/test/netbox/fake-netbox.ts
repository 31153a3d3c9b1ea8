/**
 * A fake NetBox for tests: a node:http server on 127.0.0.1:0 that serves tables
 * (demo-data.ts) as NetBox 4.x's REST API does: `/api/<app>/<endpoint>/?limit=
 * &offset=` → `{count, next, previous, results}` with absolute `next` URLs,
 * token authentication (a wrong or missing token: 403 `{"detail": "Invalid
 * token"}`), `PATCH` of a VM's placement and `POST` of journal entries (kept,
 * for tests to read back). Faults on demand: 429 or 503 a number of times on an
 * endpoint, a record added or deleted between two pages, writes refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rows, type Fields, type Tables } from './demo-data.ts';
import { createRenderer, ENDPOINT_MODELS } from './render.ts';

export const FAKE_NETBOX_VERSION = '4.3.2';
const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 50;

export interface FakeNetboxOptions {
  tables: Tables;
  /** The tokens it accepts, sent as `Token <t>` or `Bearer <t>`. */
  tokens?: string[];
}

export interface JournalEntry {
  id: number;
  assigned_object_type: string;
  assigned_object_id: number;
  kind: string;
  comments: string;
}

export interface FakeNetbox {
  url: string;
  tables: Tables;
  /** Requests seen, as `METHOD /path?query`. */
  requests: string[];
  journal: JournalEntry[];
  /** Answer `status` (429 with Retry-After, or 503) the next `times` requests to an endpoint. */
  failNext(
    path: string,
    status: 429 | 502 | 503 | 504,
    times: number,
    retryAfterSeconds?: number,
  ): void;
  /**
   * After a page of `path` other than its last is served, run `change` on the
   * tables (add or delete a record): `times` times (default once).
   */
  changeBetweenPages(path: string, change: (tables: Tables) => void, times?: number): void;
  /** Refuse the next `times` writes (PATCH, POST) with `status`. */
  failWrites(status: number, times: number): void;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, body: unknown) => void;

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', 'api-version': '4.3', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeNetbox(opts: FakeNetboxOptions): Promise<FakeNetbox> {
  const tokens = new Set(opts.tokens ?? ['0123456789abcdef0123456789abcdef01234567']);
  const { tables } = opts;
  const requests: string[] = [];
  const journal: JournalEntry[] = [];
  const failures = new Map<string, { status: number; times: number; retryAfter?: number }>();
  const changes = new Map<string, { change: (t: Tables) => void; times: number }>();
  const writeFailures = { status: 0, times: 0 };
  let base = '';

  const authorised = (req: IncomingMessage) => {
    const m = /^(Token|Bearer) (\S+)$/.exec(req.headers.authorization ?? '');
    return !!m && tokens.has(m[2]!);
  };

  const list: Handler = (_req, res, url) => {
    const path = url.pathname.replace(/^\/api\/|\/$/g, '');
    const model = ENDPOINT_MODELS[path];
    if (!model) return send(res, 404, { detail: 'Not found.' });
    const failure = failures.get(path);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      const headers: Record<string, string> =
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      return send(res, failure.status, { detail: 'Request was throttled.' }, headers);
    }
    const limitParam = Number(url.searchParams.get('limit') ?? DEFAULT_PAGE_SIZE);
    const limit = limitParam > 0 ? Math.min(limitParam, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
    const ids = [...rows(tables, model).keys()].sort((a, b) => a - b);
    const render = createRenderer(tables, base);
    const results = ids.slice(offset, offset + limit).map((id) => render.one(model, id));
    const pageUrl = (o: number) => {
      const u = new URL(url.href, base);
      u.searchParams.set('limit', String(limit));
      u.searchParams.set('offset', String(o));
      return `${base}${u.pathname}${u.search}`;
    };
    const more = offset + limit < ids.length;
    const change = changes.get(path);
    if (more && change && change.times > 0) {
      change.times -= 1;
      change.change(tables);
    }
    send(res, 200, {
      count: ids.length,
      next: more ? pageUrl(offset + limit) : null,
      previous: offset > 0 ? pageUrl(Math.max(0, offset - limit)) : null,
      results,
    });
  };

  const writeRefused = (res: ServerResponse) => {
    if (writeFailures.times <= 0) return false;
    writeFailures.times -= 1;
    send(res, writeFailures.status, { detail: 'Service unavailable.' });
    return true;
  };

  const patchVm: Handler = (_req, res, url, body) => {
    const id = Number(/virtual-machines\/(\d+)\/$/.exec(url.pathname)?.[1]);
    const vm = rows(tables, 'virtualization.virtualmachine').get(id);
    if (!vm) return send(res, 404, { detail: 'No VirtualMachine matches the given query.' });
    if (writeRefused(res)) return;
    const patch = (body ?? {}) as Fields;
    const related: [field: string, model: string][] = [
      ['device', 'dcim.device'],
      ['cluster', 'virtualization.cluster'],
      ['site', 'dcim.site'],
    ];
    const errors: Record<string, string[]> = {};
    for (const [field, model] of related) {
      const value = patch[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || !rows(tables, model).has(value))
        errors[field] = [
          `Related object not found using the provided numeric ID: ${JSON.stringify(value)}`,
        ];
    }
    if (Object.keys(errors).length) return send(res, 400, errors);
    for (const [field] of related) if (field in patch) vm[field] = patch[field];
    send(res, 200, createRenderer(tables, base).one('virtualization.virtualmachine', id));
  };

  const postJournal: Handler = (_req, res, _url, body) => {
    if (writeRefused(res)) return;
    const b = (body ?? {}) as Fields;
    const errors: Record<string, string[]> = {};
    if (b.assigned_object_type !== 'virtualization.virtualmachine')
      errors.assigned_object_type = ['Invalid content type.'];
    else if (
      typeof b.assigned_object_id !== 'number' ||
      !rows(tables, 'virtualization.virtualmachine').has(b.assigned_object_id)
    )
      errors.assigned_object_id = ['Object not found.'];
    if (typeof b.comments !== 'string' || !b.comments)
      errors.comments = ['This field is required.'];
    const kind = typeof b.kind === 'string' ? b.kind : 'info';
    if (!['info', 'success', 'warning', 'danger'].includes(kind))
      errors.kind = [`"${kind}" is not a valid choice.`];
    if (Object.keys(errors).length) return send(res, 400, errors);
    const entry: JournalEntry = {
      id: journal.length + 1,
      assigned_object_type: b.assigned_object_type as string,
      assigned_object_id: b.assigned_object_id as number,
      kind,
      comments: b.comments as string,
    };
    journal.push(entry);
    send(res, 201, {
      ...entry,
      url: `${base}/api/extras/journal-entries/${entry.id}/`,
      display: new Date().toISOString(),
      kind: { value: kind, label: kind.charAt(0).toUpperCase() + kind.slice(1) },
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      if (!authorised(req)) return send(res, 403, { detail: 'Invalid token' });
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        return send(res, 400, { detail: 'JSON parse error' });
      }
      if (req.method === 'GET' && url.pathname === '/api/status/')
        return send(res, 200, { 'netbox-version': FAKE_NETBOX_VERSION, 'python-version': '3.12' });
      if (req.method === 'GET') return list(req, res, url, body);
      if (
        req.method === 'PATCH' &&
        /^\/api\/virtualization\/virtual-machines\/\d+\/$/.test(url.pathname)
      )
        return patchVm(req, res, url, body);
      if (req.method === 'POST' && url.pathname === '/api/extras/journal-entries/')
        return postJournal(req, res, url, body);
      send(res, 405, { detail: `Method "${req.method}" not allowed.` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    tables,
    requests,
    journal,
    failNext: (path, status, times, retryAfter) =>
      failures.set(path, { status, times, ...(retryAfter !== undefined && { retryAfter }) }),
    changeBetweenPages: (path, change, times = 1) => changes.set(path, { change, times }),
    failWrites: (status, times) => Object.assign(writeFailures, { status, times }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
