/**
 * Model v2 of a live migration's memory pre-copy (R14), following what QEMU
 * (7.2, migration/ram.c and migration/migration.c) does rather than the
 * textbook rounds of precopy-geometric.ts:
 *
 * - Every page is dirty at setup (one dirty-bitmap sync). A zero page goes as
 *   a marker: its 8-byte page header with RAM_SAVE_FLAG_ZERO and one byte
 *   (`save_zero_page_to_file`); any other page as the header and 4 KiB.
 *   Finding a page zero still costs time, which counts per page.
 * - QEMU syncs the bitmap again only when what is left falls under
 *   threshold = bandwidth × downtime-limit (`ram_save_pending`), checked once
 *   per 100 ms rate-limit window: a round ends with a leftover ℓ just under the
 *   threshold, ℓ = B·(T − Δ/2) on average. The copy stops when, after a sync,
 *   the rest is under the threshold.
 * - Pages dirtied during a round are distinct pages of the working set W: a
 *   round-robin writer touches min(W, D·t) of them, and those already dirty in
 *   the leftover count once.
 * - The stop-and-copy is not held to max-bandwidth: QEMU lifts the rate limit
 *   at completion (`migration_completion`), so it runs at the path's rate.
 * - Auto-converge: at a sync at least 1 s after the last check, if the period
 *   dirtied more than 50 % of the bytes it sent (throttle-trigger-threshold),
 *   a counter goes up; at 2 the throttle starts at 20 % or grows by 10 %, up
 *   to 99 % (`migration_trigger_throttle`, `mig_throttle_guest_down`).
 *
 * docs/migration-model.md gives the equations and the closed form.
 */

export const PRECOPY_DEFAULTS = {
  /** QEMU's default downtime-limit, ms. */
  downtimeLimitMs: 300,
  /** Rounds after which a copy that still does not fit is called non-convergent. */
  maxRounds: 30,
  /** Auto-converge: first throttle and the step per further round (QEMU's cpu-throttle-initial / -increment). */
  throttleInitial: 0.2,
  throttleIncrement: 0.1,
  throttleMax: 0.99,
  /** Auto-converge: throttle-trigger-threshold, share of the sent bytes a period may dirty. */
  throttleTrigger: 0.5,
  /** Fixed switchover cost on top of the stop-and-copy (device state, final handshakes), ms. */
  switchoverMs: 20,
  /** QEMU's rate-limit window (BUFFER_DELAY), in which it checks what is left once, ms. */
  syncWindowMs: 100,
  /** Bytes on the wire per page: the 8-byte header and the page, or the header and one byte for a zero page. */
  pageBytes: 4096,
  normalPageWireBytes: 4096 + 8,
  zeroPageWireBytes: 9,
} as const;

/**
 * What a host spends besides the wire, which depends on the host and QEMU's
 * build: the defaults are the textbook's (nothing but the switchover), and
 * QEMU_TCG_LOOPBACK_COSTS is what `pnpm bench:model` measured.
 */
export interface PrecopyCosts {
  /** Setup before the first page (bitmaps, the first sync): fixed and per GiB of memory, ms. */
  setupMs: number;
  setupMsPerGiB: number;
  /** Time to find one page zero and send its marker, s. */
  zeroPageSeconds: number;
  /**
   * Share of that time hidden in the idle part of the rate limit's windows, 0..1: 1 when
   * zero pages lie among the others, 0 when they lie in runs that hold the sender alone.
   */
  zeroPageOverlap: number;
  /** Fixed cost of the switchover on top of the stop-and-copy (device state, handshakes), ms. */
  switchoverMs: number;
}

export const PRECOPY_COSTS: PrecopyCosts = {
  setupMs: 0,
  setupMsPerGiB: 0,
  zeroPageSeconds: 0,
  zeroPageOverlap: 1,
  switchoverMs: PRECOPY_DEFAULTS.switchoverMs,
};

/** Measured on QEMU 7.2 under TCG on loopback, 2 shared cores (docs/performance.md, bench:model). */
export const QEMU_TCG_LOOPBACK_COSTS: PrecopyCosts = {
  setupMs: 10,
  setupMsPerGiB: 440,
  zeroPageSeconds: 5e-6,
  zeroPageOverlap: 0,
  switchoverMs: 5,
};

export interface PrecopyInput {
  memoryBytes: number;
  dirtyBytesPerSecond: number;
  /** Usable migration bandwidth: min(max-bandwidth, the path's fair share), bytes/s. */
  bandwidthBytesPerSecond: number;
  downtimeLimitMs?: number;
  maxRounds?: number;
  /** What to do when it does not converge. */
  fallback?: 'none' | 'auto-converge' | 'post-copy';
  /** Share of guest memory that is not zero pages, 0..1 (default 1: every page is sent whole). */
  nonZeroShare?: number;
  /** Memory the guest writes to, bytes (default: all of it); dirtied pages are distinct pages of it. */
  workingSetBytes?: number;
  /** The stop-and-copy's rate, bytes/s: the path's, since QEMU lifts max-bandwidth then (default: the bandwidth). */
  stopCopyBytesPerSecond?: number;
  /** The host's costs besides the wire (default PRECOPY_COSTS). */
  costs?: Partial<PrecopyCosts>;
}

