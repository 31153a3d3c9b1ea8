/**
 * The delay relay's owner side: starts relay.mjs in the middle namespace,
 * changes its delay while it runs, and stops it.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { NetnsCommandError, spawnInNamespace } from './command.ts';

export interface DelayConfig {
  /** One-way, per direction, ms. */
  latencyMs: number;
  jitterMs: number;
  lossPercent: number;
}

export interface Relay {
  readonly process: ChildProcess;
  /** Merges `change` into the running relay's config; resolves with the config it now applies. */
  configure(change: Partial<DelayConfig>): Promise<DelayConfig>;
  stop(): Promise<void>;
}

const RELAY_SCRIPT = fileURLToPath(new URL('./relay.mjs', import.meta.url));
const STOP_GRACE_MS = 2_000;

export async function startRelay(
  ns: string,
  ends: { a: string; b: string },
  port: number,
  config: DelayConfig,
): Promise<Relay> {
  const args = [RELAY_SCRIPT, ends.a, ends.b, String(port), JSON.stringify(config)];
  const child = spawnInNamespace(ns, process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const failure = (stderr: string, code: number | null) =>
    new NetnsCommandError('ip', ['netns', 'exec', ns, process.execPath, ...args], stderr, code);

  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const waiting: { resolve: (c: DelayConfig) => void; reject: (e: Error) => void }[] = [];
  let exited = false;
  let ready: (() => void) | undefined;
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve;
    child.once('error', (error) => reject(failure(error.message, null)));
    child.once('exit', (code) => {
      exited = true;
      const error = failure(stderr || 'the relay stopped', code);
      reject(error);
      for (const w of waiting.splice(0)) w.reject(error);
    });
  });

  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'ready') return ready?.();
    if (line.startsWith('ok ')) waiting.shift()?.resolve(JSON.parse(line.slice(3)) as DelayConfig);
  });

  await started;

  return {
    process: child,
    configure(change) {
      if (exited) return Promise.reject(failure(stderr || 'the relay stopped', child.exitCode));
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin!.write(`${JSON.stringify(change)}\n`);
      });
    },
    async stop() {
      if (exited) return;
      const gone = once(child, 'exit');
      // Closing stdin is the relay's signal to stop; SIGKILL if it does not.
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await gone;
      clearTimeout(timer);
    },
  };
}
