// End to end (R21): an estate imported from the fake NetBox (the enriched demo data: placed VMs),
// write-back turned on by an admin, a VM moved by the simulated executor, and the worker writing
// the VM's new device and cluster and a journal entry to NetBox over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { forRuns } from '../../src/db/writeback-repo.ts';
import { netboxConnect } from '../../src/writeback/connect.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { useExecution, waitForEnd, type Harness } from '../execution/harness.ts';
import { demoTables, rows, type Tables } from '../netbox/demo-data.ts';
import { ENRICHED, enrich } from '../netbox/enrich.ts';
import { startFakeNetbox, type FakeNetbox } from '../netbox/fake-netbox.ts';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
let nb: FakeNetbox | undefined;
afterEach(async () => {
  await nb?.close();
  nb = undefined;
});

/** NCSU-117's distribution switch, where the enriched data cables its database server. */
const DIST_SWITCH = 94;
const DB02 = 1002;
const VM4 = 364;

/**
 * A second database server beside the enriched data's first, on a free port of the same
 * switch: the demo data cables no two servers of one site, and has no circuits between sites,
 * so without it no VM of the import has anywhere to go.
 */
function withSecondDbServer(tables: Tables): Tables {
  const devices = rows(tables, 'dcim.device');
  devices.set(DB02, { ...structuredClone(devices.get(ENRICHED.dbServer)!), name: 'ncsu117-db02' });
  const interfaces = rows(tables, 'dcim.interface');
  const [port] = [...interfaces.entries()].find(
    ([, i]) => i.device === DIST_SWITCH && i.cable == null && String(i.type).startsWith('100g'),
  )!;
  interfaces.set(5101, {
    device: DB02,
    name: 'eth0',
    type: '10gbase-x-sfpp',
    enabled: true,
    cable: 5101,
    cable_end: 'A',
  });
  interfaces.get(port)!.cable = 5101;
  interfaces.get(port)!.cable_end = 'B';
  rows(tables, 'dcim.cable').set(5101, { type: 'smf', status: 'connected', label: '', color: '' });
  const terms = rows(tables, 'dcim.cabletermination');
  terms.set(5101, {
    cable: 5101,
    cable_end: 'A',
    termination_type: ['dcim', 'interface'],
    termination_id: 5101,
  });
  terms.set(5102, {
    cable: 5101,
    cable_end: 'B',
    termination_type: ['dcim', 'interface'],
    termination_id: port,
  });
  return tables;
}

/** Imports the enriched NetBox, turns write-back on, and moves VM 364 (vm4) from db01 to db02. */
async function importAndMove(h: Harness) {
  nb = await startFakeNetbox({ tables: withSecondDbServer(enrich(demoTables())) });
  const imported = await h.as('operator').estate.importNetbox({ url: nb.url, token: TOKEN });
  const estateId = imported.stored!.id;
  await h.as('admin').sources.setWriteBack({ estateId, enabled: true });
  const { estate, version } = await h.as('viewer').estate.get({ id: estateId });
  const vm = estate.vms.find((v) => v.name === 'vm4')!;
  const target = estate.devices.find((d) => d.name === 'ncsu117-db02')!;
  const { plan } = await h.as('operator').plans.accept({
    estateId,
    request: { vmIds: [vm.id], target: { kind: 'host', hostId: target.id }, strategy: 'best' },
    expectedVersion: version,
  });
  const { migrations } = await h
    .as('operator')
    .migrations.execute({ planId: plan.id, timeScale: 10_000 });
  const { state } = await waitForEnd(h, migrations[0]!.id);
  expect(state.status).toBe('succeeded');
  return { estateId, plan, run: migrations[0]!, vm, target };
}

describe.each(BACKENDS)('writing a move back to NetBox on %s', (_kind, open) => {
  const testDb = useTestDb(open);
  const start = useExecution(testDb);
  /** The server's own worker, with the token, acting when the test runs a pass. */
  const startWithToken = () =>
    start({}, undefined, { connect: netboxConnect(TOKEN, { backoffBaseMs: 1 }), pollMs: 1e9 });

  it('sets the VM on its new device and cluster, and journals the plan', async () => {
    const h = await startWithToken();
    const { plan, run, target } = await importAndMove(h);
    expect(await h.execution.writeback.runOnce()).toBe(1);
    const [row] = await forRuns(testDb().kysely, [run.id]);
    expect(row).toMatchObject({ status: 'done', attempts: 1 });
    // The host's NetBox id and cluster, as NetBox holds them.
    const ids = row!.request as { device: number; cluster?: number };
    const device = rows(nb!.tables, 'dcim.device').get(ids.device)!;
    expect(device.name).toBe(target.name);
    expect(ids.device).toBe(DB02);
    const vm = rows(nb!.tables, 'virtualization.virtualmachine').get(VM4)!;
    expect(vm.device).toBe(DB02);
    if (device.cluster !== null) expect(vm.cluster).toBe(device.cluster);
    expect(nb!.journal).toHaveLength(1);
    expect(nb!.journal[0]).toMatchObject({
      assigned_object_type: 'virtualization.virtualmachine',
      assigned_object_id: VM4,
      kind: 'info',
    });
    expect(nb!.journal[0]!.comments).toContain(plan.id);
  });

  it('records a NetBox that refuses the write, and the VM stays moved', async () => {
    const h = await startWithToken();
    const { estateId, run, vm, target } = await importAndMove(h);
    nb!.failWrites(403, 1);
    expect(await h.execution.writeback.runOnce()).toBe(1);
    const [row] = await forRuns(testDb().kysely, [run.id]);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.lastError).toMatch(/NetBox/);
    const { estate } = await h.as('viewer').estate.get({ id: estateId });
    expect(estate.vms.find((v) => v.id === vm.id)!.hostId).toBe(target.id);
    expect(rows(nb!.tables, 'virtualization.virtualmachine').get(VM4)!.device).toBe(
      ENRICHED.dbServer,
    );
  });
});
