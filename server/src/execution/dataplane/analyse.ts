/**
 * From an impact report to the claims the data plane can test, and from the
 * peer's probes and the moments the run went through to the measured figures
 * and the verdict. Pure: check.ts gathers the inputs.
 */
import type { ImpactReport } from '@vmmi/shared';
import type { Probe } from './ping.ts';
import type { DataplaneMeasurement, DataplanePrediction, ReachabilityWindow } from './result.ts';

/**
 * What the preview says about moving `vmId`, seen from `peerVmId`: the flow
 * between them (either way round) must be in the report, or the preview makes
 * no claim to test. Reachable means a path each way and IPv4 among the
 * families that carry the flow (the peer pings over IPv4).
 */
export function predictionOf(
  report: ImpactReport,
  vmId: string,
  peerVmId: string,
): DataplanePrediction {
  const flow = report.flows.find((f) => f.vmId === vmId && f.peer === peerVmId);
  if (!flow)
    throw new Error(`the preview has no flow between ${vmId} and ${peerVmId}: nothing to check`);
  const reachable = (side: 'before' | 'after') =>
    flow.inbound[side] !== null &&
    flow.outbound[side] !== null &&
    flow.families[side].includes('ipv4');
  const summary = report.migrations.find((m) => m.vmId === vmId);
  const announcements = report.addressing.find((a) => a.vmId === vmId)?.announcements ?? [];
  const garp = announcements.find((a) => a.kind === 'garp');
  const evpn = announcements.find((a) => a.kind === 'evpn-type2');
  const switchNetwork = report.plan.find(
    (s) => s.id.startsWith(`${vmId}:`) && s.kind === 'switch-network',
  );
  const downtimeMs = summary?.downtimeMs ?? null;
  const reconvergenceMs = switchNetwork?.expectedMs ?? null;
  return {
    strategy: report.strategy ?? 'none',
    reachableBefore: reachable('before'),
    reachableAfter: reachable('after'),
    downtimeMs,
    announcementsMs: garp?.atMs ?? [],
    evpnMs: evpn?.atMs[0] ?? null,
    reconvergenceMs,
    interruptionMs:
      downtimeMs === null && reconvergenceMs === null
        ? null
        : (downtimeMs ?? 0) + (reconvergenceMs ?? 0),
  };
}

/**
 * How long after the VM's first announcement reaches its new VTEP the other
 * VTEPs install its route: the preview's EVPN time less its announcement time
 * (the BGP hops through the route reflector).
 */
export function evpnPropagationMs(p: DataplanePrediction): number {
  return Math.max(0, (p.evpnMs ?? 0) - (p.announcementsMs[0] ?? 0));
}

/** Wall-clock moments (ms since the epoch) of the run, as check.ts saw them. */
export interface RunMarks {
  runStatus: string;
  /** The pre-copy began: the end of the "before" window. */
  copyStartMs: number;
  /** The run ended: the start of the "after" window. */
  runEndedMs: number;
  /** The last probe counted in the "after" window left before this. */
  endMs: number;
  /** Length of the "before" window, ending at copyStartMs. */
  beforeMs: number;
  /** QEMU's STOP on the source and RESUME on the destination (their QMP timestamps). */
  pausedMs: number | null;
  resumedMs: number | null;
  /** When the executor reported the switchover: stands in when QEMU's RESUME was not seen. */
  switchedOverMs: number | null;
  qemuDowntimeMs: number | null;
  announcedMs: number | null;
  fdbProgrammedMs: number | null;
  /** The peer runs on the destination host: its requests reach the guest through that host's bridge alone. */
  peerOnDestination: boolean;
}

/** Reachable: at least half the window's requests answered (a loaded host drops a few). */
const REACHABLE_SHARE = 0.5;

function windowOf(probes: readonly Probe[], from: number, to: number): ReachabilityWindow {
  const inside = probes.filter((p) => p.sentMs >= from && p.sentMs < to);
  return { sent: inside.length, answered: inside.filter((p) => p.answeredMs !== null).length };
}

const reachable = (w: ReachabilityWindow) => w.sent > 0 && w.answered >= REACHABLE_SHARE * w.sent;

