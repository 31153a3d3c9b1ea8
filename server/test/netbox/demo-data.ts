/**
 * NetBox's demo data (data/README.md) as tables: model → primary key → fields,
 * the way NetBox's database holds them. The fake NetBox renders its API from them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Fields = Record<string, unknown>;
/** Model (`dcim.device`) → primary key → fields. */
export type Tables = Map<string, Map<number, Fields>>;

export const DEMO_DATA_FILE = join(
  import.meta.dirname,
  'data',
  'netbox-demo-v3.6.dcim-ipam-virtualization.json',
);

interface DumpRecord {
  model: string;
  pk?: number;
  fields: Fields;
}

let cached: DumpRecord[] | undefined;

/** The dump's records (read once per test process). */
export function demoDump(): readonly DumpRecord[] {
  cached ??= JSON.parse(readFileSync(DEMO_DATA_FILE, 'utf8')) as DumpRecord[];
  return cached;
}

/** Fresh tables of the demo data: each caller may change its own. */
export function demoTables(): Tables {
  const tables: Tables = new Map();
  for (const r of demoDump()) {
    if (r.pk === undefined) continue;
    let table = tables.get(r.model);
    if (!table) tables.set(r.model, (table = new Map<number, Fields>()));
    table.set(r.pk, structuredClone(r.fields));
  }
  return tables;
}

/** One model's rows, empty when the data has none. */
export function rows(tables: Tables, model: string): Map<number, Fields> {
  let table = tables.get(model);
  if (!table) tables.set(model, (table = new Map<number, Fields>()));
  return table;
}
