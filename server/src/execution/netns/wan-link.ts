/**
 * A real, shaped WAN path for a migration stream to cross, built from network
 * namespaces. Needs root. docs/execution-ops.md, "The WAN path: network namespaces".
 *
 *   ns A                     ns W (the WAN)                      ns B
 *   vx0 addrA ─ ul0 ══ veth ══ ula ─ relay.mjs ─ ulb ══ veth ══ ul0 ─ vx0 addrB
 *   tbf (A→B)                 delay, jitter, loss                 tbf (B→A)
 *
 * A and B talk over VXLAN; W has no route between them, only the relay, so
 * every frame waits there for the link's latency. Netem would do that in the
 * kernel, but kernels built without CONFIG_NET_SCH_NETEM (this project's
 * test machines among them) have no qdisc that delays packets; VXLAN and tbf
 * are commonly built in. The relay is Node, so the path carries up to a few
 * tens of MB/s, not the 1.25 GB/s a migration may be given.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cidrContains, cidrFamily, nthAddress } from '@vmmi/shared';
import { z } from 'zod';
import {
  type CommandResult,
  deleteNamespace,
  deleteNamespaceSync,
  execInNamespace,
  listNamespaces,
  spawnInNamespace,
} from './command.ts';
import { type DelayConfig, type Relay, startRelay } from './relay.ts';
import { applyRate, buildTopology, UNDERLAY, UNDERLAY_RANGE, VXLAN_PORT } from './topology.ts';

export { tbfParams, type TbfParams } from './topology.ts';

export const NAMESPACE_PREFIX = 'vmmi-';

const MS = z.number().min(0).max(10_000);
const ShapeSchema = z.object({
  /**
   * One-way latency, ms: the estate's link latency. Each direction is delayed
   * by all of it, so a round trip takes at least twice as long.
   */
  latencyMs: MS,
  bandwidthBytesPerSecond: z.number().min(1_000, 'at least 1,000 bytes/s').max(12.5e9),
  /** Each frame's delay varies by up to ± this, without reordering. */
  jitterMs: MS.default(0),
  lossPercent: z.number().min(0).max(100).default(0),
});
export type WanShape = z.infer<typeof ShapeSchema>;

const SubnetSchema = z.string().refine((cidr) => {
  try {
    const [network, bits] = cidr.split('/');
    return (
      cidrFamily(cidr) === 'ipv4' &&
      (bits === '30' || bits === '31') &&
      nthAddress(cidr, 0) === network &&
      // The underlay's addresses are there; a subnet among them would clash with it.
      !cidrContains(UNDERLAY_RANGE, network)
    );
  } catch {
    return false;
  }
}, `an IPv4 /30 or /31 network address outside ${UNDERLAY_RANGE}, e.g. 10.255.0.0/30`);

export const WanLinkOptionsSchema = ShapeSchema.extend({
  /** Names the namespaces (vmmi-<name>-<pid>-<random>-a|b|w), for whoever lists them. */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,15}$/, '1–16 of a–z, 0–9 and -, starting with a letter or digit'),
  /** The addresses A and B talk on. Namespaces are private, so links may share one. */
  subnet: SubnetSchema.default('10.255.0.0/30'),
});
export type WanLinkOptions = z.input<typeof WanLinkOptionsSchema>;

/** Options that cannot make a link; nothing was created. */
export class WanLinkOptionsError extends Error {
  override readonly name = 'WanLinkOptionsError';
  constructor(readonly issues: readonly z.core.$ZodIssue[]) {
    const what = issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
    super(`invalid WAN link options: ${what.join('; ')}`);
  }
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new WanLinkOptionsError(parsed.error.issues);
  return parsed.data;
}

const delayOf = (s: WanShape): DelayConfig => ({
  latencyMs: s.latencyMs,
  jitterMs: s.jitterMs,
  lossPercent: s.lossPercent,
});

export interface WanLink {
  readonly nsA: string;
  readonly nsB: string;
  readonly addrA: string;
  readonly addrB: string;
  /** What the link is shaped to now. */
  readonly shape: WanShape;
  /** Runs a command in nsA or nsB to completion; a non-zero exit is in `code`. */
  exec(ns: string, command: string, args: readonly string[]): Promise<CommandResult>;
  /** Starts a process in nsA or nsB; the caller owns it, but destroy() kills what is left. */
  spawnIn(
    ns: string,
    command: string,
    args: readonly string[],
    options?: SpawnOptions,
  ): ChildProcess;
  /** Reshapes both directions; bad values are a WanLinkOptionsError and change nothing. */
  update(change: Partial<WanShape>): Promise<WanShape>;
  /** The delay the relay applies now, as it reports it. */
  delay(): Promise<DelayConfig>;
  /** Deletes the namespaces, their devices and every process in them. Idempotent. */
  destroy(): Promise<void>;
}

