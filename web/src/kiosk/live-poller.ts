/**
 * The kiosk's heartbeat: runs a check every `everyMs` while the server
 * answers, and retries with a capped exponential backoff while it does not,
 * reporting the connection as it goes. No React and no store: it only calls
 * what it is given, so its schedule is tested with fake timers.
 */

/** What the header says about the server. Times are epoch milliseconds. */
export type Connection =
  | { status: 'connecting' }
  | { status: 'live'; lastUpdate: number }
  | {
      status: 'reconnecting';
      /** When the first of the failures in a row happened. */
      since: number;
      /** The last successful check; null when none ever succeeded. */
      lastUpdate: number | null;
      failures: number;
    };

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** 2 s, 4 s, 8 s, 16 s, then every 30 s: quick after a blip, gentle on a server that is down for long. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 2_000, maxMs: 30_000 };

/** The wait before retry number `failures` (1 after the first failure). */
export function backoffDelay(
  failures: number,
  { baseMs, maxMs }: Backoff = DEFAULT_BACKOFF,
): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30)); // 2^30 already exceeds any cap
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

export interface PollerOptions {
  /** One check; rejects when the server could not be reached or answered with an error. */
  check: (signal: AbortSignal) => Promise<void>;
  everyMs: number;
  backoff?: Backoff;
  /** A check still pending after this long counts as failed and is aborted: a dropped network may never answer. */
  timeoutMs?: number;
  onChange: (connection: Connection) => void;
}

export interface Poller {
  stop(): void;
}

/** Starts checking at once; `stop()` cancels the schedule and aborts a pending check. */
export function startPoller({
  check,
  everyMs,
  backoff = DEFAULT_BACKOFF,
  timeoutMs = 20_000,
  onChange,
}: PollerOptions): Poller {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | null = null;
  let connection: Connection = { status: 'connecting' };
  onChange(connection);

  const report = (next: Connection) => {
    connection = next;
    if (!stopped) onChange(next);
  };

  async function once(): Promise<void> {
    const controller = new AbortController();
    pending = controller;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      await Promise.race([check(controller.signal), timedOut]);
    } finally {
      clearTimeout(timeout);
      pending = null;
    }
  }

  async function tick(): Promise<void> {
    let delay: number;
    try {
      await once();
      report({ status: 'live', lastUpdate: Date.now() });
      delay = everyMs;
    } catch {
      const failures = connection.status === 'reconnecting' ? connection.failures + 1 : 1;
      report({
        status: 'reconnecting',
        since: connection.status === 'reconnecting' ? connection.since : Date.now(),
        lastUpdate: connection.status === 'connecting' ? null : connection.lastUpdate,
        failures,
      });
      delay = backoffDelay(failures, backoff);
    }
    if (!stopped) timer = setTimeout(() => void tick(), delay);
  }

  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      pending?.abort();
    },
  };
}