export interface PrecopyRound {
  round: number;
  /** Bytes on the wire in this round (pages and markers). */
  sentBytes: number;
  seconds: number;
  /** Bytes of pages newly dirty at the sync that ends the round. */
  dirtiedBytes: number;
  /** CPU throttle in force during this round (auto-converge), 0..0.99. */
  throttle: number;
}

export interface PrecopyEstimate {
  converges: boolean;
  /** How it finished: plain pre-copy, pre-copy with throttling, post-copy, or not at all. */
  mode: 'pre-copy' | 'auto-converge' | 'post-copy' | 'non-convergent';
  rounds: PrecopyRound[];
  totalBytes: number;
  totalSeconds: number;
  downtimeMs: number;
  /** Dirty-bitmap syncs, as QEMU's dirty-sync-count counts them (setup, each round, the stop-and-copy). */
  dirtySyncs?: number;
  /** What would make a non-convergent copy converge. */
  remedies: string[];
}

/** Dirty pages at a moment, split by where they are and whether they are zero. */
export interface Dirty {
  /** In the working set, and of those not zero. */
  wss: number;
  wssNonZero: number;
  /** Outside it (sent once, never dirtied again), and of those not zero. */
  rest: number;
  restNonZero: number;
}

export const dirtyTotal = (d: Dirty) => d.wss + d.rest;

/** Every page dirty at setup: the working set W of memory M, a share s of it not zero pages. */
export function initialDirty(M: number, W: number, s: number): Dirty {
  const nonZero = s * M;
  return {
    wss: W,
    wssNonZero: Math.min(W, nonZero),
    rest: M - W,
    restNonZero: nonZero - Math.min(W, nonZero),
  };
}

export function estimatePrecopy(input: PrecopyInput): PrecopyEstimate {
  const K = PRECOPY_DEFAULTS;
  const c: PrecopyCosts = { ...PRECOPY_COSTS, ...input.costs };
  const M = input.memoryBytes;
  const B = input.bandwidthBytesPerSecond;
  const D = input.dirtyBytesPerSecond;
  const s = input.nonZeroShare ?? 1;
  const W = Math.min(input.workingSetBytes ?? M, M);
  const R = input.stopCopyBytesPerSecond ?? B;
  const limitS = (input.downtimeLimitMs ?? K.downtimeLimitMs) / 1000;
  const fallback = input.fallback ?? 'auto-converge';
  const maxRounds = fallback === 'auto-converge' ? 1000 : (input.maxRounds ?? K.maxRounds);
  if (!(M >= 0) || !(B > 0) || !(D >= 0) || !(R > 0) || !(W >= 0) || !(s >= 0 && s <= 1))
    throw new RangeError(
      'memory, dirty rate, working set must be >= 0, bandwidths > 0, non-zero share in 0..1',
    );

  const windowS = K.syncWindowMs / 1000;
  const threshold = B * limitS;
  // QEMU checks once per window, so a round ends on average half a window under the threshold.
  const leftover = Math.max(0, B * (limitS - windowS / 2));
  let dirty = initialDirty(M, W, s);
  const setupS = (c.setupMs + (c.setupMsPerGiB * M) / 2 ** 30) / 1000;
  // The first rate-limit window opens before the setup, so its bytes go at once after it.
  let head = Math.min(setupS, windowS);
  const rounds: PrecopyRound[] = [];
  let seconds = setupS;
  let throttle = 0;
  let mode: PrecopyEstimate['mode'] = 'pre-copy';
  const period = { seconds: 0, dirtied: 0, sent: 0, high: 0 };

  for (let round = 0; round < maxRounds; round++) {
    const before = dirtyTotal(dirty);
    const keep = before > leftover ? leftover / before : 1;
    const sent = scaleDirty(dirty, 1 - keep);
    const full = sendSeconds(sent, B, c);
    const t = Math.max(0, full - head);
    head = 0;
    // A round-robin writer touches min(W, D·t) distinct pages; those still dirty count once.
    const touched = Math.min(W, D * (1 - throttle) * t);
    const left = scaleDirty(dirty, keep);
    const fresh = W > 0 ? touched * (1 - left.wss / W) : 0;
    dirty = { ...left, wss: left.wss + fresh, wssNonZero: left.wssNonZero + fresh };
    const bytes = wireBytes(sent);
    rounds.push({ round, sentBytes: bytes, seconds: t, dirtiedBytes: fresh, throttle });
    seconds += t;
    if (dirtyTotal(dirty) < threshold) return finish(rounds, dirty, seconds, R, c, mode);
    if (fallback === 'post-copy') return postCopy(rounds, dirty, seconds, B, c);

    period.seconds += t;
    period.dirtied += fresh;
    period.sent += bytes;
    if (fallback === 'auto-converge' && period.seconds > 1) {
      // Two periods that dirtied more than half of what they sent raise the throttle one step.
      if (period.dirtied > K.throttleTrigger * period.sent && ++period.high >= 2) {
        period.high = 0;
        mode = 'auto-converge';
        // QEMU counts the throttle in whole percent.
        const next = throttle === 0 ? K.throttleInitial : throttle + K.throttleIncrement;
        throttle = Math.min(K.throttleMax, Math.round(next * 100) / 100);
      }
      Object.assign(period, { seconds: 0, dirtied: 0, sent: 0 });
    }
    const stuck = round > 0 && dirtyTotal(dirty) >= before * (1 - 1e-9);
    if (stuck && (fallback !== 'auto-converge' || throttle >= K.throttleMax)) break;
  }
  return {
    converges: false,
    mode: 'non-convergent',
    rounds,
    totalBytes: rounds.reduce((a, r) => a + r.sentBytes, 0),
    totalSeconds: Infinity,
    downtimeMs: Infinity,
    dirtySyncs: rounds.length + 1,
    remedies: [
      `bandwidth above the dirty rate (${(D / 2 ** 20).toFixed(0)} MiB/s)`,
      'auto-converge (CPU throttling)',
      'post-copy',
      `a downtime limit of ${Math.ceil((dirtyTotal(dirty) / B) * 1000)} ms`,
    ],
  };
}

