/**
 * A many-VM move split into ordered waves (R14, R16; docs/planning.md): the
 * VMs that talk to each other move in the same wave where they fit (groups:
 * the connected parts of the flow graph among the moving VMs), every VM of a
 * wave copies at once under the executor's concurrency limits (`admit`, the
 * rule the executor starts runs by) and converges under its max-min fair share
 * of the links (`migrationWaves`, `summariseMigration`: the preview's own
 * estimate), and the next group is the one that takes the most application
 * traffic off the WAN per GiB it copies (Smith's rule for the least WAN
 * traffic summed over the whole move), so flows split between moved and
 * unmoved VMs cross the WAN for as short a time as the order allows.
 */
import { SAFETY_DEFAULTS, type MigrationLimits } from '../execution/safety.ts';
import type { ImpactEngine } from '../impact/engine.ts';
import { summariseMigration } from '../impact/migration-summary.ts';
import { migrationWaves } from '../impact/migration-waves.ts';
import type { VmMove } from '../impact/move-context.ts';
import type { MigrationSummary } from '../impact/report.ts';
import { groupBy } from '../engine/estate-index.ts';
import type { WaveRunWaveInput } from '../execution/wave-run.ts';
import { flowPeer } from '../model/flow.ts';

/** A move to put in a wave: a VM and its target host (an evacuation proposal's moves). */
export interface WaveMove {
  vmId: string;
  toHost: string;
}

/** What happens between two waves: the next starts by itself, or when an operator approves. */
export type WaveGate = 'auto' | 'approval';

export interface PlannedWave {
  /** From 1. */
  number: number;
  vmIds: string[];
  /** The groups it holds (or the part of one it holds), each by its VM ids. */
  groups: string[][];
  /** Each VM's copy at its share of the bandwidth while the whole wave copies. */
  copies: MigrationSummary[];
  /** The wave's longest copy, s: when the wave is done. */
  durationSeconds: number;
  /** Its longest stop-and-copy pause, ms. */
  worstDowntimeMs: number;
  /** The copies that cross a WAN link, at their shares, Mbit/s. */
  copyWanMbps: number;
  /** Application traffic over the WAN while the wave copies (the earlier waves moved), Mbit/s. */
  appWanMbpsDuring: number;
  /** Application traffic over the WAN once the wave has switched over, Mbit/s. */
  appWanMbpsAfter: number;
  /** Flows between a moved and a not-yet-moved VM that cross the WAN after this wave (tromboned until their other end moves). */
  splitFlows: number;
  /** What starts the wave: `auto` for the first. */
  gate: WaveGate;
}

export interface WavePlan {
  waves: PlannedWave[];
  /** Moves with no path between their hosts: they cannot be copied at all. */
  unplannable: { vmId: string; reason: string }[];
  /** Σ of the waves' durations, s (the gates' waits not counted). */
  durationSeconds: number;
  /** The most Mbit/s over the WAN at any time: a wave's copies plus the application traffic meanwhile. */
  peakWanMbps: number;
  worstDowntimeMs: number;
  /** What the copies send over the WAN, bytes. */
  copyWanBytes: number;
  /** Application traffic over the WAN before the first wave and after the last, Mbit/s. */
  appWanMbpsBefore: number;
  appWanMbpsAfter: number;
}

export interface WaveOptions {
  limits?: MigrationLimits;
  /** The gate before every wave but the first (default `approval`). */
  gate?: WaveGate;
}

const Mbps = (bytesPerSecond: number) => (bytesPerSecond * 8) / 1e6;

