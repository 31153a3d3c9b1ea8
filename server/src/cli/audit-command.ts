/**
 * `vmmi audit`: the server's audit log, newest first, one JSON line per entry
 * (admin; docs/security.md, "The audit log"). `--all` follows the pages back
 * to the first entry; otherwise one page of `--limit`.
 */
import type { Api } from './client.ts';
import { EXIT, type Io } from './remote-io.ts';

export interface AuditOptions {
  limit: number;
  action?: string;
  actor?: string;
  target?: string;
  before?: string;
  all: boolean;
}

export async function printAudit(api: Api, io: Io, opts: AuditOptions): Promise<number> {
  let beforeId = opts.before;
  for (;;) {
    const page = await api.audit.list.query({
      limit: opts.limit,
      ...(beforeId !== undefined && { beforeId }),
      ...(opts.action !== undefined && { action: opts.action }),
      ...(opts.actor !== undefined && { actor: opts.actor }),
      ...(opts.target !== undefined && { target: opts.target }),
    });
    for (const entry of page) await io.out(JSON.stringify(entry));
    if (!opts.all || page.length < opts.limit) return EXIT.ok;
    beforeId = page.at(-1)!.id;
  }
}
