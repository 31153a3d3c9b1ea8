/**
 * A small estate's data plane out of Linux network namespaces (root only):
 *
 *   ns <base>-u: bridge ulbr ─ h0 ══ veth ══ ul0 (host 0's underlay IPv4) in ns <base>-h0
 *                            ─ h1 ══ veth ══ ul0 (host 1's)                in ns <base>-h1 …
 *   in each host:  vx<vni> (VXLAN, nolearning, local = the host's IPv4) ─ br<vni>
 *                  ─ tap<k> (a guest's NIC, QEMU attaches to it) or p<k> ══ veth ══ eth0 in ns <base>-v<k>
 *
 * The VXLAN devices learn nothing: their FDB is written from the engine's
 * VTEP tables (fdb.ts), so frames go where the estate says the MAC is, and
 * nowhere else. Each host gets its estate address as a /32 with a route to
 * every other host's, whatever subnets the estate spreads them over.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteNamespace, deleteNamespaceSync, run, spawnInNamespace } from '../netns/command.ts';
import { NAMESPACE_PREFIX } from '../netns/wan-link.ts';
import { VXLAN_PORT } from '../netns/topology.ts';
import { bridgeDevice, vxlanDevice } from './fdb.ts';

// VXLAN over IPv4 adds 50 bytes: a larger underlay keeps the tenant network at 1,500.
const UNDERLAY_MTU = '1550';

export interface FabricHost {
  id: string;
  /** The host's underlay IPv4 (its estate address): the VTEP's local and remote address. */
  ip: string;
}

/** A guest's NIC: a tap on the host, bridged into its VNI, for QEMU to attach to. */
export interface FabricTap {
  hostId: string;
  vni: number;
  name: string;
}

/** A VM stood in for by a namespace of its own, its eth0 bridged into its VNI on its host. */
export interface FabricVm {
  vmId: string;
  hostId: string;
  vni: number;
  mac: string;
  /** Address with prefix length, e.g. 10.77.0.6/24. */
  cidr: string;
}

export interface FabricSpec {
  hosts: readonly FabricHost[];
  vnis: readonly number[];
  taps: readonly FabricTap[];
  vms: readonly FabricVm[];
}

export interface Fabric {
  /** The namespace that stands for a host. */
  hostNamespace(hostId: string): string;
  /** The namespace that stands for a VM (its eth0 has the VM's MAC and address). */
  vmNamespace(vmId: string): string;
  /** Writes `bridge` batch lines for a host's namespace; the function runs them. */
  prepare(hostId: string, lines: readonly string[]): Promise<() => Promise<void>>;
  /** Starts a process in one of the fabric's namespaces; destroy() kills what is left. */
  spawnIn: typeof spawnInNamespace;
  /** Deletes every namespace (with its devices and processes) and the batch files. Idempotent. */
  destroy(): Promise<void>;
}

const live = new Set<string[]>();
let exitHook = false;

function removeAtExit(namespaces: string[]): void {
  live.add(namespaces);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const list of live) for (const n of list) deleteNamespaceSync(n);
  });
}

