/** Live runs and faults for the supervisor's parts, without a database. */
import {
  reduceMigration,
  SAFETY_DEFAULTS,
  type Fault,
  type MigrationSpec,
  type SafetyConfig,
} from '@vmmi/shared';
import { makeSpec } from '../../../../shared/src/execution/test-helpers.ts';
import { ExecutorRegistry } from '../../../src/execution/executor.ts';
import type { StoredFault } from '../../../src/execution/fault-repo.ts';
import { liveRunOf, type LiveRun } from '../../../src/execution/live-run.ts';
import type { RunContext } from '../../../src/execution/run-start.ts';

export { makeSpec };

/** A queued run of `spec`, as adopt() holds it after its created event. */
export function queuedRun(id: string, over: Partial<MigrationSpec> = {}): LiveRun {
  const spec = makeSpec({ vmId: `vm-${id}`, ...over });
  const state = reduceMigration(undefined, {
    scope: 'migration',
    id: '1',
    migrationId: id,
    seq: 1,
    at: new Date(0).toISOString(),
    simMs: 0,
    event: { type: 'created', spec },
  });
  return liveRunOf(state, null);
}

/** A run started on the simulated executor (its state says running). */
export function runningRun(id: string, over: Partial<MigrationSpec> = {}): LiveRun {
  const live = queuedRun(id, over);
  live.state = { ...live.state, status: 'running', lastSeq: 2 };
  live.run = new ExecutorRegistry().get('simulated')!.start(live.spec);
  return live;
}

export function stored(
  id: string,
  fault: Fault,
  estateId: string | null = 'estate-1',
): StoredFault {
  return { id, estateId, fault, createdAt: new Date(0).toISOString(), clearedAt: null };
}

export function context(safety: Partial<SafetyConfig> = {}): RunContext {
  return {
    executors: new ExecutorRegistry(),
    safety: { ...SAFETY_DEFAULTS, ...safety },
    instanceId: 'i-1',
  };
}
