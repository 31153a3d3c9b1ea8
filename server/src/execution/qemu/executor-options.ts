/**
 * What the QEMU executor is set up with, and how it sizes the guest that
 * stands in for a VM.
 */
import { SIMULATION_DEFAULTS, type MigrationSpec } from '@vmmi/shared';
import { ensureGuest, type GuestImage, type GuestWorkload } from './guest.ts';
import type { WanPath } from './guests.ts';
import { launchQemu, type QemuMachine } from './qemu-process.ts';

const MiB = 2 ** 20;
const PAGE = 4096;

export interface QemuExecutorOptions {
  /** The largest guest RAM, MiB: a VM's memory is scaled down to it (TCG on a few cores). */
  maxGuestMib: number;
  /** The smallest guest RAM, MiB: the Debian kernel and initramfs need room. */
  minGuestMib: number;
  /** How long a guest may take to boot to its first heartbeat. */
  bootTimeoutMs: number;
  /**
   * Rounds (dirty-bitmap syncs) after which a copy that still does not fit the
   * downtime limit is called non-convergent, as the simulator does.
   */
  maxRounds: number;
  /** The guest image; built once (guest.ts). */
  guest: () => Promise<GuestImage>;
  /** Starts one QEMU process (tests swap this). */
  launch: typeof launchQemu;
  /**
   * The network the migration stream crosses: none (loopback), or a WAN path
   * made for the run (netns/wan-path.ts: two namespaces shaped to the path's
   * latency and bandwidth).
   */
  wanPath?: (spec: MigrationSpec) => Promise<WanPath>;
  /**
   * Where the guests are recorded (guest-records.ts). With one, QEMU runs
   * detached and outlives the server; without, it dies with it.
   */
  stateDir?: string;
  /** The server instance, named as the owner in the records. */
  instanceId: string;
}

export const QEMU_EXECUTOR_DEFAULTS: QemuExecutorOptions = {
  maxGuestMib: 256,
  minGuestMib: 128,
  bootTimeoutMs: 120_000,
  maxRounds: SIMULATION_DEFAULTS.maxRounds,
  instanceId: 'local',
  guest: ensureGuest,
  launch: launchQemu,
};

/** The guest that stands in for a VM: its RAM, and a workload dirtying at the VM's rate, scaled alike. */
export function guestMachineFor(
  spec: MigrationSpec,
  opts: Pick<QemuExecutorOptions, 'maxGuestMib' | 'minGuestMib'>,
  guest: GuestImage,
): QemuMachine {
  const vmMib = spec.memoryBytes / MiB;
  const memoryMib = Math.round(Math.min(opts.maxGuestMib, Math.max(opts.minGuestMib, vmMib)));
  const scale = memoryMib / Math.max(1, vmMib);
  // A quarter of the RAM is the working set the guest keeps dirtying: the kernel and the
  // initramfs (unpacked into RAM) need most of the rest.
  const workload: GuestWorkload = {
    wssMib: Math.max(1, Math.floor(memoryMib / 4)),
    dirtyPagesPerSecond: Math.round((spec.dirtyBytesPerSecond * scale) / PAGE),
  };
  return { guest, workload, memoryMib };
}
