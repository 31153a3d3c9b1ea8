/**
 * Arrays of JSON records written as columns, for the wire: a key is written
 * once per array instead of once per record, and each column's values in the
 * shortest of a few forms. A fat-tree k=32's 24,576 links, each
 * `{"id":"site.p0-agg-0~site.core-1-1","a":"site.p0-agg-0",…,"state":"up"}`,
 * become a column of `a` and `b` as numbers into the devices' ids, an `id`
 * column that says "a, then ~, then b", and constants: 6.3 MiB of estate
 * goes over in about 0.6 MiB. Unpacking costs about what parsing the
 * smaller JSON saves: the gain is the bytes (the server's serialisation, the
 * browser's download and decoding), not the parse.
 *
 * Exact for JSON: `unpackRows(packRows(rows))` has the same keys and values as
 * `rows` after a JSON round trip (undefined members are absent, as JSON.stringify
 * leaves them out). Key order within a record follows the first record that has
 * each key. Pure.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Primitive = null | boolean | number | string;
type Row = Readonly<Record<string, unknown>>;

/** How one column's values are written (for the rows that have the key). */
export type ColumnValues =
  /** The same primitive in every row. */
  | { enc: 'const'; value: Primitive }
  /** Each row's value as it is. */
  | { enc: 'values'; values: Json[] }
  /** Few distinct primitives: each row's index into `dict`. */
  | { enc: 'dict'; dict: Primitive[]; codes: number[] }
  /** Ids of another array's records (say, a link's ends among the devices): their indexes there. */
  | { enc: 'ref'; table: string; codes: number[] }
  /** The row's `left` value, `sep`, then its `right` value (a link id `a~b`, a device id `site.name`). */
  | { enc: 'join'; left: string; sep: string; right: string }
  /** Records in every row: packed in turn. */
  | { enc: 'table'; table: PackedRows };

export type PackedColumn = ColumnValues & {
  key: string;
  /** The rows that have the key, as [first row, count] pairs; absent when every row has it. */
  runs?: number[];
};

export interface PackedRows {
  rows: number;
  columns: PackedColumn[];
}

/** Ids of records already packed, by the name of their array: columns of such ids become `ref`. */
export type RefIndex = ReadonlyMap<string, ReadonlyMap<string, number>>;

const isPrimitive = (v: unknown): v is Primitive =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isRecord = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Characters a JSON array of these primitives takes, about (separators counted). */
function jsonLength(values: readonly Primitive[]): number {
  let n = 0;
  for (const v of values) n += (typeof v === 'string' ? v.length + 2 : String(v).length) + 1;
  return n;
}

/** [first, count] pairs of the rows present; undefined when all are. */
function runsOf(present: readonly number[], rows: number): number[] | undefined {
  if (present.length === rows) return undefined;
  const runs: number[] = [];
  for (let i = 0; i < present.length;) {
    let j = i + 1;
    while (j < present.length && present[j] === present[j - 1]! + 1) j++;
    runs.push(present[i]!, j - i);
    i = j;
  }
  return runs;
}

function encodeValues(values: unknown[], refs: RefIndex): ColumnValues {
  if (values.length > 0 && values.every(isRecord))
    return { enc: 'table', table: packRows(values, refs) };
  if (!values.every(isPrimitive)) return { enc: 'values', values: values as Json[] };
  const first = values[0];
  if (values.length > 0 && values.every((v) => v === first)) return { enc: 'const', value: first! };
  if (values.every((v) => typeof v === 'string'))
    for (const [table, ids] of refs)
      if (values.every((v) => ids.has(v)))
        return { enc: 'ref', table, codes: values.map((v) => ids.get(v)!) };
  // A dictionary of mostly distinct values (names, addresses) saves little: not tried past half.
  const index = new Map<Primitive, number>();
  const codes: number[] = [];
  for (const v of values) {
    let code = index.get(v);
    if (code === undefined) {
      if (index.size > values.length / 2) return { enc: 'values', values };
      index.set(v, (code = index.size));
    }
    codes.push(code);
  }
  const dict = [...index.keys()];
  const codeLength = codes.reduce((n, c) => n + String(c).length + 1, 0);
  return jsonLength(dict) + codeLength < jsonLength(values)
    ? { enc: 'dict', dict, codes }
    : { enc: 'values', values };
}

/**
 * A string column that every row has and whose value is always another such
 * column's value, a separator, and a third's: found from the first row, held
 * by every row. Only columns not themselves joined are candidates.
 */
function findJoin(
  rows: readonly Row[],
  key: string,
  candidates: readonly string[],
): Extract<ColumnValues, { enc: 'join' }> | undefined {
  const first = rows[0]!;
  const whole = first[key] as string;
  for (const left of candidates) {
    const l = first[left] as string;
    if (left === key || !whole.startsWith(l)) continue;
    for (const right of candidates) {
      const r = first[right] as string;
      if (right === key || whole.length < l.length + r.length || !whole.endsWith(r)) continue;
      const sep = whole.slice(l.length, whole.length - r.length);
      if (rows.every((row) => row[key] === `${row[left] as string}${sep}${row[right] as string}`))
        return { enc: 'join', left, sep, right };
    }
  }
  return undefined;
}