/** The waves that carry out `moves`, in order; moves naming unknown VMs or hosts are left out. */
export function planWaves(
  engine: ImpactEngine,
  moves: readonly WaveMove[],
  options: WaveOptions = {},
): WavePlan {
  const { index, routing } = engine;
  const limits = options.limits ?? SAFETY_DEFAULTS;
  const vmMoves = new Map<string, VmMove>();
  const unplannable: WavePlan['unplannable'] = [];
  for (const m of moves) {
    const vm = index.vms.get(m.vmId);
    const fromHost = vm && index.devices.get(vm.hostId);
    const toHost = index.devices.get(m.toHost);
    const network = vm && index.networks.get(vm.networkId);
    const fromSite = fromHost && index.sites.get(fromHost.siteId);
    const toSite = toHost && index.sites.get(toHost.siteId);
    if (!vm || !fromHost || !toHost || !network || !fromSite || !toSite || fromHost === toHost)
      continue;
    if (!routing.hostPath(fromHost.id, toHost.id, `migration:${vm.id}`)) {
      unplannable.push({ vmId: vm.id, reason: `no path from ${fromHost.id} to ${toHost.id}` });
      continue;
    }
    vmMoves.set(vm.id, { vm, network, fromHost, toHost, fromSite, toSite });
  }

  // Sites of every VM as the waves go: moving VMs at their source until their wave.
  const siteNow = new Map<string, string>();
  const siteOfVm = (id: string) =>
    siteNow.get(id) ?? index.devices.get(index.vms.get(id)?.hostId ?? '')?.siteId;
  const flowsOf = (id: string) => index.flowsByVm.get(id) ?? [];
  const moved = new Set<string>();
  /**
   * The rate of the flows of `ids` (each once) whose ends `siteOf` puts in two sites, and
   * how many of those join a moved VM to a moving one not moved yet.
   */
  const acrossSites = (ids: Iterable<string>, siteOf: (id: string) => string | undefined) => {
    let mbps = 0;
    let split = 0;
    const seen = new Set<string>();
    for (const id of ids)
      for (const f of flowsOf(id)) {
        const peer = flowPeer(f, id);
        if (peer === null || seen.has(f.id)) continue;
        seen.add(f.id);
        if (siteOf(id) === siteOf(peer)) continue;
        mbps += f.rateMbps;
        if (vmMoves.has(peer) && moved.has(id) !== moved.has(peer)) split++;
      }
    return { mbps, split };
  };
  const appWan = () => acrossSites(vmMoves.keys(), siteOfVm);

  const groups = flowGroups(engine, [...vmMoves.keys()]);
  // How the WAN traffic of a group's flows changes once it moved, the others as they are now.
  const wanIfMoved = (group: readonly string[]) => {
    const inGroup = new Set(group);
    const siteIf = (id: string) => (inGroup.has(id) ? vmMoves.get(id)!.toSite.id : siteOfVm(id));
    return acrossSites(group, siteIf).mbps - acrossSites(group, siteOfVm).mbps;
  };
  const memoryGiB = (group: readonly string[]) =>
    group.reduce((sum, id) => sum + vmMoves.get(id)!.vm.memoryGiB, 0);
  // Every VM of `ids` starts at once under the limits (all in migrationWaves' first admission
  // round, the executor's rule) and each converges at its share.
  const copiesIfFits = (ids: readonly string[]): MigrationSummary[] | null => {
    const batch = ids.map((id) => vmMoves.get(id)!);
    const copies = migrationWaves(engine, batch, limits);
    // A lone VM always starts in the end, and has to move even if it cannot converge: its
    // wave of its own says so.
    if (ids.length === 1) return batch.map((m) => summariseMigration(m, copies.get(m.vm.id)));
    if (batch.some((m) => copies.get(m.vm.id)?.wave !== 1)) return null;
    const summaries = batch.map((m) => summariseMigration(m, copies.get(m.vm.id)));
    return summaries.every((s) => s.converges) ? summaries : null;
  };

  let waiting = groups;
  const waves: PlannedWave[] = [];
  let appWanBefore = appWan().mbps;
  const firstWan = appWanBefore;
  while (waiting.length) {
    // Smith's rule for the least WAN traffic summed over the move: the most WAN traffic a group
    // takes off per GiB it copies first (a big group takes long, and is split meanwhile),
    // then larger first, then by id.
    const ranked = waiting
      .map((g) => ({ g, rate: wanIfMoved(g) / Math.max(1, memoryGiB(g)) }))
      .sort((a, b) => a.rate - b.rate || b.g.length - a.g.length || (a.g[0]! < b.g[0]! ? -1 : 1));
    const wave: string[] = [];
    const taken: string[][] = [];
    const rest: string[][] = [];
    let copies: MigrationSummary[] = [];
    for (const { g } of ranked) {
      const fits = copiesIfFits([...wave, ...g]);
      if (fits) {
        wave.push(...g);
        taken.push(g);
        copies = fits;
        continue;
      }
      if (wave.length > 0) {
        rest.push(g);
        continue;
      }
      // A group too big for one wave: as many of its VMs as fit, the rest wait as a group.
      const part: string[] = [];
      for (const id of g) {
        const more = copiesIfFits([...part, id]);
        if (!more) break;
        part.push(id);
        copies = more;
      }
      wave.push(...part);
      taken.push(part);
      const left = g.slice(part.length);
      if (left.length) rest.push(left);
    }
    waiting = rest;
    for (const id of wave) {
      moved.add(id);
      siteNow.set(id, vmMoves.get(id)!.toSite.id);
    }
    const after = appWan();
    const crossing = copies.filter((c) => c.wanBytes > 0);
    waves.push({
      number: waves.length + 1,
      vmIds: wave,
      groups: taken,
      copies,
      durationSeconds: Math.max(0, ...copies.map((c) => c.totalSeconds ?? 0)),
      worstDowntimeMs: Math.max(0, ...copies.map((c) => c.downtimeMs ?? 0)),
      copyWanMbps: crossing.reduce((s, c) => s + Mbps(c.bandwidthBytesPerSecond), 0),
      appWanMbpsDuring: appWanBefore,
      appWanMbpsAfter: after.mbps,
      splitFlows: after.split,
      gate: gateBefore(waves.length, options.gate),
    });
    appWanBefore = after.mbps;
  }
  return {
    waves,
    unplannable,
    durationSeconds: waves.reduce((s, w) => s + w.durationSeconds, 0),
    peakWanMbps: Math.max(0, ...waves.map((w) => w.copyWanMbps + w.appWanMbpsDuring)),
    worstDowntimeMs: Math.max(0, ...waves.map((w) => w.worstDowntimeMs)),
    copyWanBytes: waves.reduce((s, w) => s + w.copies.reduce((t, c) => t + c.wanBytes, 0), 0),
    appWanMbpsBefore: firstWan,
    appWanMbpsAfter: appWanBefore,
  };
}

