/** Shared by the WAN link tests: TCP ends inside the link's namespaces, and reading tc. */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { listNamespaces } from '../../../src/execution/netns/command.ts';
import type { WanLink } from '../../../src/execution/netns/wan-link.ts';

export const TCP_TOOL = fileURLToPath(new URL('./tcp-tool.mjs', import.meta.url));
export const PORT = '5201';

/** Starts a tcp-tool listener in `ns` and waits until it accepts connections. */
export async function listener(link: WanLink, ns: string, mode: 'sink' | 'echo', host: string) {
  const child = link.spawnIn(ns, process.execPath, [TCP_TOOL, mode, host, PORT], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the ${mode} listener exited (${String(code)}) before listening`);
    }),
  ])) as [string];
  if (line !== 'listening') throw new Error(`the ${mode} listener said ${line}`);
  return child;
}

/** Runs the tcp-tool client in `ns` and returns the JSON it prints. */
export async function client<T>(link: WanLink, ns: string, args: string[]): Promise<T> {
  const result = await link.exec(ns, process.execPath, [TCP_TOOL, ...args]);
  if (result.code !== 0) throw new Error(`tcp-tool ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, 'exit');
  child.kill();
  await gone;
}

export interface Tbf {
  rateBytesPerSecond: number;
  burstBytes: number;
  limitBytes: number;
}

/** The root qdisc of vx0 in `ns`, read from `tc -j`: tbf reports its limit as a latency (µs) at its rate. */
export async function tbfIn(link: WanLink, ns: string): Promise<Tbf> {
  const result = await link.exec(ns, 'tc', ['-j', 'qdisc', 'show', 'dev', 'vx0']);
  const qdiscs = JSON.parse(result.stdout) as {
    kind: string;
    root?: boolean;
    options: { rate: number; burst: number; lat: number };
  }[];
  const root = qdiscs.find((q) => q.root);
  if (root?.kind !== 'tbf') throw new Error(`vx0 in ${ns} has no root tbf: ${result.stdout}`);
  const { rate, burst, lat } = root.options;
  return {
    rateBytesPerSecond: rate,
    burstBytes: burst,
    limitBytes: burst + (lat / 1e6) * rate,
  };
}

export async function namespacesNamed(part: string): Promise<string[]> {
  return (await listNamespaces()).filter((n) => n.includes(part));
}
