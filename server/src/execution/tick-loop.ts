/**
 * The supervisor's heartbeat: calls one async tick every `tickMs`, never two
 * at once. A tick that overruns is followed straight away, not skipped until
 * the next multiple of tickMs (as setInterval would), so runs still get as
 * many ticks as the machine allows.
 */
export class TickLoop {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly tickMs: number,
    private readonly onTick: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(now = performance.now()): void {
    this.stopped = false;
    this.schedule(now);
  }

  /** One tick, now; the one in flight when there is one (tests drive ticks with this instead of the timer). */
  tick(): Promise<void> {
    if (this.inFlight || this.stopped) return this.inFlight ?? Promise.resolve();
    this.inFlight = this.onTick()
      .catch(this.onError)
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** No more ticks; resolves when the one in flight has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(lastStart: number): void {
    const wait = Math.max(0, lastStart + this.tickMs - performance.now());
    this.timer = setTimeout(() => {
      const start = performance.now();
      void this.tick().then(() => {
        if (!this.stopped) this.schedule(start);
      });
    }, wait);
  }
}