export function measure(probes: readonly Probe[], marks: RunMarks): DataplaneMeasurement {
  const before = windowOf(probes, marks.copyStartMs - marks.beforeMs, marks.copyStartMs);
  const during = windowOf(probes, marks.copyStartMs, marks.runEndedMs);
  const after = windowOf(probes, marks.runEndedMs, marks.endMs);
  const switchover = marks.resumedMs ?? marks.switchedOverMs;
  const pause = marks.pausedMs ?? switchover;
  const since = (t: number | null) => (t === null || switchover === null ? null : t - switchover);
  let lostAroundSwitchover: number | null = null;
  let outageMs: number | null = null;
  let firstAnswer: Probe | undefined;
  if (pause !== null) {
    // Answered from before the gap: sent before the pause, or answered before the switchover.
    // The second catches a request that ping's timestamps (taken when it reads the reply, so late
    // on a loaded machine) put after the pause although the source still answered it: its answer
    // came before the VM ran anywhere else, so it cannot be the first one after the switchover.
    // A request sent after the pause reaches the guest only once a path to its new place exists:
    // the destination's bridge has learnt its MAC (a peer on that host) or the peer's VTEP points
    // there. An answer before then is to a request already in the guest's receive ring at the
    // pause, however late ping stamped it (it stamps when it prints: late on a loaded machine).
    const pathOpened = marks.peerOnDestination ? marks.announcedMs : marks.fdbProgrammedMs;
    const fromBefore = (p: Probe) =>
      p.answeredMs !== null &&
      (p.sentMs < pause ||
        (switchover !== null && p.answeredMs < switchover) ||
        p.answeredMs < (pathOpened ?? Infinity));
    const lastBeforeAt = probes.findLastIndex(fromBefore);
    const lastBefore = lastBeforeAt < 0 ? undefined : probes[lastBeforeAt];
    firstAnswer = probes.slice(lastBeforeAt + 1).find((p) => p.answeredMs !== null);
    // Never answered again: every request after the last answer is lost.
    const end = firstAnswer?.seq ?? (probes.at(-1)?.seq ?? 0) + 1;
    if (lastBefore) lostAroundSwitchover = end - lastBefore.seq - 1;
    if (lastBefore && firstAnswer) {
      // By departures: a request already in the guest's receive ring when it paused is answered
      // from the destination, so the last answer before the gap may arrive after the switchover.
      outageMs = firstAnswer.sentMs - lastBefore.sentMs;
    }
  }
  const [first, last] = [probes[0], probes.at(-1)];
  return {
    runStatus: marks.runStatus,
    meanIntervalMs:
      first && last && probes.length > 1
        ? (last.sentMs - first.sentMs) / (probes.length - 1)
        : null,
    before,
    during,
    after,
    reachableBefore: reachable(before),
    reachableAfter: reachable(after),
    lostAroundSwitchover,
    outageMs,
    qemuDowntimeMs: marks.qemuDowntimeMs,
    pauseMs:
      marks.pausedMs !== null && marks.resumedMs !== null ? marks.resumedMs - marks.pausedMs : null,
    firstAnswerAfterSwitchoverMs: since(firstAnswer?.answeredMs ?? null),
    announcementSeenMs: since(marks.announcedMs),
    fdbProgrammedMs: since(marks.fdbProgrammedMs),
  };
}

/** Every way the measurement differs from the preview's claims; none is a pass. */
export function verdictOf(
  predicted: DataplanePrediction,
  measured: DataplaneMeasurement,
): { pass: boolean; failures: string[] } {
  const failures: string[] = [];
  const said = (b: boolean) => (b ? 'reachable' : 'unreachable');
  const compare = (what: string, claim: boolean, seen: boolean, w: ReachabilityWindow) => {
    if (claim !== seen)
      failures.push(
        `${what}: the preview says ${said(claim)}, the peer measured ${said(seen)} (${w.answered} of ${w.sent} answered)`,
      );
  };
  compare('before the move', predicted.reachableBefore, measured.reachableBefore, measured.before);
  compare('after the move', predicted.reachableAfter, measured.reachableAfter, measured.after);
  if (measured.runStatus !== 'succeeded')
    failures.push(`the migration ended ${measured.runStatus}, not succeeded`);
  return { pass: failures.length === 0, failures };
}