export async function createFabric(spec: FabricSpec): Promise<Fabric> {
  const ips = new Set(spec.hosts.map((h) => h.ip));
  if (ips.size !== spec.hosts.length)
    throw new Error('every host of the data plane needs an underlay IPv4 of its own');
  // Ends in -<pid>-<random>-<role>, the pattern cleanupStale (netns/wan-link.ts) recognises.
  const base = `${NAMESPACE_PREFIX}dp-${process.pid}-${randomBytes(2).toString('hex')}`;
  const hostNs = new Map(spec.hosts.map((h, i) => [h.id, `${base}-h${i}`]));
  const vmNs = new Map(spec.vms.map((v, i) => [v.vmId, `${base}-v${i}`]));
  const underlay = `${base}-u`;
  const namespaces = [underlay, ...hostNs.values(), ...vmNs.values()];
  removeAtExit(namespaces);
  const dir = await mkdtemp(join(tmpdir(), 'vmmi-dataplane-'));
  let destroyed: Promise<void> | undefined;
  const destroy = () =>
    (destroyed ??= (async () => {
      for (const n of namespaces) await deleteNamespace(n);
      live.delete(namespaces);
      await rm(dir, { recursive: true, force: true });
    })());
  const nsOf = (map: Map<string, string>, id: string, what: string) => {
    const n = map.get(id);
    if (!n) throw new RangeError(`${id} is not a ${what} of this data plane`);
    return n;
  };
  let batches = 0;
  const fabric: Fabric = {
    hostNamespace: (id) => nsOf(hostNs, id, 'host'),
    vmNamespace: (id) => nsOf(vmNs, id, 'VM'),
    async prepare(hostId, lines) {
      const ns = fabric.hostNamespace(hostId);
      if (lines.length === 0) return () => Promise.resolve();
      const file = join(dir, `batch-${++batches}`);
      await writeFile(file, `${lines.join('\n')}\n`);
      return async () => void (await run('bridge', ['-n', ns, '-batch', file]));
    },
    spawnIn: (ns, command, args, options) => {
      if (!namespaces.includes(ns)) throw new RangeError(`${ns} is not of this data plane`);
      return spawnInNamespace(ns, command, args, options);
    },
    destroy,
  };
  try {
    await build(spec, underlay, hostNs, vmNs);
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }
  return fabric;
}

const ip = (ns: string, ...args: string[]) => run('ip', ['-n', ns, ...args]);

async function build(
  spec: FabricSpec,
  underlay: string,
  hostNs: ReadonlyMap<string, string>,
  vmNs: ReadonlyMap<string, string>,
): Promise<void> {
  for (const n of [underlay, ...hostNs.values(), ...vmNs.values()]) {
    await run('ip', ['netns', 'add', n]);
    await ip(n, 'link', 'set', 'lo', 'up');
  }
  await ip(underlay, 'link', 'add', 'ulbr', 'mtu', UNDERLAY_MTU, 'type', 'bridge');
  await ip(underlay, 'link', 'set', 'ulbr', 'up');
  for (const [i, host] of spec.hosts.entries()) {
    const ns = hostNs.get(host.id)!;
    const port = `h${i}`;
    await ip(ns, 'link', 'add', 'ul0', 'mtu', UNDERLAY_MTU, 'type', 'veth', 'peer', 'name', port);
    await ip(ns, 'link', 'set', port, 'netns', underlay);
    await ip(underlay, 'link', 'set', port, 'master', 'ulbr', 'up');
    await ip(ns, 'addr', 'add', `${host.ip}/32`, 'dev', 'ul0');
    await ip(ns, 'link', 'set', 'ul0', 'up');
    for (const other of spec.hosts)
      if (other.id !== host.id) await ip(ns, 'route', 'add', `${other.ip}/32`, 'dev', 'ul0');
    for (const vni of spec.vnis) {
      const [vx, br] = [vxlanDevice(vni), bridgeDevice(vni)];
      await ip(ns, 'link', 'add', br, 'type', 'bridge');
      await ip(ns, 'link', 'set', br, 'up');
      const vxlan = ['id', String(vni), 'local', host.ip, 'dev', 'ul0', 'nolearning'];
      await ip(ns, 'link', 'add', vx, 'type', 'vxlan', ...vxlan, 'dstport', String(VXLAN_PORT));
      await ip(ns, 'link', 'set', vx, 'master', br, 'up');
    }
  }
  for (const tap of spec.taps) {
    const ns = hostNs.get(tap.hostId)!;
    await ip(ns, 'tuntap', 'add', 'dev', tap.name, 'mode', 'tap');
    await ip(ns, 'link', 'set', tap.name, 'master', bridgeDevice(tap.vni), 'up');
  }
  for (const [i, vm] of spec.vms.entries()) {
    const [host, own] = [hostNs.get(vm.hostId)!, vmNs.get(vm.vmId)!];
    const port = `p${i}`;
    await ip(host, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', own);
    await ip(host, 'link', 'set', port, 'master', bridgeDevice(vm.vni), 'up');
    await ip(own, 'link', 'set', 'eth0', 'address', vm.mac);
    await ip(own, 'addr', 'add', vm.cidr, 'dev', 'eth0');
    await ip(own, 'link', 'set', 'eth0', 'up');
  }
}
