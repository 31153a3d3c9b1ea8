/**
 * The QEMU executor: carries a plan's migration out on real
 * `qemu-system-x86_64` processes (TCG), the VM stood in for by the test guest
 * (guest.ts) sized down to what this machine runs. Time is the wall clock's:
 * the supervisor asks once a tick what happened, and the run answers from
 * QEMU's own figures (`query-migrate`), as the same events the simulated
 * executor emits. DESIGN.md, "Execution"; R13, R14, R19; docs/execution-ops.md.
 *
 * A VM's guest lives on in the executor after its move (the destination is
 * the VM's guest from then on), so a second move of the same VM migrates the
 * guest that the first one left running. With a state directory the guests
 * outlive the server, and a run it left is resolved by asking them (adopt).
 */
import {
  initialSimState,
  simStateFor,
  type MigrationSpec,
  type MigrationState,
} from '@vmmi/shared';
import type { Executor, ExecutorRun } from '../executor.ts';
import { QEMU_EXECUTOR_DEFAULTS, type QemuExecutorOptions } from './executor-options.ts';
import { Guests } from './guests.ts';
import type { QemuHandle } from './qemu-process.ts';
import { QemuRun } from './qemu-run.ts';

export {
  guestMachineFor,
  QEMU_EXECUTOR_DEFAULTS,
  type QemuExecutorOptions,
} from './executor-options.ts';

export class QemuExecutor implements Executor {
  readonly name = 'qemu';
  readonly description =
    'Live-migrates a real QEMU guest (TCG) standing in for the VM, over QMP, with the plan’s bandwidth and downtime limit';
  private readonly guests: Guests;
  private readonly opts: QemuExecutorOptions;

  constructor(opts: Partial<QemuExecutorOptions> = {}) {
    this.opts = { ...QEMU_EXECUTOR_DEFAULTS, ...opts };
    this.guests = new Guests(this.opts.stateDir, this.opts.instanceId);
  }

  start(spec: MigrationSpec, resumeFrom?: Parameters<Executor['start']>[1]): ExecutorRun {
    return new QemuRun(
      spec,
      resumeFrom ? simStateFor(resumeFrom) : initialSimState(spec),
      this.opts,
      this.guests,
    );
  }

  /**
   * A run an earlier server left, resolved by asking QEMU: when the record of
   * the VM names this plan's migration and either side still runs, the run goes
   * on from what QEMU says (still copying, completed, failed); otherwise there
   * is nothing to ask and the crash rule decides from the events.
   */
  async adopt(spec: MigrationSpec, state: MigrationState): Promise<ExecutorRun | undefined> {
    const record = await this.guests.recordOf(spec);
    if (!record?.migration || record.migration.planId !== spec.planId) return undefined;
    const source = record.hostId === spec.fromHost ? await this.guests.attach(record.guest) : null;
    const target = await this.guests.attach(record.migration.target);
    if (!source && !target) return undefined;
    if (source)
      await this.guests.migrating(spec, { handle: source, hostId: spec.fromHost }, target);
    return new QemuRun(spec, simStateFor(state), this.opts, this.guests, { source, target });
  }

  /** Where the VM's guest runs now, if the executor holds one. */
  guestOf(vmId: string): { hostId: string; handle: QemuHandle } | undefined {
    return this.guests.get(vmId);
  }

  /** Stops every guest it holds or has on record (the server is shutting down). */
  async close(): Promise<void> {
    await this.guests.closeAll();
  }
}
