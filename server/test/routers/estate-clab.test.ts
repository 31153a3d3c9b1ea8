// estate.importClab and estate.exportClab through createCaller: containerlab topologies in and out.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Role } from '../../src/auth/roles.ts';
import { createContextInner } from '../../src/context.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import { makeEstateInput } from '../fixtures.ts';

const createCaller = createCallerFactory(appRouter);
const clos01 = readFileSync(
  resolve(import.meta.dirname, '../../../shared/src/import/clab/fixtures/clos01.clab.yml'),
  'utf8',
);

interface ClabDoc {
  name: string;
  topology: { nodes: Record<string, { labels: Record<string, unknown> }>; links: unknown[] };
}

describe.each(BACKENDS)('estate router, containerlab, on %s', (_kind, open) => {
  const db = useTestDb(open);
  const as = (role: Role) => createCaller(createContextInner({ db: db(), role }));

  it('importClab gives the estate and the report, stores nothing; import then stores it', async () => {
    const { estate, report } = await as('operator').estate.importClab({ yaml: clos01 });
    // clos01 by hand: leaf1, leaf2, spine, client1, client2; four links.
    expect(estate!.devices.map((d) => `${d.name}:${d.role}`)).toEqual([
      'leaf1:leaf',
      'leaf2:leaf',
      'spine:spine',
      'client1:host',
      'client2:host',
    ]);
    expect(report.filter((e) => e.severity === 'error')).toEqual([]);
    expect(await as('viewer').estate.list()).toEqual([]);
    expect(await as('operator').estate.import({ estate })).toEqual({ id: 'clos01', version: 1 });
  });

  it('importClab answers a bad file with a report, not an error; a viewer may not call it', async () => {
    const result = await as('operator').estate.importClab({ yaml: 'name: [' });
    expect(result.estate).toBeNull();
    expect(result.report).toMatchObject([{ severity: 'error', object: 'file' }]);
    expect((await trpcErrorOf(as('viewer').estate.importClab({ yaml: clos01 }))).code).toBe(
      'FORBIDDEN',
    );
  });

  it('exportClab writes a stored estate, or one site of it, as containerlab YAML', async () => {
    await as('operator').estate.import({ estate: makeEstateInput() });
    // The fixture by hand: 9 devices; 7 links and 1 WAN link. Site dc-b: gw-b, leaf-b1,
    // host-b1 and the links gw-b–leaf-b1, leaf-b1–host-b1 (the WAN link leaves the site).
    const whole = YAML.parse(
      (await as('viewer').estate.exportClab({ id: 'test-estate' })).yaml,
    ) as ClabDoc;
    expect(Object.keys(whole.topology.nodes)).toHaveLength(9);
    expect(whole.topology.links).toHaveLength(8);
    expect(whole.topology.nodes['gw-a']!.labels).toMatchObject({
      'vmmi-role': 'gateway',
      'vmmi-site': 'dc-a',
      'vmmi-id': 'gw-a',
    });
    const site = await as('viewer').estate.exportClab({ id: 'test-estate', siteId: 'dc-b' });
    const b = YAML.parse(site.yaml) as ClabDoc;
    expect(b.name).toBe('test-estate-dc-b');
    expect(Object.keys(b.topology.nodes).sort()).toEqual(['gw-b', 'host-b1', 'leaf-b1']);
    expect(b.topology.links).toHaveLength(2);
  });

  it('exportClab is NOT_FOUND for an unknown estate or site', async () => {
    await as('operator').estate.import({ estate: makeEstateInput() });
    for (const input of [{ id: 'nope' }, { id: 'test-estate', siteId: 'nope' }])
      expect((await trpcErrorOf(as('viewer').estate.exportClab(input))).code).toBe('NOT_FOUND');
  });
});
