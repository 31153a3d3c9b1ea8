/**
 * The estate as it travels to the browser: each array of records (sites,
 * devices, links, VMs…) written as columns (util/columns.ts), and a column of
 * ids of records sent before it (a link's ends, a VM's host) as their indexes
 * there. The server packs what it would send as JSON; the web app unpacks it
 * into the same estate. Only the wire changes: the estate file format
 * (estate-file.ts) and every other reader stay on the plain document.
 */
import type { Estate } from './estate.ts';
import { packRows, unpackRows, type Json, type PackedRows } from '../util/columns.ts';

export const PACKED_ESTATE_FORMAT = 'vmmi-packed-estate';

export interface PackedEstate {
  format: typeof PACKED_ESTATE_FORMAT;
  /** The estate's members in their order; those named in `tables` are arrays of records. */
  members: string[];
  /** The members that are not arrays of records, as they are. */
  plain: Record<string, Json>;
  /** The arrays of records, as columns, packed in `members` order. */
  tables: Record<string, PackedRows>;
}

const isRecordArray = (v: unknown): v is Record<string, unknown>[] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));

export function packEstate(estate: Estate): PackedEstate {
  const members: string[] = [];
  const plain: Record<string, Json> = {};
  const tables: Record<string, PackedRows> = {};
  // The ids of each array packed so far, for the columns of later ones to point into.
  const refs = new Map<string, Map<string, number>>();
  for (const [member, value] of Object.entries(estate)) {
    if (value === undefined) continue;
    members.push(member);
    if (!isRecordArray(value)) {
      plain[member] = value;
      continue;
    }
    tables[member] = packRows(value, refs);
    if (value.every((r) => typeof r.id === 'string')) {
      const ids = new Map<string, number>();
      value.forEach((r, i) => ids.set(r.id, i));
      // Ids repeated within one array cannot be pointed at by index.
      if (ids.size === value.length) refs.set(member, ids);
    }
  }
  return { format: PACKED_ESTATE_FORMAT, members, plain, tables };
}

/** The estate `packEstate` was given, as a JSON round trip would give it. Trusts its input: the server's. */
export function unpackEstate(packed: PackedEstate): Estate {
  if (packed.format !== PACKED_ESTATE_FORMAT)
    throw new Error(`not a packed estate (format ${String(packed.format)})`);
  const estate: Record<string, unknown> = {};
  const refs = new Map<string, string[]>();
  for (const member of packed.members) {
    const table = packed.tables[member];
    if (!table) {
      estate[member] = packed.plain[member];
      continue;
    }
    const rows = unpackRows(table, refs);
    estate[member] = rows;
    if (rows.every((r) => typeof r.id === 'string'))
      refs.set(
        member,
        rows.map((r) => r.id as string),
      );
  }
  return estate as unknown as Estate;
}
