/**
 * The state one NetBox import shares between its steps: the parsed records by
 * endpoint, the report being written, and readable, unique ids.
 */
import {
  NETBOX_ENDPOINT_KEYS,
  NETBOX_ENDPOINTS,
  type NetboxEndpoint,
  type NetboxRecord,
  type NetboxSnapshot,
} from './schemas.ts';
import type { NetboxObjectRef, ReportEntry } from './report.ts';

export type Records = { [E in NetboxEndpoint]: NetboxRecord<E>[] };

/** A record as the report names it. */
export function refOf(
  model: string,
  record: { id: number; name?: string | null; display?: string | null },
): NetboxObjectRef {
  return { model, id: record.id, name: record.name ?? record.display ?? `#${record.id}` };
}

/** A slug our IdSchema accepts: letters, digits and "." "_" "-", starting with a letter or digit. */
export function slugId(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 100);
  return slug || 'x';
}

/** Hands out ids in one collection: the slug of a name, or `slug-<NetBox id>` when it is taken. */
export function idAllocator() {
  const used = new Set<string>();
  return (name: string, netboxId: number): string => {
    let id = slugId(name);
    if (used.has(id)) id = `${id}-${netboxId}`;
    used.add(id);
    return id;
  };
}

export interface ImportContext {
  records: Records;
  unmapped: ReportEntry[];
  /** Assumptions per object, joined into one report entry each at the end. */
  assumptions: Map<string, { object: NetboxObjectRef; reasons: string[] }>;
  skip(object: NetboxObjectRef, reason: string): void;
  assume(object: NetboxObjectRef, reason: string): void;
}

/** Parses every endpoint's records one by one: a record of an unexpected shape is reported, not fatal. */
export function createContext(snapshot: NetboxSnapshot): ImportContext {
  const unmapped: ReportEntry[] = [];
  const assumptions: ImportContext['assumptions'] = new Map();
  const records = {} as Record<NetboxEndpoint, unknown[]>;
  for (const key of NETBOX_ENDPOINT_KEYS) {
    const { model, schema } = NETBOX_ENDPOINTS[key];
    records[key] = [];
    for (const raw of snapshot.records[key] ?? []) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) {
        records[key].push(parsed.data);
        continue;
      }
      const r = (raw ?? {}) as { id?: unknown; name?: unknown };
      const issue = parsed.error.issues[0];
      unmapped.push({
        object: {
          model,
          id: typeof r.id === 'number' ? r.id : -1,
          name: typeof r.name === 'string' ? r.name : '?',
        },
        reason: `unexpected shape: ${issue?.path.join('.') || '(record)'}: ${issue?.message ?? 'invalid'}`,
      });
    }
  }
  return {
    records: records as Records,
    unmapped,
    assumptions,
    skip: (object, reason) => unmapped.push({ object, reason }),
    assume: (object, reason) => {
      const key = `${object.model}#${object.id}`;
      const entry = assumptions.get(key) ?? { object, reasons: [] };
      entry.reasons.push(reason);
      assumptions.set(key, entry);
    },
  };
}