/**
 * The connected parts of the flow graph among `vmIds` (a flow between two of
 * them joins them), each in `vmIds`' order, the groups by their first VM.
 */
export function flowGroups(engine: ImpactEngine, vmIds: readonly string[]): string[][] {
  const parent = new Map(vmIds.map((id) => [id, id]));
  const find = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(id, r);
    return r;
  };
  for (const id of vmIds)
    for (const f of engine.index.flowsByVm.get(id) ?? []) {
      const peer = flowPeer(f, id);
      if (peer === null || !parent.has(peer)) continue;
      const a = find(id);
      const b = find(peer);
      if (a !== b) parent.set(a, b);
    }
  return [...groupBy(vmIds, find).values()];
}

/** The gate before wave `index` (from 0): none before the first, `gate` before each later one. */
export const gateBefore = (index: number, gate: WaveGate = 'approval'): WaveGate =>
  index === 0 ? 'auto' : gate;

/**
 * A wave plan as a wave run takes it (`waveRuns.create`): each wave's moves in
 * the planned order, each VM to the host `moves` names for it, the gate before
 * it and, if given, the change window its switchovers keep to.
 */
export function waveRunInput(
  plan: Pick<WavePlan, 'waves'>,
  moves: readonly { vmId: string; toHost: string }[],
  gate: WaveGate,
  window?: WaveRunWaveInput['window'],
): WaveRunWaveInput[] {
  const target = new Map(moves.map((m) => [m.vmId, m.toHost]));
  return plan.waves.map((w, i) => ({
    moves: w.vmIds.map((vmId) => ({ vmId, toHost: target.get(vmId)! })),
    gate: gateBefore(i, gate),
    ...(window && { window }),
  }));
}
