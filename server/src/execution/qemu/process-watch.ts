/**
 * How a QEMU process is watched: as this server's child (its exit comes as an
 * event, its stderr through a pipe or a file), or by its pid alone, when an
 * earlier server started it and died (QEMU outlives the server so that a
 * migration in flight can be resolved by asking it: docs/execution-ops.md).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface QemuExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessWatch {
  readonly pid: number;
  /** Set once the process has exited. */
  readonly exit: QemuExit | undefined;
  /** Set when the process could not be started at all. */
  readonly spawnError: Error | undefined;
  readonly exited: Promise<QemuExit>;
  kill(signal: NodeJS.Signals): void;
  /** What QEMU wrote on stderr (its tail, when long). */
  stderr(): string;
  /** Stops watching a process this server lets run on. */
  release(): void;
}

const STDERR_KEEP = 16 * 1024;
const PID_POLL_MS = 200;

const tailOf = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').slice(-STDERR_KEEP);
  } catch {
    return '';
  }
};

/** A child of this process; its stderr from the pipe, or from `stderrFile` when it writes there. */
export function childWatch(child: ChildProcess, stderrFile?: string): ProcessWatch {
  let text = '';
  let exit: QemuExit | undefined;
  let spawnError: Error | undefined;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-STDERR_KEEP);
  });
  const exited = new Promise<QemuExit>((resolve) => {
    // 'close' comes after stderr has been read to its end, so the error text is whole.
    child.once('close', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
    child.once('error', (err) => {
      spawnError = err;
      exit = { code: null, signal: null };
      resolve(exit);
    });
  });
  return {
    get pid() {
      return child.pid ?? -1;
    },
    get exit() {
      return exit;
    },
    get spawnError() {
      return spawnError;
    },
    exited,
    kill(signal) {
      if (!exit) child.kill(signal);
    },
    stderr: () => (stderrFile ? tailOf(stderrFile) : text),
    release: () => child.stderr?.destroy(),
  };
}

/**
 * Whether `pid` is a live process. A zombie is not: QEMU re-parented to an
 * init that does not reap stays in the table after it exited.
 */
export async function pidAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A process known by its pid only: its exit is seen by polling, its exit status is unknown. */
export function pidWatch(pid: number, stderrFile: string): ProcessWatch {
  let exit: QemuExit | undefined;
  let stopped = false;
  const exited = (async () => {
    while (!stopped && (await pidAlive(pid))) await sleep(PID_POLL_MS);
    exit = { code: null, signal: null };
    return exit;
  })();
  return {
    pid,
    get exit() {
      return exit;
    },
    spawnError: undefined,
    exited,
    kill(signal) {
      if (exit) return;
      try {
        process.kill(pid, signal);
      } catch {
        // Gone already: the poll sees it.
      }
    },
    stderr: () => tailOf(stderrFile),
    release() {
      stopped = true;
    },
  };
}
