/**
 * One `qemu-system-x86_64` process running the test guest under TCG, driven
 * over QMP. A source boots the guest; a destination (`incoming`) starts with
 * `-incoming defer` and waits for `migrate-incoming`. Both get the same
 * machine arguments (`machineArgs`): a migration stream only loads into a
 * machine of the same type, RAM size and devices.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { guestAppend, type GuestImage, type GuestWorkload } from './guest.ts';
import { childWatch, pidWatch, type ProcessWatch, type QemuExit } from './process-watch.ts';
import { QmpClient } from './qmp.ts';

export type { QemuExit } from './process-watch.ts';

export interface QemuMachine {
  guest: GuestImage;
  workload: GuestWorkload;
  /** Guest RAM in MiB (QEMU gets 8 KiB more: see TCG_RAM_PAD_KIB). */
  memoryMib: number;
}

export interface QemuLaunchOptions extends QemuMachine {
  /** Wait for an incoming migration instead of booting. */
  incoming?: boolean;
  /** Default: `$VMMI_QEMU`, or `qemu-system-x86_64` on the PATH. */
  qemuBinary?: string;
  /** How long QEMU may take to open its QMP socket. */
  startTimeoutMs?: number;
  /** A network namespace to run QEMU in (`ip netns exec`); its QMP socket and logs stay on the shared filesystem. */
  netns?: string;
  /**
   * QEMU outlives this process (its own session, stderr to a file): a server
   * that dies leaves the guest running, and the next one reattaches to it
   * (`attachQemu`). Otherwise QEMU dies with this process.
   */
  detached?: boolean;
  /**
   * A virtio-net NIC on an existing tap device (in `netns`, if given), its
   * address set by `workload.ip`. Part of the machine: a destination needs the
   * same NIC (and MAC) as its source, on a tap of its own.
   */
  nic?: QemuNic;
}

export interface QemuNic {
  mac: string;
  tap: string;
}

/** The NIC's arguments. No option ROM: the guest boots from -kernel, and QEMU's PXE ROM may not be installed. */
export function nicArgs(nic: QemuNic): string[] {
  return [
    ...['-netdev', `tap,id=n0,ifname=${nic.tap},script=no,downscript=no`],
    ...['-device', `virtio-net-pci,netdev=n0,mac=${nic.mac},romfile=`],
  ];
}

/** Where a running QEMU can be found again: its pid and its directory (QMP socket, serial log, stderr). */
export interface QemuLocation {
  pid: number;
  dir: string;
}

export type QemuErrorKind = 'spawn' | 'exited' | 'timeout';

/** QEMU could not be started, or stopped when it should not have; `stderr` is what it said. */
export class QemuError extends Error {
  override readonly name = 'QemuError';
  constructor(
    readonly kind: QemuErrorKind,
    message: string,
    readonly stderr: string,
    readonly exit?: QemuExit,
  ) {
    super(stderr.trim() ? `${message}\nQEMU said: ${stderr.trim()}` : message);
  }
}

export interface QemuHandle {
  readonly pid: number;
  /** Its temporary directory: QMP socket, serial log, stderr when detached. */
  readonly dir: string;
  readonly qmp: QmpClient;
  /** The guest's first serial port (its console), as QEMU writes it. */
  readonly serialLog: string;
  /** Whether the process has exited. */
  readonly exited: boolean;
  readSerial(): Promise<string>;
  /** QEMU's stderr so far (its tail, when long). */
  stderr(): string;
  /**
   * Polls the serial log until `find` returns a value, and resolves with it.
   * Rejects when QEMU exits first, or after `timeoutMs`.
   */
  waitForSerial<T>(find: (serial: string) => T | undefined, timeoutMs: number): Promise<T>;
  kill(signal?: NodeJS.Signals): void;
  waitExit(): Promise<QemuExit>;
  /** Kills QEMU if it still runs, waits for it, and removes its temporary files. */
  close(): Promise<void>;
}

const SERIAL_POLL_MS = 100;
// Unix socket paths longer than this do not fit in sockaddr_un.
const MAX_SOCKET_PATH = 107;

