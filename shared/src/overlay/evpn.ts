/**
 * EVPN MAC/IP advertisement routes (route type 2) with the MAC Mobility
 * extended community of RFC 7432 section 15, and its duplicate-MAC detection:
 * a MAC seen moving N times within M seconds (defaults 5 and 180) is declared
 * duplicate and its moves are no longer followed (R7).
 */

export interface EvpnMacIpRoute {
  routeType: 2;
  vni: number;
  mac: string;
  ip?: string;
  /** The VTEP that advertises it (the BGP next hop). */
  nextHop: string;
  /** MAC Mobility sequence number; absent (0) on the first advertisement. */
  sequence: number;
  /** A sticky (static) MAC never moves. */
  sticky: boolean;
}

export const DUPLICATE_MAC_DEFAULTS = {
  /** Moves (N) within the window that declare a MAC duplicate. */
  moves: 5,
  /** The window (M), seconds. */
  windowSeconds: 180,
} as const;

export type MoveOutcome =
  | { kind: 'moved'; route: EvpnMacIpRoute; withdrawn: EvpnMacIpRoute }
  | { kind: 'duplicate'; movesInWindow: number }
  | { kind: 'rejected'; reason: 'sticky' | 'same-vtep' };

/**
 * The route a VTEP advertises when a MAC appears behind it: the sequence number
 * is one above the highest it has seen, so every PE prefers the new location.
 */
export function advertiseMove(
  current: EvpnMacIpRoute,
  newNextHop: string,
): Extract<MoveOutcome, { kind: 'moved' | 'rejected' }> {
  if (current.sticky) return { kind: 'rejected', reason: 'sticky' };
  if (current.nextHop === newNextHop) return { kind: 'rejected', reason: 'same-vtep' };
  return {
    kind: 'moved',
    route: { ...current, nextHop: newNextHop, sequence: current.sequence + 1 },
    withdrawn: current,
  };
}

/** Of two routes for one MAC, the one every PE installs: higher sequence wins; on a tie the lower next hop (RFC 7432 15.1). */
export function preferredRoute(a: EvpnMacIpRoute, b: EvpnMacIpRoute): EvpnMacIpRoute {
  if (a.sticky !== b.sticky) return a.sticky ? a : b;
  if (a.sequence !== b.sequence) return a.sequence > b.sequence ? a : b;
  return a.nextHop <= b.nextHop ? a : b;
}

/** Counts a MAC's moves in a sliding window; pure: returns the new history with the verdict. */
export function detectDuplicateMac(
  history: readonly number[],
  nowSeconds: number,
  opts: { moves: number; windowSeconds: number } = DUPLICATE_MAC_DEFAULTS,
): { history: number[]; duplicate: boolean; movesInWindow: number } {
  const recent = [...history, nowSeconds].filter((t) => t > nowSeconds - opts.windowSeconds);
  return { history: recent, duplicate: recent.length >= opts.moves, movesInWindow: recent.length };
}

/** One move of a MAC with detection applied: what a PE does on receiving the new route. */
export function moveMac(
  current: EvpnMacIpRoute,
  newNextHop: string,
  history: readonly number[],
  nowSeconds: number,
): { outcome: MoveOutcome; history: number[] } {
  const moved = advertiseMove(current, newNextHop);
  if (moved.kind === 'rejected') return { outcome: moved, history: [...history] };
  const d = detectDuplicateMac(history, nowSeconds);
  if (d.duplicate)
    return { outcome: { kind: 'duplicate', movesInWindow: d.movesInWindow }, history: d.history };
  return { outcome: moved, history: d.history };
}