export function scaleDirty(d: Dirty, f: number): Dirty {
  return {
    wss: d.wss * f,
    wssNonZero: d.wssNonZero * f,
    rest: d.rest * f,
    restNonZero: d.restNonZero * f,
  };
}

function zeroPages(d: Dirty): number {
  return (dirtyTotal(d) - d.wssNonZero - d.restNonZero) / PRECOPY_DEFAULTS.pageBytes;
}

export function wireBytes(d: Dirty): number {
  const K = PRECOPY_DEFAULTS;
  const normalPages = (d.wssNonZero + d.restNonZero) / K.pageBytes;
  return normalPages * K.normalPageWireBytes + zeroPages(d) * K.zeroPageWireBytes;
}

/**
 * The wire at the rate, and the scan for zero pages: the rate limit leaves the
 * sender idle part of each window, and the scan hides in that time to the
 * share `zeroPageOverlap` (1: the longer of the two; 0: their sum).
 */
function sendSeconds(d: Dirty, rate: number, c: PrecopyCosts): number {
  const wire = wireBytes(d) / rate;
  const scan = zeroPages(d) * c.zeroPageSeconds;
  return wire + scan - c.zeroPageOverlap * Math.min(wire, scan);
}

function finish(
  rounds: PrecopyRound[],
  rest: Dirty,
  seconds: number,
  R: number,
  c: PrecopyCosts,
  mode: PrecopyEstimate['mode'],
): PrecopyEstimate {
  const downS = sendSeconds(rest, R, c) + c.switchoverMs / 1000;
  return {
    converges: true,
    mode,
    rounds,
    totalBytes: rounds.reduce((a, r) => a + r.sentBytes, 0) + wireBytes(rest),
    totalSeconds: seconds + downS,
    downtimeMs: downS * 1000,
    // One at setup, one ending each round, one in the stop-and-copy.
    dirtySyncs: rounds.length + 2,
    remedies: [],
  };
}

/** Post-copy: after the first pass the VM switches over at once; pages still dirty are pulled on demand. */
function postCopy(
  rounds: PrecopyRound[],
  rest: Dirty,
  seconds: number,
  B: number,
  c: PrecopyCosts,
): PrecopyEstimate {
  const switchS = c.switchoverMs / 1000;
  return {
    converges: true,
    mode: 'post-copy',
    rounds: rounds.slice(0, 1),
    totalBytes: rounds[0]!.sentBytes + wireBytes(rest),
    totalSeconds: seconds + sendSeconds(rest, B, c) + switchS,
    downtimeMs: switchS * 1000,
    dirtySyncs: 3,
    remedies: [],
  };
}

/**
 * The closed form of model v2 for a working set of all memory, no zero pages,
 * the default costs, the stop-and-copy at B and D < B (docs/migration-model.md
 * §2): with w = 4104/4096, ℓ = B·(T − Δ/2) and ρ = (D·w/B)·(1 − ℓ/M), what is
 * left after round i is ℓ + ρ^i·(M − ℓ), and the copy stops at the first n ≥ 1
 * where that is under B·T.
 */
export function precopyClosedFormV2(M: number, D: number, B: number, limitS: number) {
  const K = PRECOPY_DEFAULTS;
  const w = K.normalPageWireBytes / K.pageBytes;
  const l = Math.max(0, B * (limitS - K.syncWindowMs / 2000));
  if (M <= l) return { rounds: 1, totalBytes: w * M, stopCopyBytes: w * M };
  const rho = ((D * w) / B) * (1 - l / M);
  let n = 1;
  while (l + rho ** n * (M - l) >= B * limitS) n++;
  const stop = l + rho ** n * (M - l);
  const pre = rho === 1 ? n * (M - l) : ((M - l) * (1 - rho ** n)) / (1 - rho);
  return { rounds: n, totalBytes: w * (pre + stop), stopCopyBytes: w * stop };
}
