/** The rows a run needs under it (its estate and plan) and the run itself, straight into the tables. */
import { buildDemoEstate, type MigrationSpec } from '@vmmi/shared';
import type { Kysely } from 'kysely';
import { createEstateRepo } from '../../../src/db/estate-repo.ts';
import * as runRepo from '../../../src/db/run-repo.ts';
import type { Database } from '../../../src/db/schema.ts';
import { makeSpec } from './fixtures.ts';

/** The demo estate stored, and a plan on it; a spec of a demo VM's move from fra1 to ams1 under that plan. */
export async function demoPlan(k: Kysely<Database>, planId = 'plan-1') {
  const estate = buildDemoEstate();
  const { id: estateId, version } = await createEstateRepo(k).put(estate);
  await k
    .insertInto('plans')
    .values({
      id: planId,
      estate_id: estateId,
      estate_version: version,
      request: '{}',
      report: '{}',
      status: 'running',
      created_by: 'operator',
    })
    .execute();
  const vm = estate.vms.find((v) => v.id === 'acme-web-web-01')!;
  const toHost = estate.devices.find((d) => d.role === 'host' && d.siteId === 'ams1')!.id;
  const spec = (over: Partial<MigrationSpec> = {}) =>
    makeSpec({
      planId,
      estateId,
      estateVersion: version,
      vmId: vm.id,
      fromHost: vm.hostId,
      toHost,
      fromSite: 'fra1',
      toSite: 'ams1',
      addressAfter: { ipv4: vm.ipv4 ?? null, ipv6: vm.ipv6 ?? null },
      ...over,
    });
  return { estate, estateId, version, spec };
}

export async function insertRun(
  k: Kysely<Database>,
  owner: string,
  id: string,
  spec: MigrationSpec,
): Promise<void> {
  await k.transaction().execute(async (trx) => {
    await runRepo.insertRuns(trx, owner, [{ id, spec }]);
    await runRepo.appendEvents(
      trx,
      [{ migrationId: id, seq: 1, simMs: 0, event: { type: 'created', spec } }],
      false,
    );
  });
}
