/**
 * Running `ip`, `tc` and processes inside network namespaces. Everything goes
 * through execFile/spawn with argument arrays: namespace names and addresses
 * never pass through a shell. Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN).
 */
import {
  execFile,
  execFileSync,
  spawn,
  type ChildProcess,
  type SpawnOptions,
} from 'node:child_process';

/** A system command that failed: which one, with what, and what it said. */
export class NetnsCommandError extends Error {
  override readonly name = 'NetnsCommandError';
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    const said = stderr.trim() || '(no output)';
    super(`${[command, ...args].join(' ')} failed (exit ${exitCode ?? 'by signal'}): ${said}`);
  }
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  /** The exit code; null when a signal ended the process. */
  code: number | null;
}

// tc and `ip -j` output of a few namespaces is small, but a caller's command run through execIn may not be.
const MAX_BUFFER = 64 * 2 ** 20;

/** Runs a command to completion; a non-zero exit is a result, not an error (only failing to start is). */
export function execCommand(command: string, args: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { maxBuffer: MAX_BUFFER, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, code: 0 });
        const { code, signal } = error as { code?: unknown; signal?: unknown };
        if (typeof code === 'number') return resolve({ stdout, stderr, code });
        if (typeof signal === 'string') return resolve({ stdout, stderr, code: null });
        // It did not start (ENOENT, EACCES) or said more than we keep.
        reject(new NetnsCommandError(command, args, `${stderr}${error.message}`, null));
      },
    );
  });
}

/** Runs a command that must succeed, such as `ip` or `tc`: anything else is a NetnsCommandError. */
export async function run(command: string, args: readonly string[]): Promise<string> {
  const result = await execCommand(command, args);
  if (result.code !== 0) throw new NetnsCommandError(command, args, result.stderr, result.code);
  return result.stdout;
}

/** Runs `cmd args` inside namespace `ns` and waits for it. */
export function execInNamespace(
  ns: string,
  command: string,
  args: readonly string[],
): Promise<CommandResult> {
  return execCommand('ip', ['netns', 'exec', ns, command, ...args]);
}

/**
 * Starts `cmd args` inside namespace `ns`. `ip netns exec` execs the command
 * in its own process, so the ChildProcess's pid and signals are the command's:
 * the caller owns its lifetime (QEMU is started this way).
 */
export function spawnInNamespace(
  ns: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, command, ...args], options);
}

/** The named namespaces (`ip netns list` prints "name (id: 3)" once a namespace has an id). */
export async function listNamespaces(): Promise<string[]> {
  const out = await run('ip', ['netns', 'list']);
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

function killAll(pidsText: string): void {
  for (const pid of pidsText.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Deletes a namespace and ends what still runs in it: a process left inside
 * would keep the namespace, and its devices, alive after the name is gone.
 * Deleting one that does not exist is not an error.
 */
export async function deleteNamespace(ns: string): Promise<void> {
  const pids = await execCommand('ip', ['netns', 'pids', ns]);
  if (pids.code !== 0) {
    if (/No such file|does not exist/i.test(pids.stderr)) return;
    throw new NetnsCommandError('ip', ['netns', 'pids', ns], pids.stderr, pids.code);
  }
  killAll(pids.stdout);
  const del = await execCommand('ip', ['netns', 'delete', ns]);
  if (del.code !== 0 && !/No such file/i.test(del.stderr))
    throw new NetnsCommandError('ip', ['netns', 'delete', ns], del.stderr, del.code);
}

/** The same, synchronously, for a process 'exit' listener, where nothing asynchronous runs any more. */
export function deleteNamespaceSync(ns: string): void {
  try {
    killAll(execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', stdio: 'pipe' }));
    execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
  } catch {
    // Best effort at exit; cleanupStale removes whatever is left.
  }
}