// Links of this process not yet destroyed, removed at exit if the owner did not.
const live = new Set<{ namespaces: string[]; relay?: ChildProcess }>();
let exitHook = false;

export async function createWanLink(options: WanLinkOptions): Promise<WanLink> {
  const opts = parse(WanLinkOptionsSchema, options);
  let shape: WanShape = {
    latencyMs: opts.latencyMs,
    bandwidthBytesPerSecond: opts.bandwidthBytesPerSecond,
    jitterMs: opts.jitterMs,
    lossPercent: opts.lossPercent,
  };
  const base = `${NAMESPACE_PREFIX}${opts.name}-${process.pid}-${randomSuffix()}`;
  const ns = { a: `${base}-a`, b: `${base}-b`, w: `${base}-w` };
  const bits = Number(opts.subnet.split('/')[1]);
  const first = bits === 31 ? 0 : 1;
  const addr = { a: nthAddress(opts.subnet, first), b: nthAddress(opts.subnet, first + 1) };

  const entry: { namespaces: string[]; relay?: ChildProcess } = { namespaces: [ns.a, ns.b, ns.w] };
  live.add(entry);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const e of live) {
        e.relay?.kill('SIGKILL');
        for (const n of e.namespaces) deleteNamespaceSync(n);
      }
    });
  }

  let relay: Relay | undefined;
  let destroyed: Promise<void> | undefined;
  const destroy = () =>
    (destroyed ??= (async () => {
      await relay?.stop();
      for (const n of entry.namespaces) await deleteNamespace(n);
      live.delete(entry);
    })());

  try {
    await buildTopology(ns, addr, bits);
    await applyRate([ns.a, ns.b], shape);
    relay = await startRelay(ns.w, { a: UNDERLAY.a, b: UNDERLAY.b }, VXLAN_PORT, delayOf(shape));
    entry.relay = relay.process;
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }
  const running = relay;

  const inLink = (n: string) => {
    if (n !== ns.a && n !== ns.b) throw new RangeError(`${n} is not ${ns.a} or ${ns.b}`);
    return n;
  };
  // One reshaping at a time, so tc and the relay never end up with different ones.
  let updating: Promise<unknown> = Promise.resolve();

  return {
    nsA: ns.a,
    nsB: ns.b,
    addrA: addr.a,
    addrB: addr.b,
    get shape() {
      return { ...shape };
    },
    exec: async (n, command, args) => execInNamespace(inLink(n), command, args),
    spawnIn: (n, command, args, spawnOptions) =>
      spawnInNamespace(inLink(n), command, args, spawnOptions),
    async update(change) {
      const next = parse(ShapeSchema, { ...shape, ...definedOnly(change) });
      const step = updating.then(async () => {
        if (destroyed) throw new Error(`the WAN link ${base} is destroyed`);
        await applyRate([ns.a, ns.b], next);
        await running.configure(delayOf(next));
        shape = next;
        return { ...shape };
      });
      updating = step.catch(() => undefined);
      return step;
    },
    delay: () => running.configure({}),
    destroy,
  };
}

function definedOnly<T extends object>(change: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(change).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

function randomSuffix(): string {
  return randomBytes(4).readUInt32BE(0).toString(36).padStart(4, '0').slice(-4);
}

// A link's a, b and w; the data plane's (dataplane/fabric.ts) u, h0, h1, …, v0, ….
const OWNED = /-(\d+)-[0-9a-z]{4}-[a-z]\d*$/;

/**
 * Deletes the namespaces a crashed process left: named with `prefix` and
 * our pattern, whose creating process is gone. Live links, of this process or
 * another, are kept. Returns the names deleted.
 */
export async function cleanupStale(prefix = NAMESPACE_PREFIX): Promise<string[]> {
  const removed: string[] = [];
  for (const n of await listNamespaces()) {
    const owner = n.startsWith(prefix) ? OWNED.exec(n) : null;
    if (!owner || isAlive(Number(owner[1]))) continue;
    await deleteNamespace(n);
    removed.push(n);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
