/**
 * The execution service of one server instance: the event hub, the
 * executors and the supervisor, started with the app and stopped with it.
 */
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SAFETY_DEFAULTS, type SafetyConfig } from '@vmmi/shared';
import type { Db } from '../db/db.ts';
import { EventHub } from './event-hub.ts';
import { EVENTS_CHANNEL } from '../db/run-repo.ts';
import { ExecutorRegistry, simulatedExecutor } from './executor.ts';
import { createEstateRepo } from '../db/estate-repo.ts';
import { netnsWanPath } from './netns/wan-path.ts';
import { QemuExecutor } from './qemu/qemu-executor.ts';
import { Supervisor, SUPERVISOR_DEFAULTS, type SupervisorOptions } from './supervisor.ts';
import { netboxConnect } from '../writeback/connect.ts';
import { WritebackWorker, type WritebackWorkerOptions } from '../writeback/worker.ts';

export interface ExecutionConfig {
  /** This instance's name in leases and events; stable across restarts when set (INSTANCE_ID). */
  instanceId: string;
  tickMs: number;
  leaseMs: number;
  safety: SafetyConfig;
  /** How often the hub re-reads the table for events it was not told about, ms. */
  pollMs: number;
  /** Tests only: the clock simulated runs advance by (SupervisorOptions.simNow). */
  simNow?: () => number;
}

export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export function executionConfig(overrides: Partial<ExecutionConfig> = {}): ExecutionConfig {
  return {
    instanceId: overrides.instanceId ?? defaultInstanceId(),
    tickMs: overrides.tickMs ?? SUPERVISOR_DEFAULTS.tickMs,
    leaseMs: overrides.leaseMs ?? SUPERVISOR_DEFAULTS.leaseMs,
    safety: { ...SAFETY_DEFAULTS, ...overrides.safety },
    pollMs: overrides.pollMs ?? 1_000,
    ...(overrides.simNow && { simNow: overrides.simNow }),
  };
}

export interface Execution {
  readonly config: ExecutionConfig;
  readonly hub: EventHub;
  readonly supervisor: Supervisor;
  readonly executors: ExecutorRegistry;
  /** Writes succeeded moves back to NetBox (docs/writeback.md). */
  readonly writeback: WritebackWorker;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The QEMU executor as the server runs it: on loopback, or with
 * VMMI_QEMU_WAN=netns across a WAN path shaped to each run's path (root only).
 * Its guests outlive the server, recorded in VMMI_QEMU_STATE_DIR (default
 * $TMPDIR/vmmi-qemu-guests), so a run a crash left is resolved by asking
 * QEMU (docs/execution-ops.md).
 */
function defaultQemuExecutor(db: Db, instanceId: string): QemuExecutor {
  const stateDir = process.env.VMMI_QEMU_STATE_DIR || join(tmpdir(), 'vmmi-qemu-guests');
  const common = { stateDir, instanceId };
  if (process.env.VMMI_QEMU_WAN !== 'netns') return new QemuExecutor(common);
  const estates = createEstateRepo(db.kysely);
  return new QemuExecutor({
    ...common,
    wanPath: netnsWanPath(async (id) => (await estates.get(id))?.estate),
  });
}

export function createExecution(
  db: Db,
  config: ExecutionConfig,
  log: SupervisorOptions['log'],
  executors = new ExecutorRegistry([simulatedExecutor, defaultQemuExecutor(db, config.instanceId)]),
  writebackOptions: Partial<WritebackWorkerOptions> = {},
): Execution {
  const hub = new EventHub(db.kysely, (err) => log.error({ err }, 'event hub'));
  const supervisor = new Supervisor(db, hub, executors, {
    instanceId: config.instanceId,
    tickMs: config.tickMs,
    leaseMs: config.leaseMs,
    safety: config.safety,
    exclusive: db.kind === 'pglite',
    log,
    ...(config.simNow && { simNow: config.simNow }),
  });
  const writeback = new WritebackWorker(db.kysely, {
    connect: netboxConnect(process.env.NETBOX_TOKEN),
    log: { warn: (o, msg) => log.error(o, msg) },
    ...writebackOptions,
  });
  let unlisten: (() => Promise<void>) | undefined;
  let poll: NodeJS.Timeout | undefined;
  return {
    config,
    hub,
    supervisor,
    executors,
    writeback,
    async start() {
      await hub.init();
      if (db.listen) {
        unlisten = await db.listen(
          EVENTS_CHANNEL,
          (payload) => {
            if (/^\d+$/.test(payload) && BigInt(payload) <= hub.deliveredUpTo) return;
            void hub.catchUp();
          },
          () => void hub.catchUp(),
        );
      }
      poll = setInterval(() => void hub.catchUp(), config.pollMs);
      poll.unref();
      await supervisor.start();
      writeback.start();
    },
    async stop() {
      if (poll) clearInterval(poll);
      await writeback.stop();
      await supervisor.stop();
      await executors.close();
      await unlisten?.();
      hub.close();
    },
  };
}
