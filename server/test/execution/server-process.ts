/**
 * The real server as a child process, for the tests that kill it: `node
 * --import tsx src/server.ts` on PGlite in a data directory. Every server
 * started here is killed after each test, whether it passed or not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface ServerProcessOptions {
  port: number;
  dataDir: string;
  instanceId: string;
  /** More environment (VMMI_QEMU_STATE_DIR, say). */
  env?: Record<string, string>;
}

export function useServerProcesses() {
  const children = new Set<ChildProcess>();
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  /** Starts a server; resolves once it listens, rejects if it exits first. */
  return function startServer(opts: ServerProcessOptions): Promise<ServerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: serverDir,
      env: {
        ...process.env,
        PORT: String(opts.port),
        HOST: '127.0.0.1',
        DATA_DIR: opts.dataDir,
        DATABASE_URL: '',
        WEB_ROOT: '',
        LOG_LEVEL: 'warn',
        INSTANCE_ID: opts.instanceId,
        // Not shorter: a tick advances simulated time by at most two ticks' worth (slow ticks slow runs down).
        TICK_MS: '50',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        children.delete(child);
        resolve(code);
      }),
    );
    let output = '';
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('VMMI Planner listening on')) resolve({ child, exited });
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then((code) => reject(new Error(`server exited (${code}):\n${output}`)));
    });
  };
}
