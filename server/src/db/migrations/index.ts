/**
 * Every migration, in code rather than read from a folder, so they travel with
 * the module graph (tsx, bundlers) and need no file-system lookup at run time.
 * Names sort in the order they run; never rename or edit one that has shipped.
 */
import type { Migration } from 'kysely/migration';
import * as estates from './0001-estates.ts';
import * as plans from './0002-plans.ts';
import * as execution from './0003-execution.ts';
import * as eventAppend from './0004-event-append.ts';
import * as instanceLeases from './0005-instance-leases.ts';
import * as eventBodyJson from './0006-event-body-json.ts';
import * as netboxWriteback from './0007-netbox-writeback.ts';
import * as usersAudit from './0008-users-audit.ts';
import * as estateDigest from './0009-estate-digest.ts';
import * as waveRuns from './0010-wave-runs.ts';

export const migrations: Record<string, Migration> = {
  '0001-estates': estates,
  '0002-plans': plans,
  '0003-execution': execution,
  '0004-event-append': eventAppend,
  '0005-instance-leases': instanceLeases,
  '0006-event-body-json': eventBodyJson,
  '0007-netbox-writeback': netboxWriteback,
  '0008-users-audit': usersAudit,
  '0009-estate-digest': estateDigest,
  '0010-wave-runs': waveRuns,
};
