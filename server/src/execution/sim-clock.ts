/**
 * The supervisor's clock for simulated runs: the real time a tick owes the
 * simulation, paid in steps of one tick period. A run samples its progress
 * once per step (one progress event per 100 ms by default), so it emits at the
 * same rate however busy the server is: a tick that comes late advances runs
 * by two steps and writes both samples in one transaction, the way a log
 * groups commits under load, where a single longer step would have dropped a
 * sample.
 */

/** Steps one tick may take: a longer stall slows simulated time down rather than make it jump (a jump could skip a watchdog's chance to act). */
export const MAX_STEPS_PER_TICK = 2;

export class SimClock {
  private owedMs = 0;

  constructor(
    private readonly tickMs: number,
    private lastMs: number,
  ) {}

  /** Forgets owed time (at start: time before it is not owed). */
  reset(nowMs: number): void {
    this.lastMs = nowMs;
    this.owedMs = 0;
  }

  /**
   * The steps, in real ms, that a tick at `nowMs` advances runs by: whole tick
   * periods while a period or more is owed (the remainder carried to the next
   * tick), at most MAX_STEPS_PER_TICK of them, or else one shorter step of
   * all that is owed (a tick called early, as tests do).
   */
  steps(nowMs: number): number[] {
    this.owedMs += Math.max(0, nowMs - this.lastMs);
    this.lastMs = nowMs;
    if (this.owedMs < this.tickMs) {
      const step = this.owedMs;
      this.owedMs = 0;
      return [step];
    }
    const n = Math.min(MAX_STEPS_PER_TICK, Math.floor(this.owedMs / this.tickMs));
    // Whole periods beyond the steps taken are a stall's, and dropped; a fraction of one is carried.
    this.owedMs = (this.owedMs - n * this.tickMs) % this.tickMs;
    return Array.from({ length: n }, () => this.tickMs);
  }
}
