/**
 * The VM table's rows as plain data: one flat record per VM with the names of
 * its tenant, site, host and network resolved, then scoped to the view, sorted
 * by a column and filtered by the text typed. Pure, so the table component
 * only windows and draws, and 100,000 rows are tested here without a DOM.
 */
import type { Estate } from '@vmmi/shared';
import { estateIndex } from './estate-index.ts';

export interface VmRow {
  id: string;
  name: string;
  /** The application tier it belongs to (`vm.cluster`), or ''. Searched, not a column. */
  cluster: string;
  tenantId: string;
  tenant: string;
  siteId: string;
  site: string;
  hostId: string;
  host: string;
  ipv4: string;
  ipv6: string;
  mac: string;
  vcpu: number;
  memoryGiB: number;
  networkId: string;
  network: string;
  /** Every searchable field, lower-case, each between two separators (see `filterRows`). */
  text: string;
}

/** The sortable columns, in table order. */
export const VM_COLUMNS = [
  'name',
  'tenant',
  'site',
  'host',
  'ipv4',
  'ipv6',
  'mac',
  'vcpu',
  'memoryGiB',
  'network',
] as const;
export type VmColumn = (typeof VM_COLUMNS)[number];

export interface VmSort {
  column: VmColumn;
  direction: 'ascending' | 'descending';
}

/** Which VMs the table lists: the view it sits under decides. */
export type VmScope =
  { kind: 'global' } | { kind: 'site'; siteId: string } | { kind: 'tenant'; tenantId: string };

const SEP = '\u0001';
const hexOnly = (mac: string) => mac.toLowerCase().replace(/[^0-9a-f]/g, '');

const rowsCache = new WeakMap<Estate, VmRow[]>();

/** One row per VM, in the estate's order; built once per estate object. */
export function vmRows(estate: Estate): VmRow[] {
  const cached = rowsCache.get(estate);
  if (cached) return cached;
  const index = estateIndex(estate);
  const rows = estate.vms.map((vm): VmRow => {
    const host = index.devices.get(vm.hostId);
    const site = host ? index.sites.get(host.siteId) : undefined;
    const row = {
      id: vm.id,
      name: vm.name,
      cluster: vm.cluster ?? '',
      tenantId: vm.tenantId,
      tenant: index.tenants.get(vm.tenantId)?.name ?? vm.tenantId,
      siteId: site?.id ?? '',
      site: site?.name ?? '',
      hostId: vm.hostId,
      host: host?.name ?? vm.hostId,
      ipv4: vm.ipv4 ?? '',
      ipv6: vm.ipv6 ?? '',
      mac: vm.mac.toLowerCase(),
      vcpu: vm.vcpu,
      memoryGiB: vm.memoryGiB,
      networkId: vm.networkId,
      network: index.networks.get(vm.networkId)?.name ?? vm.networkId,
    };
    const fields = [
      row.name,
      row.cluster,
      row.tenant,
      row.tenantId,
      row.site,
      row.siteId,
      row.host,
      row.hostId,
      row.ipv4,
      row.ipv6,
      row.mac,
      hexOnly(row.mac),
      row.network,
      row.networkId,
    ];
    return { ...row, text: `${SEP}${fields.join(SEP).toLowerCase()}${SEP}` };
  });
  rowsCache.set(estate, rows);
  return rows;
}

/** The rows a view lists. */
export function scopeRows(rows: readonly VmRow[], scope: VmScope): readonly VmRow[] {
  switch (scope.kind) {
    case 'global':
      return rows;
    case 'site':
      return rows.filter((r) => r.siteId === scope.siteId);
    case 'tenant':
      return rows.filter((r) => r.tenantId === scope.tenantId);
  }
}

/**
 * A text whose plain order is the natural order, case aside: digit runs are
 * zero-padded ("p2" → "p000000000002"), so "p2" sorts before "p10". Computed
 * once per row and sort, because a comparator that parses on every call is
 * too slow for 100,000 rows.
 */
const naturalKey = (s: string) => s.toLowerCase().replace(/\d+/g, (d) => d.padStart(12, '0'));

/** A sorted copy; ties keep the order of the input. */
export function sortRows(rows: readonly VmRow[], sort: VmSort): VmRow[] {
  const { column } = sort;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const numeric = column === 'vcpu' || column === 'memoryGiB';
  const decorated = rows.map((row, i) => ({
    row,
    i,
    key: numeric ? row[column] : naturalKey(row[column]),
  }));
  decorated.sort((a, b) => {
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return sign * order || a.i - b.i;
  });
  return decorated.map((d) => d.row);
}

/** The sort after a click on a column header: the same column flips, another starts ascending. */
export function nextSort(current: VmSort | null, column: VmColumn): VmSort {
  if (current?.column === column)
    return {
      column,
      direction: current.direction === 'ascending' ? 'descending' : 'ascending',
    };
  return { column, direction: 'ascending' };
}

const WHOLE_IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Two or more hex pairs joined by ':' or '-', or Cisco's dotted quads (5254.0000.002a). */
const MAC_LIKE = /^([0-9a-f]{2}([:-][0-9a-f]{2})+[:-]?|[0-9a-f]{4}(\.[0-9a-f]{1,4}){1,2})$/;

/** What a typed word may appear as in a row's text: any one of these. */
function needles(word: string): string[] {
  if (WHOLE_IPV4.test(word)) return [`${SEP}${word}${SEP}`];
  // Also literal: "20:01" could be the start of an IPv6 address as well as of a MAC.
  if (MAC_LIKE.test(word)) return [word, hexOnly(word)];
  return [word];
}

/**
 * Rows whose fields contain every word typed, in any case. A whole IPv4
 * address matches only that address (10.0.0.1 is not 10.0.0.10), and a MAC
 * matches with any separator or none (52-54-00…, 5254.0000…).
 */
export function filterRows(rows: readonly VmRow[], query: string): readonly VmRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  const wanted = words.map(needles);
  // Plain loops: this runs on every keystroke over up to 100,000 rows.
  const out: VmRow[] = [];
  rows: for (const row of rows) {
    for (const alternatives of wanted) {
      let found = false;
      for (const n of alternatives) if ((found = row.text.includes(n))) break;
      if (!found) continue rows;
    }
    out.push(row);
  }
  return out;
}
