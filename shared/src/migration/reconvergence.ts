/**
 * Network reconvergence after the switchover (R4, R7, R8, R9, R14): how long,
 * once the VM runs at the destination, until its peers reach it there.
 *
 * - Announcements (R4): QEMU's self-announce sends a burst of frames from each
 *   NIC (RARP, or with a virtio-net guest-announce feature the guest's own
 *   gratuitous ARP / unsolicited NA) so that switches learn the new port. The
 *   k-th of `rounds` goes out at the sum of the previous gaps, where the gap
 *   after announcement r is min(max, initial + (r − 1)·step) (net/announce.c,
 *   qemu_announce_timer_step): with QEMU's defaults, at 0, 50, 200, 450 and
 *   800 ms. A switch learns from the first one it receives.
 * - EVPN (R7): the destination VTEP learns the MAC from that announcement and
 *   advertises a type-2 route with a higher MAC-mobility sequence number; it
 *   reaches the other VTEPs after a number of BGP hops (route reflectors).
 * - Agent tables (R9) and PMIP bindings (R6) are pushed at the switchover, in
 *   parallel with the announcements.
 * - LISP (RFC 9301): the new ETR registers the VM's EID with the map server,
 *   the old ETR solicits Map-Requests (SMR) from the ITRs that cache the EID,
 *   and each asks the map resolver, which forwards to the new ETR, which
 *   answers it: a chain of one-way WAN latencies the strategy adds up
 *   (strategies/lisp-control-plane.ts), in parallel with the announcements.
 *
 * The time to reachability is the slowest of the chains the move uses.
 * docs/migration-model.md derives the expectation under announcement loss.
 */

/** QEMU's defaults, migration/options.c: DEFAULT_MIGRATE_ANNOUNCE_INITIAL/MAX/ROUNDS/STEP. */
export const ANNOUNCE_DEFAULTS = {
  initialMs: 50,
  maxMs: 550,
  rounds: 5,
  stepMs: 100,
} as const;

export const RECONVERGENCE_DEFAULTS = {
  /**
   * One BGP hop of an EVPN route, ms: UPDATE processing and sending with the
   * advertisement interval at 0, as EVPN data-centre fabrics usually run. Our
   * assumption; where an iBGP MinRouteAdvertisementIntervalTimer is kept, pass
   * it (RFC 4271 §10 suggests 5 s for iBGP).
   */
  bgpHopMs: 50,
  /** BGP hops of a type-2 route: VTEP → route reflector → VTEP. */
  evpnHops: 2,
  /** The controller's push of an agent-table or binding update, ms (our assumption). */
  controlPushMs: 20,
  /** Chance that one announcement is lost on its way. */
  announceLoss: 0,
  /**
   * If every announcement is lost, switches learn the new port only when the
   * VM itself sends or the old entry ages out: IEEE 802.1D's default ageing
   * time, 300 s, bounds it.
   */
  unannouncedMs: 300_000,
} as const;

export type ReconvergenceMechanism = 'announce' | 'evpn' | 'agent' | 'pmip' | 'lisp';

export interface AnnounceParams {
  initialMs: number;
  maxMs: number;
  rounds: number;
  stepMs: number;
}

export interface ReconvergenceInput {
  /** What the move relies on; default: announcements alone (same L2 domain). */
  mechanisms?: readonly ReconvergenceMechanism[];
  announce?: Partial<AnnounceParams>;
  announceLoss?: number;
  bgpHopMs?: number;
  evpnHops?: number;
  controlPushMs?: number;
  /** One-way latency from the destination host to the switches, gateways or anchors to update, ms. */
  pathLatencyMs?: number;
  /** PMIP: round trip between the foreign gateway and the home anchor for the binding update, ms. */
  bindingRttMs?: number;
  /** LISP: from the switchover until the slowest ITR holds the new mapping, ms (Map-Register to Map-Reply). */
  mappingUpdateMs?: number;
}

export interface ReconvergenceEstimate {
  /** When each announcement leaves, ms after the switchover. */
  announcementsMs: number[];
  /** Expected time until the first announcement is received, ms (path latency included). */
  announceMs: number;
  evpnMs: number | null;
  agentMs: number | null;
  pmipMs: number | null;
  lispMs: number | null;
  /** Expected time until every peer reaches the VM at its new place, ms. */
  timeToReachabilityMs: number;
}

/** The send times of the announcements, QEMU's timer: first at once, then growing gaps capped at max. */
export function announcementSchedule(params: Partial<AnnounceParams> = {}): number[] {
  const p = { ...ANNOUNCE_DEFAULTS, ...params };
  const times: number[] = [];
  let at = 0;
  for (let r = 1; r <= p.rounds; r++) {
    times.push(at);
    at += Math.min(p.maxMs, p.initialMs + (r - 1) * p.stepMs);
  }
  return times;
}

/**
 * Expected time to the first received announcement when each is lost
 * independently with probability q: Σ_r t_r·q^r·(1 − q), plus q^R times the
 * fallback when none arrives.
 */
export function expectedFirstAnnouncementMs(
  times: readonly number[],
  loss: number,
  unannouncedMs: number = RECONVERGENCE_DEFAULTS.unannouncedMs,
): number {
  let expected = 0;
  times.forEach((t, r) => (expected += t * loss ** r * (1 - loss)));
  return expected + loss ** times.length * unannouncedMs;
}

export function estimateReconvergence(input: ReconvergenceInput = {}): ReconvergenceEstimate {
  const d = RECONVERGENCE_DEFAULTS;
  const uses = new Set(input.mechanisms ?? ['announce']);
  const loss = input.announceLoss ?? d.announceLoss;
  const latency = input.pathLatencyMs ?? 0;
  if (!(loss >= 0 && loss <= 1) || !(latency >= 0))
    throw new RangeError('announcement loss must be in 0..1 and latency >= 0');
  const announcementsMs = announcementSchedule(input.announce);
  // EVPN learns from the announcement too, so it waits for it whether or not 'announce' is listed.
  const needsAnnounce = uses.has('announce') || uses.has('evpn');
  const announceMs = needsAnnounce
    ? expectedFirstAnnouncementMs(announcementsMs, loss) + latency
    : 0;
  const evpnMs = uses.has('evpn')
    ? announceMs + (input.evpnHops ?? d.evpnHops) * (input.bgpHopMs ?? d.bgpHopMs)
    : null;
  const push = input.controlPushMs ?? d.controlPushMs;
  const agentMs = uses.has('agent') ? push + latency : null;
  const pmipMs = uses.has('pmip') ? push + (input.bindingRttMs ?? 2 * latency) : null;
  const lispMs = uses.has('lisp') ? (input.mappingUpdateMs ?? 0) : null;
  const chains = [
    needsAnnounce ? announceMs : 0,
    evpnMs ?? 0,
    agentMs ?? 0,
    pmipMs ?? 0,
    lispMs ?? 0,
  ];
  return {
    announcementsMs,
    announceMs,
    evpnMs,
    agentMs,
    pmipMs,
    lispMs,
    timeToReachabilityMs: Math.max(...chains),
  };
}
