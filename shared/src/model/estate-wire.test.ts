/**
 * The estate packed for the wire (estate-wire.ts) unpacks to the estate the
 * server would have sent as JSON: the demo, one generated site of each kind,
 * and an operator's tenant-limited view; a large site goes over in a small
 * part of its JSON.
 */
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { buildSingleSiteEstate } from '../topology/multi-site.ts';
import type { GeneratedTopologyKind } from './site.ts';
import { restrictEstateToTenants } from './restrict.ts';
import { packEstate, unpackEstate, type PackedEstate } from './estate-wire.ts';
import { importClab } from '../import/clab/import-clab.ts';
import clos02 from '../import/clab/fixtures/clos02.clab.yml?raw';
import extended from '../import/clab/fixtures/extended.clab.yml?raw';
import type { Estate } from './estate.ts';

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const sent = (estate: Estate) => unpackEstate(viaJson(packEstate(estate)));

describe('packEstate / unpackEstate', () => {
  it('gives back the demo estate, and an operator limited to one tenant its view', () => {
    const demo = buildDemoEstate();
    expect(sent(demo)).toEqual(viaJson(demo));
    const tenant = demo.tenants[0]!.id;
    const view = restrictEstateToTenants(demo, [tenant]);
    expect(sent(view)).toEqual(viaJson(view));
  });

  it.each<[GeneratedTopologyKind, Record<string, number>]>([
    ['fat-tree', { k: 4 }],
    ['leaf-spine', {}],
    ['three-tier', {}],
    ['bcube', {}],
  ])('gives back a generated %s site', (kind, params) => {
    const estate = buildSingleSiteEstate(kind, params);
    expect(sent(estate)).toEqual(viaJson(estate));
  });

  it.each([
    ['clos02', clos02],
    ['extended', extended],
  ])('gives back a custom fabric imported from containerlab (%s)', (_name, yaml) => {
    const { estate } = importClab(yaml);
    expect(estate).not.toBeNull();
    expect(sent(estate!)).toEqual(viaJson(estate));
  });

  it('sends a fat-tree k=16 in under a sixth of its JSON: links as indexes into the devices', () => {
    const estate = buildSingleSiteEstate('fat-tree', { k: 16 });
    const packed: PackedEstate = packEstate(estate);
    const links = packed.tables.links!.columns;
    // A link's ends are devices (their indexes), and its id is "<a>~<b>" (the generators' rule).
    expect(links.find((c) => c.key === 'a')).toMatchObject({ enc: 'ref', table: 'devices' });
    expect(links.find((c) => c.key === 'b')).toMatchObject({ enc: 'ref', table: 'devices' });
    expect(links.find((c) => c.key === 'id')).toEqual({
      key: 'id',
      enc: 'join',
      left: 'a',
      sep: '~',
      right: 'b',
    });
    // By hand, per link: ~190 characters of JSON against two indexes of at most 4 digits (~10);
    // per device ~190 against its name and address (~30). Under a sixth leaves room for the rest.
    const plain = JSON.stringify(estate).length;
    expect(JSON.stringify(packed).length).toBeLessThan(plain / 6);
    expect(sent(estate)).toEqual(viaJson(estate));
  });

  it('refuses what is not a packed estate', () => {
    expect(() => unpackEstate({ format: 'estate' } as unknown as PackedEstate)).toThrow(
      /not a packed estate/,
    );
  });
});