/** Records as columns; `refs`: ids of records packed before, which columns may point into. */
export function packRows(rows: readonly Row[], refs: RefIndex = new Map()): PackedRows {
  // One pass over the records, each key's values gathered as met: keys in the order records
  // first have them. The rows holding a key are listed only once one lacks it: most keys are
  // in every record (180,000 VMs of a 50 MB estate).
  const gathered = new Map<string, { values: unknown[]; present: number[] | null }>();
  rows.forEach((row, i) => {
    for (const key in row) {
      const v = row[key];
      if (v === undefined) continue;
      let column = gathered.get(key);
      if (!column) gathered.set(key, (column = { values: [], present: i === 0 ? null : [] }));
      // `present` null: rows 0 to values.length - 1, all of them.
      if (column.present === null && column.values.length !== i)
        column.present = Array.from(column.values, (_, k) => k);
      column.present?.push(i);
      column.values.push(v);
    }
  });
  const columns: PackedColumn[] = [...gathered].map(([key, { values, present }]) => {
    const runs =
      present === null
        ? values.length === rows.length
          ? undefined
          : [0, values.length]
        : runsOf(present, rows.length);
    return { key, ...encodeValues(values, refs), ...(runs && { runs }) };
  });
  // Strings every row has, not constant (a constant is shorter than any join), may be joins of others.
  const whole = (c: PackedColumn) =>
    c.runs === undefined && rows.length > 0 && rows.every((row) => typeof row[c.key] === 'string');
  const strings = columns.filter(whole).map((c) => c.key);
  // Never a join of a join: a joined column is no part, and a part is never joined after.
  const joined = new Set<string>();
  const parts = new Set<string>();
  columns.forEach((c, i) => {
    if (c.enc === 'const' || !strings.includes(c.key) || parts.has(c.key)) return;
    const join = findJoin(
      rows,
      c.key,
      strings.filter((k) => !joined.has(k)),
    );
    if (!join) return;
    columns[i] = { key: c.key, ...join };
    joined.add(c.key);
    parts.add(join.left).add(join.right);
  });
  return { rows: rows.length, columns };
}

/** The ids of unpacked records, by the name of their array, for `ref` columns. */
export type RefIds = ReadonlyMap<string, readonly string[]>;

/** Row index → index among the rows that have the column (-1: absent); null when all rows have it. */
function presence(column: PackedColumn, rows: number): Int32Array | null {
  if (column.runs === undefined) return null;
  const at = new Int32Array(rows).fill(-1);
  let k = 0;
  for (let r = 0; r < column.runs.length; r += 2)
    for (let i = column.runs[r]!, end = i + column.runs[r + 1]!; i < end; i++) at[i] = k++;
  return at;
}

function decodeValues(column: ColumnValues, count: number, refs: RefIds): unknown[] {
  switch (column.enc) {
    case 'const':
      return new Array<unknown>(count).fill(column.value);
    case 'values':
      return column.values;
    case 'dict':
      return column.codes.map((c) => column.dict[c]);
    case 'ref': {
      const ids = refs.get(column.table);
      if (!ids) throw new Error(`packed rows refer to unknown records "${column.table}"`);
      return column.codes.map((c) => ids[c]);
    }
    case 'table':
      return unpackRows(column.table, refs);
    case 'join':
      throw new Error('a joined column is decoded from its parts');
  }
}

/** The records again, from `packRows`. */
export function unpackRows(packed: PackedRows, refs: RefIds = new Map()): Record<string, Json>[] {
  const n = packed.rows;
  const values = new Map<string, unknown[]>();
  for (const c of packed.columns) if (c.enc !== 'join') values.set(c.key, decodeValues(c, n, refs));
  // Joins: of columns every row has, never of other joins (packRows makes them so).
  for (const c of packed.columns)
    if (c.enc === 'join') {
      const left = values.get(c.left);
      const right = values.get(c.right);
      if (!left || !right) throw new Error(`packed column "${c.key}" joins unknown columns`);
      values.set(
        c.key,
        left.map((l, i) => `${l as string}${c.sep}${right[i] as string}`),
      );
    }
  // A column at a time, over every record: each store then sees one key on records of one
  // shape, which the engine keeps fast; a record at a time meets every key at one store.
  const out = new Array<Record<string, Json>>(n);
  for (let i = 0; i < n; i++) out[i] = {};
  for (const c of packed.columns) {
    const where = presence(c, n);
    const v = values.get(c.key)!;
    const key = c.key;
    if (where === null) for (let i = 0; i < n; i++) out[i]![key] = v[i] as Json;
    else
      for (let i = 0; i < n; i++) {
        const k = where[i]!;
        if (k >= 0) out[i]![key] = v[k] as Json;
      }
  }
  return out;
}
