/**
 * Records as columns (columns.ts): the form each column takes is worked out
 * by hand below from the rule (constant, joined, pointed into another array,
 * dictionary when shorter, values), and every packing unpacks to its input.
 */
import { describe, expect, it } from 'vitest';
import { packRows, unpackRows, type PackedColumn } from './columns.ts';

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const roundTrip = (rows: Record<string, unknown>[], refs?: Map<string, Map<string, number>>) =>
  unpackRows(
    viaJson(packRows(rows, refs)),
    refs && new Map([...refs].map(([k, m]) => [k, [...m.keys()]])),
  );
const column = (columns: PackedColumn[], key: string) => columns.find((c) => c.key === key);

describe('packRows', () => {
  const rows = [
    { id: 's.a', site: 's', name: 'a', n: 1, tags: ['x'] },
    { id: 's.b', site: 's', name: 'b', n: 2, extra: null },
    { id: 's.c', site: 's', name: 'c', n: 1, cap: { v: 4 } },
  ];

  it('writes each key once, in the order records first have them, in the shortest form', () => {
    const packed = packRows(rows);
    expect(packed.rows).toBe(3);
    expect(packed.columns.map((c) => c.key)).toEqual([
      'id',
      'site',
      'name',
      'n',
      'tags',
      'extra',
      'cap',
    ]);
    // "s.a" is site "s", ".", then name "a", in every row.
    expect(column(packed.columns, 'id')).toEqual({
      key: 'id',
      enc: 'join',
      left: 'site',
      sep: '.',
      right: 'name',
    });
    expect(column(packed.columns, 'site')).toEqual({ key: 'site', enc: 'const', value: 's' });
    // A dictionary of three one-letter names (12 characters) and three codes (6) is longer than the 12 of the names.
    expect(column(packed.columns, 'name')).toEqual({
      key: 'name',
      enc: 'values',
      values: ['a', 'b', 'c'],
    });
    // [1,2] and codes 0,1,0 take 10 characters, the values 6.
    expect(column(packed.columns, 'n')).toEqual({ key: 'n', enc: 'values', values: [1, 2, 1] });
    // Keys only some records have: the runs of rows that do, [first row, count].
    expect(column(packed.columns, 'tags')).toEqual({
      key: 'tags',
      enc: 'values',
      values: [['x']],
      runs: [0, 1],
    });
    expect(column(packed.columns, 'extra')).toEqual({
      key: 'extra',
      enc: 'const',
      value: null,
      runs: [1, 1],
    });
    expect(column(packed.columns, 'cap')).toEqual({
      key: 'cap',
      enc: 'table',
      table: { rows: 1, columns: [{ key: 'v', enc: 'const', value: 4 }] },
      runs: [2, 1],
    });
    expect(roundTrip(rows)).toEqual(rows);
  });

  it('writes few distinct values as a dictionary once that is shorter', () => {
    const roles = Array.from({ length: 100 }, (_, i) => ({ role: i % 2 ? 'host' : 'aggregation' }));
    // 100 values take 50 × 14 + 50 × 7 = 1,050 characters; the dictionary 21 and its codes 200.
    expect(packRows(roles).columns).toEqual([
      {
        key: 'role',
        enc: 'dict',
        dict: ['aggregation', 'host'],
        codes: roles.map((_, i) => i % 2),
      },
    ]);
    expect(roundTrip(roles)).toEqual(roles);
  });

  it('writes ids of records packed before as their indexes there', () => {
    const devices = new Map([
      ['d1', 0],
      ['d2', 1],
      ['d3', 2],
    ]);
    const links = [
      { a: 'd1', b: 'd3', note: 'd1' },
      { a: 'd2', b: 'd1', note: 'x' },
    ];
    const packed = packRows(links, new Map([['devices', devices]]));
    expect(column(packed.columns, 'a')).toEqual({
      key: 'a',
      enc: 'ref',
      table: 'devices',
      codes: [0, 1],
    });
    expect(column(packed.columns, 'b')).toEqual({
      key: 'b',
      enc: 'ref',
      table: 'devices',
      codes: [2, 0],
    });
    // "x" is no device: the column stays as it is.
    expect(column(packed.columns, 'note')?.enc).toBe('values');
    expect(roundTrip(links, new Map([['devices', devices]]))).toEqual(links);
  });

  it('unpacks to what a JSON round trip of the records gives, whatever their shapes', () => {
    const odd = [
      { a: undefined, b: 0, c: 'x', d: [1, { e: 2 }] },
      {},
      { c: 3, b: -1.5, f: { g: null, h: { i: 'deep' } } },
      { b: 0, c: 'x', f: { h: {} } },
      { f: 'not a record', z: false },
    ];
    expect(roundTrip(odd)).toEqual(viaJson(odd));
    expect(roundTrip([])).toEqual([]);
    // Key order: as the first record that has each key.
    expect(
      Object.keys(
        roundTrip([
          { b: 1, a: 2 },
          { a: 3, c: 4 },
        ])[1]!,
      ),
    ).toEqual(['a', 'c']);
  });

  it('joins only where every row agrees, and never a join of a join', () => {
    const rows = [
      { x: 'p', y: 'q', xy: 'p-q', xyy: 'p-q+q' },
      { x: 'r', y: 's', xy: 'r-s', xyy: 'r-s+s' },
      { x: 't', y: 'u', xy: 't_u', xyy: 't_u+u' },
    ];
    const packed = packRows(rows);
    // Row 3 has "_", not "-": xy is not a join of x and y, so xyy is one of xy and y.
    expect(column(packed.columns, 'xy')?.enc).toBe('values');
    expect(column(packed.columns, 'xyy')).toEqual({
      key: 'xyy',
      enc: 'join',
      left: 'xy',
      sep: '+',
      right: 'y',
    });
    expect(roundTrip(rows)).toEqual(rows);
  });

  it('does not join a column that another join is made of', () => {
    // id is site "." label, and label is kind "-" n: label stays as it is, or unpacking id would
    // need a join not yet made.
    const rows = [
      { id: 's.a-1', site: 's', label: 'a-1', kind: 'a', n: '1' },
      { id: 't.b-2', site: 't', label: 'b-2', kind: 'b', n: '2' },
    ];
    const packed = packRows(rows);
    expect(column(packed.columns, 'id')).toEqual({
      key: 'id',
      enc: 'join',
      left: 'site',
      sep: '.',
      right: 'label',
    });
    expect(column(packed.columns, 'label')?.enc).toBe('values');
    expect(roundTrip(rows)).toEqual(rows);
  });
});