/**
 * Added to the guest's RAM so its size is not a multiple of 256 KiB (64 pages).
 * QEMU before 9.0 syncs the dirty bitmap of such a RAM block 64 pages at a time
 * without resetting TCG's TLB dirty state, so the guest's later writes through
 * a cached TLB entry are never marked dirty: every pass after the first misses
 * pages and the destination resumes with corrupted memory (QEMU commit 03bfc2188f,
 * "physmem: Fix migration dirty bitmap coherency with TCG memory access"). Any
 * other size takes the page-by-page path, which resets the TLB. QEMU rounds RAM
 * to 8 KiB, so that is the smallest pad that works.
 */
export const TCG_RAM_PAD_KIB = 8;

/** The arguments that define the machine: identical on the source and the destination. */
export function machineArgs(machine: QemuMachine): string[] {
  const ramKib = machine.memoryMib * 1024 + TCG_RAM_PAD_KIB;
  return [
    ...['-accel', 'tcg', '-machine', 'pc', '-m', `${ramKib}k`, '-smp', '1'],
    ...['-nodefaults', '-no-user-config', '-display', 'none'],
    // A guest that panics (its init died) ends the process instead of booting again.
    '-no-reboot',
    ...['-kernel', machine.guest.kernel, '-initrd', machine.guest.initrd],
    ...['-append', guestAppend(machine.workload)],
  ];
}

/** Starts QEMU and connects to its QMP socket; on any failure nothing is left running. */
export async function launchQemu(options: QemuLaunchOptions): Promise<QemuHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'vmmi-qemu-'));
  const qmpSocket = join(dir, 'qmp.sock');
  const serialLog = join(dir, 'serial.log');
  if (qmpSocket.length > MAX_SOCKET_PATH) {
    await rm(dir, { recursive: true, force: true });
    throw new QemuError('spawn', `QMP socket path too long for a Unix socket: ${qmpSocket}`, '');
  }
  const args = [
    ...machineArgs(options),
    ...['-serial', `file:${serialLog}`],
    ...['-qmp', `unix:${qmpSocket},server=on,wait=off`],
    ...(options.incoming ? ['-incoming', 'defer'] : []),
    ...(options.nic ? nicArgs(options.nic) : []),
  ];
  const binary = options.qemuBinary ?? process.env.VMMI_QEMU ?? 'qemu-system-x86_64';
  const watch = options.detached
    ? childWatch(spawnDetached(binary, args, dir, options.netns), join(dir, STDERR_FILE))
    : childWatch(spawnWithDeathSignal(binary, args, options.netns));
  const proc = new QemuProcess(dir, watch);
  try {
    await proc.connect(qmpSocket, options.startTimeoutMs ?? 30_000);
  } catch (err) {
    await proc.close();
    throw err;
  }
  return proc;
}

/**
 * Reconnects to a QEMU that `launchQemu` started detached, by an earlier
 * server perhaps. Rejects when it is gone or its monitor does not answer.
 */
export async function attachQemu(at: QemuLocation, timeoutMs = 10_000): Promise<QemuHandle> {
  const proc = new QemuProcess(at.dir, pidWatch(at.pid, join(at.dir, STDERR_FILE)));
  try {
    await proc.connect(join(at.dir, 'qmp.sock'), timeoutMs);
  } catch (err) {
    proc.detach();
    throw err;
  }
  return proc;
}

const STDERR_FILE = 'stderr.log';

/** In its own session and with no pipe to this process, QEMU runs on when this process dies. */
function spawnDetached(binary: string, args: string[], dir: string, netns?: string): ChildProcess {
  const stderr = openSync(join(dir, STDERR_FILE), 'a');
  try {
    const command = [binary, ...args];
    if (netns) command.unshift('ip', 'netns', 'exec', netns);
    const child = spawn(command[0]!, command.slice(1), {
      stdio: ['ignore', 'ignore', stderr],
      detached: true,
    });
    // The event loop need not wait for it: a server that exits leaves it be.
    child.unref();
    return child;
  } finally {
    closeSync(stderr);
  }
}

