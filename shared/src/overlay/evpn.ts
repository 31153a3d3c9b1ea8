/**
 * EVPN MAC/IP advertisement routes (route type 2) with the MAC Mobility
 * extended community (RFC 7432 section 7.7) and the MAC Mobility procedures
 * of section 15 (R7): which of two routes for one MAC every PE installs, what
 * a PE advertises when the MAC appears behind it, and duplicate-MAC detection
 * (section 15.1): a MAC seen moving N times within M seconds (defaults 5 and
 * 180) is declared duplicate, and its routes are neither sent nor processed
 * until the operator clears it.
 *
 * Sequence numbers wrap. Section 7.7 carries the sequence number in a
 * 4-octet field, and section 15 says: "In order to process mobility events
 * correctly, an implementation MUST handle scenarios in which sequence number
 * wraparound occurs." So the number after 2^32 − 1 is 0, and 0 is the newer
 * of the two: serial number arithmetic (RFC 1982, SERIAL_BITS = 32), the
 * IETF's arithmetic for wrapping counters (RFC 7432 names none). Saturating
 * at 2^32 − 1 instead would make every later move tie with the last one.
 */
import { compareIp } from '../net/ip.ts';
import { serialAdd, serialCompare } from '../net/serial-number.ts';

/** The width of the MAC Mobility sequence number (RFC 7432 section 7.7: 4 octets). */
export const MAC_MOBILITY_SEQUENCE_BITS = 32;
/** The largest sequence number; the next one is 0. */
export const MAX_MAC_MOBILITY_SEQUENCE = 2 ** MAC_MOBILITY_SEQUENCE_BITS - 1;

export interface EvpnMacIpRoute {
  routeType: 2;
  vni: number;
  mac: string;
  ip?: string;
  /**
   * The IP address of the PE (VTEP) that advertises the route, its BGP next
   * hop: on equal sequence numbers the lowest one wins, compared by value.
   */
  originatorIp: string;
  /** MAC Mobility sequence number, 0..2^32 − 1; absent (0) on the first advertisement. */
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

export type DuplicateMacOptions = { moves: number; windowSeconds: number };

export type MoveOutcome =
  | { kind: 'moved'; route: EvpnMacIpRoute; withdrawn: EvpnMacIpRoute }
  | { kind: 'duplicate'; movesInWindow: number }
  | { kind: 'rejected'; reason: 'sticky' | 'same-vtep' };

/** The sequence number after `sequence`: one more, 0 after 2^32 − 1 (RFC 1982 section 3.1). */
export function nextSequence(sequence: number): number {
  return serialAdd(sequence, 1, MAC_MOBILITY_SEQUENCE_BITS);
}

/**
 * 1 if sequence `a` is newer than `b`, -1 if older, 0 if neither (equal, or
 * exactly 2^31 apart, which RFC 1982 section 3.2 leaves undefined: the
 * routes then tie and the lowest originator wins, on every PE alike).
 */
export function compareSequence(a: number, b: number): -1 | 0 | 1 {
  return serialCompare(a, b, MAC_MOBILITY_SEQUENCE_BITS);
}

/**
 * The route a VTEP advertises when a MAC appears behind it: the sequence
 * number is the next after the highest it has seen, so every PE prefers the
 * new location. The same VTEP is recognised by address value, whatever the
 * spelling (`10.0.0.1` and `::ffff:10.0.0.1` are one node).
 */
export function advertiseMove(
  current: EvpnMacIpRoute,
  newOriginatorIp: string,
): Extract<MoveOutcome, { kind: 'moved' | 'rejected' }> {
  if (current.sticky) return { kind: 'rejected', reason: 'sticky' };
  if (compareIp(current.originatorIp, newOriginatorIp) === 0)
    return { kind: 'rejected', reason: 'same-vtep' };
  return {
    kind: 'moved',
    route: {
      ...current,
      originatorIp: newOriginatorIp,
      sequence: nextSequence(current.sequence),
    },
    withdrawn: current,
  };
}

/**
 * Of two routes for one MAC, the one every PE installs: a sticky one; else the
 * newer sequence number; on equal ones the route of the PE with the lowest IP
 * address (RFC 7432 section 15), compared as numbers (IPv4 at its
 * IPv4-mapped address, so one order holds both families), never as text.
 */
export function preferredRoute(a: EvpnMacIpRoute, b: EvpnMacIpRoute): EvpnMacIpRoute {
  if (a.sticky !== b.sticky) return a.sticky ? a : b;
  const bySequence = compareSequence(a.sequence, b.sequence);
  if (bySequence !== 0) return bySequence > 0 ? a : b;
  return compareIp(a.originatorIp, b.originatorIp) <= 0 ? a : b;
}

/** Counts a MAC's moves in a sliding window; pure: returns the new history with the verdict. */
export function detectDuplicateMac(
  history: readonly number[],
  nowSeconds: number,
  opts: DuplicateMacOptions = DUPLICATE_MAC_DEFAULTS,
): { history: number[]; duplicate: boolean; movesInWindow: number } {
  const recent = [...history, nowSeconds].filter((t) => t > nowSeconds - opts.windowSeconds);
  return { history: recent, duplicate: recent.length >= opts.moves, movesInWindow: recent.length };
}

/** What a PE remembers of one MAC's moves. */
export interface MacMoveState {
  /** Times (seconds) of the moves inside the window. */
  moves: readonly number[];
  /** Declared duplicate: stays so until the operator acts (then start again from NO_MAC_MOVES). */
  duplicate: boolean;
}

export const NO_MAC_MOVES: MacMoveState = { moves: [], duplicate: false };

/**
 * One move of a MAC with detection applied: what a PE does on learning it
 * behind `newOriginatorIp`. Once the MAC is duplicate, nothing is advertised
 * however long ago the moves were: RFC 7432 section 15.1 has the PE "stop
 * sending and processing any BGP MAC/IP Advertisement routes for that MAC
 * address until a corrective action is taken by the operator".
 */
export function moveMac(
  current: EvpnMacIpRoute,
  newOriginatorIp: string,
  state: MacMoveState,
  nowSeconds: number,
  opts: DuplicateMacOptions = DUPLICATE_MAC_DEFAULTS,
): { outcome: MoveOutcome; state: MacMoveState } {
  if (state.duplicate)
    return { outcome: { kind: 'duplicate', movesInWindow: state.moves.length }, state };
  const moved = advertiseMove(current, newOriginatorIp);
  if (moved.kind === 'rejected') return { outcome: moved, state };
  const d = detectDuplicateMac(state.moves, nowSeconds, opts);
  const next = { moves: d.history, duplicate: d.duplicate };
  if (d.duplicate)
    return { outcome: { kind: 'duplicate', movesInWindow: d.movesInWindow }, state: next };
  return { outcome: moved, state: next };
}
