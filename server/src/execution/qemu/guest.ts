/**
 * The test guest: the host's kernel and an initramfs whose /init is
 * `guest/dirtier.c`, built by `guest/build-guest.sh` into a cache directory
 * keyed by its inputs. What the guest prints on its serial console is parsed
 * here too: a migration is proven by the heartbeat counter continuing on the
 * destination.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const BUILD_SCRIPT = fileURLToPath(new URL('./guest/build-guest.sh', import.meta.url));

export interface GuestImage {
  kernel: string;
  initrd: string;
}

const manifestSchema = z.object({ kernel: z.string(), initrd: z.string(), built: z.boolean() });

/** Raised when the guest cannot be built; `output` is the build's stderr. */
export class GuestBuildError extends Error {
  override readonly name = 'GuestBuildError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(output.trim() ? `${message}\n${output.trim()}` : message);
  }
}

/**
 * Runs the build script: a no-op when the cache already holds an image of the
 * same inputs (`built` false). `env` overrides the environment (the cache
 * directory comes from XDG_CACHE_HOME).
 */
export function buildGuest(
  env: NodeJS.ProcessEnv = process.env,
): Promise<GuestImage & { built: boolean }> {
  return new Promise((resolve, reject) => {
    execFile('bash', [BUILD_SCRIPT], { env }, (err, stdout, stderr) => {
      if (err) return reject(new GuestBuildError(`guest build failed: ${err.message}`, stderr));
      const lastLine = stdout.trim().split('\n').at(-1) ?? '';
      let manifest: unknown;
      try {
        manifest = JSON.parse(lastLine);
      } catch {
        return reject(new GuestBuildError(`guest build printed no manifest: ${lastLine}`, stderr));
      }
      const parsed = manifestSchema.safeParse(manifest);
      if (!parsed.success) {
        return reject(
          new GuestBuildError(`guest build printed a bad manifest: ${lastLine}`, stderr),
        );
      }
      resolve(parsed.data);
    });
  });
}

let image: Promise<GuestImage> | undefined;

/** The guest image, built (or found in the cache) once per process. */
export function ensureGuest(): Promise<GuestImage> {
  image ??= buildGuest().then(
    ({ kernel, initrd }) => ({ kernel, initrd }),
    (err: unknown) => {
      // A failed build is not remembered: the next caller tries again.
      image = undefined;
      throw err;
    },
  );
  return image;
}

/** What the dirtier does, passed on the kernel command line. */
export interface GuestWorkload {
  /** Working set in MiB, allocated and touched at start. */
  wssMib: number;
  /** Pages (4 KiB) of the working set dirtied per second, round-robin. */
  dirtyPagesPerSecond: number;
  /** Share of the working set written with non-zero data at start, 0..1 (the rest stays zero pages). */
  fill?: number;
  /**
   * The first NIC's IPv4 address with its prefix length (`10.0.0.5/24`): the
   * guest loads its virtio-net driver and answers ARP and ping there. Without
   * it the guest has no network. The NIC itself is QEMU's (`nic` in
   * qemu-process.ts).
   */
  ip?: string;
}

/** The kernel command line of a guest running `workload` on the first serial port. */
export function guestAppend(workload: GuestWorkload): string {
  const words = [
    'console=ttyS0',
    'quiet',
    // Reboot at once on a panic (an init that died); QEMU's -no-reboot then exits.
    'panic=-1',
    `vmmi.wss_mib=${Math.round(workload.wssMib)}`,
    `vmmi.dirty_pps=${Math.round(workload.dirtyPagesPerSecond)}`,
  ];
  if (workload.fill !== undefined) words.push(`vmmi.fill=${workload.fill}`);
  if (workload.ip !== undefined) {
    // The command line is split on spaces: anything but a dotted address and a prefix would corrupt it.
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(workload.ip))
      throw new RangeError(`guest ip ${workload.ip} is not an IPv4 address with a prefix length`);
    words.push(`vmmi.ip=${workload.ip}`);
  }
  return words.join(' ');
}

export interface Heartbeat {
  /** Heartbeats printed since the guest started: it lives in guest memory and moves with it. */
  counter: number;
  /** Pages dirtied since the guest started. */
  pagesDirtied: number;
  /** Dirtied pages that do not hold what the guest last wrote there: 0 unless memory was lost. */
  wrongPages: number;
}

const HEARTBEAT = /^vmmi-heartbeat (\d+) (\d+) (\d+)\r?$/;

/**
 * The whole heartbeat lines of a serial log, in order. A line cut by the
 * migration (begun on the source, ended on the destination) is in neither
 * log whole, and so in neither list.
 */
export function parseHeartbeats(serial: string): Heartbeat[] {
  const beats: Heartbeat[] = [];
  const lines = serial.split('\n');
  // The last piece has no newline yet: it may still be being written.
  for (const line of lines.slice(0, -1)) {
    const m = HEARTBEAT.exec(line);
    if (m)
      beats.push({ counter: Number(m[1]), pagesDirtied: Number(m[2]), wrongPages: Number(m[3]) });
  }
  return beats;
}