/**
 * A TCG guest left behind burns a core until someone notices; setpriv (util-linux)
 * makes the kernel kill QEMU when the process that started it dies, even by SIGKILL.
 */
function spawnWithDeathSignal(binary: string, args: string[], netns?: string): ChildProcess {
  const stdio: ['ignore', 'ignore', 'pipe'] = ['ignore', 'ignore', 'pipe'];
  const command = existsSync('/usr/bin/setpriv')
    ? ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--', binary, ...args]
    : [binary, ...args];
  // `ip netns exec` execs the command in place: QEMU keeps this process as its parent.
  if (netns) command.unshift('ip', 'netns', 'exec', netns);
  return spawn(command[0]!, command.slice(1), { stdio });
}

class QemuProcess implements QemuHandle {
  private client: QmpClient | undefined;
  private closing: Promise<void> | undefined;
  readonly serialLog: string;

  constructor(
    readonly dir: string,
    private readonly watch: ProcessWatch,
  ) {
    this.serialLog = join(dir, 'serial.log');
  }

  get pid(): number {
    return this.watch.pid;
  }

  get qmp(): QmpClient {
    if (!this.client) throw new Error('QEMU has no QMP connection');
    return this.client;
  }

  get exited(): boolean {
    return this.watch.exit !== undefined;
  }

  private get exit(): QemuExit | undefined {
    return this.watch.exit;
  }

  stderr(): string {
    return this.watch.stderr();
  }

  async readSerial(): Promise<string> {
    try {
      return await readFile(this.serialLog, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw err;
    }
  }

  async waitForSerial<T>(find: (serial: string) => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find(await this.readSerial());
      if (found !== undefined) return found;
      // A guest that panics makes QEMU exit (-no-reboot): its console says why.
      if (this.exit) {
        throw this.exitedError(
          `QEMU exited while waiting for its serial output; serial log ends with:\n${await this.serialTail()}`,
        );
      }
      if (Date.now() > deadline) {
        throw new QemuError(
          'timeout',
          `the guest did not print what was awaited within ${timeoutMs} ms; serial log ends with:\n${await this.serialTail()}`,
          this.stderr(),
        );
      }
      await sleep(SERIAL_POLL_MS);
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.watch.kill(signal);
  }

  waitExit(): Promise<QemuExit> {
    return this.watch.exited;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.client?.close().catch(() => undefined);
      this.kill();
      await this.watch.exited;
      await rm(this.dir, { recursive: true, force: true });
    })();
    return this.closing;
  }

  /** Lets go of the process without stopping it (its monitor connection closed). */
  detach(): void {
    void this.client?.close().catch(() => undefined);
    this.watch.release();
  }

  /** QEMU opens its QMP socket a moment after it starts: retry until it does, or exits. */
  async connect(socketPath: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.watch.spawnError) {
        throw new QemuError('spawn', `could not start QEMU: ${this.watch.spawnError.message}`, '');
      }
      if (this.exit) throw this.exitedError('QEMU exited during start-up');
      try {
        this.client = await QmpClient.connect(socketPath);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ECONNREFUSED') {
          // QEMU drops a QMP connection it accepted only as it exits (a kernel it
          // cannot load, say): its exit and stderr explain more than the socket.
          if (await this.exitsWithin(deadline - Date.now())) {
            throw this.exitedError('QEMU exited during start-up');
          }
          throw err;
        }
      }
      if (Date.now() > deadline) {
        throw new QemuError(
          'timeout',
          `QEMU did not open its QMP socket within ${timeoutMs} ms`,
          this.stderr(),
        );
      }
      await sleep(50);
    }
  }

  private exitsWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(ms, 0));
      void this.watch.exited.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async serialTail(): Promise<string> {
    return (await this.readSerial()).slice(-2_000);
  }

  private exitedError(message: string): QemuError {
    const exit = this.exit ?? { code: null, signal: null };
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    return new QemuError('exited', `${message} (${how})`, this.stderr(), exit);
  }
}
