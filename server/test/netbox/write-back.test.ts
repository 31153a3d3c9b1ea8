// Writing a VM's placement and a journal entry back to the fake NetBox (demo data).
import { afterEach, describe, expect, it } from 'vitest';
import type { NetboxError } from '../../src/import/netbox/client.ts';
import { type NetboxConnection } from '../../src/import/netbox/client.ts';
import { addJournalEntry, updateVmPlacement } from '../../src/import/netbox/write-back.ts';
import { demoTables, rows } from './demo-data.ts';
import { startFakeNetbox, type FakeNetbox } from './fake-netbox.ts';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
let nb: FakeNetbox | undefined;
afterEach(async () => {
  await nb?.close();
  nb = undefined;
});
const conn = (over: Partial<NetboxConnection> = {}): NetboxConnection => ({
  url: nb!.url,
  token: TOKEN,
  backoffBaseMs: 1,
  ...over,
});

describe('NetBox write-back', () => {
  it('moves a VM to a device and cluster', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    // VM 361 (vm1) is in cluster 9; device 106 is the application server, cluster 2 DO-NYC3.
    const vm = (await updateVmPlacement(conn(), 361, { device: 106, cluster: 2 })) as {
      device: { id: number };
      cluster: { id: number };
    };
    expect([vm.device.id, vm.cluster.id]).toEqual([106, 2]);
    expect(rows(nb.tables, 'virtualization.virtualmachine').get(361)).toMatchObject({
      device: 106,
      cluster: 2,
    });
  });

  it("reports NetBox's 400 for an unknown device", async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const err = (await updateVmPlacement(conn(), 361, { device: 99999 }).catch(
      (e: unknown) => e,
    )) as NetboxError;
    expect(err.kind).toBe('rejected');
    expect(err.details).toEqual({
      device: ['Related object not found using the provided numeric ID: 99999'],
    });
    expect(rows(nb.tables, 'virtualization.virtualmachine').get(361)!.device).toBeNull();
  });

  it('adds a journal entry, after a 503', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    nb.failWrites(503, 1);
    const waits: number[] = [];
    await addJournalEntry(
      conn({ sleep: (ms) => (waits.push(ms), Promise.resolve()) }),
      361,
      'moved by VMMI Planner',
    );
    expect(waits).toEqual([1]);
    expect(nb.journal).toEqual([
      {
        id: 1,
        assigned_object_type: 'virtualization.virtualmachine',
        assigned_object_id: 361,
        kind: 'info',
        comments: 'moved by VMMI Planner',
      },
    ]);
  });

  it('refuses bad input before asking NetBox, and a refused token', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    await expect(addJournalEntry(conn(), 361, '')).rejects.toMatchObject({ kind: 'rejected' });
    await expect(updateVmPlacement(conn(), -1, { device: 1 })).rejects.toMatchObject({
      kind: 'rejected',
    });
    expect(nb.requests).toEqual([]);
    await expect(updateVmPlacement(conn({ token: 'x' }), 361, { device: 1 })).rejects.toMatchObject(
      { kind: 'auth' },
    );
  });
});
