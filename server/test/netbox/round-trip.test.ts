// Round trips of a NetBox import (R21): the estate made from NetBox's demo data (plain, and
// enriched with placed VMs and a VXLAN network), written as our estate file in JSON and in YAML
// and read back, is the same estate; and importing the same NetBox twice gives the same estate.
import { parseEstateText, serializeEstate } from '@vmmi/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { importFromNetbox } from '../../src/import/netbox/import.ts';
import { demoTables } from './demo-data.ts';
import { enrich } from './enrich.ts';
import { startFakeNetbox, type FakeNetbox } from './fake-netbox.ts';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
let nb: FakeNetbox | undefined;
afterEach(async () => {
  await nb?.close();
  nb = undefined;
});

describe.each([
  ['the demo data', () => demoTables()],
  ['the enriched demo data', () => enrich(demoTables())],
])('a NetBox import of %s', (_name, tables) => {
  it('written as our estate file (JSON and YAML) and read back is identical', async () => {
    nb = await startFakeNetbox({ tables: tables() });
    const { estate } = await importFromNetbox({ url: nb.url, token: TOKEN });
    expect(estate).not.toBeNull();
    for (const format of ['json', 'yaml'] as const) {
      const back = parseEstateText(serializeEstate(estate!, format));
      expect(back.ok, format).toBe(true);
      if (back.ok) expect(back.estate).toEqual(estate);
    }
  });

  it('is the same estate when the same NetBox is read again', async () => {
    nb = await startFakeNetbox({ tables: tables() });
    const first = await importFromNetbox({ url: nb.url, token: TOKEN });
    const second = await importFromNetbox({ url: nb.url, token: TOKEN });
    expect(second.estate).toEqual(first.estate);
    expect(second.netboxIds).toEqual(first.netboxIds);
  });
});
