/**
 * A peer pinging the guest at a fine interval, each probe with its own
 * times. iputils' `ping -D -O -n` prints, per line, the wall-clock time it
 * was written: an answer's line comes when the answer arrives (with its round
 * trip, so the probe left rx − rtt); "no answer yet" comes as the next probe
 * leaves. Probes are told apart by icmp_seq, which wraps at 2^16.
 */
import type { ChildProcess } from 'node:child_process';
import readline from 'node:readline';

/** One echo request: when it left (ms since the epoch) and when its answer came, if it did. */
export interface Probe {
  seq: number;
  sentMs: number;
  answeredMs: number | null;
}

const ANSWER = /^\[(\d+\.\d+)\] \d+ bytes from [^:]+: icmp_seq=(\d+) .*time=([\d.]+) ms/;
const NO_ANSWER = /^\[(\d+\.\d+)\] no answer yet for icmp_seq=(\d+)/;

interface Seen {
  answeredMs: number | null;
  rttMs: number | null;
  /** When ping said it had no answer: about when the next probe left. */
  noAnswerMs: number | null;
}

/** Reads ping's lines into probes; `probes()` may be called at any time. */
export class PingLog {
  private readonly seen = new Map<number, Seen>();
  private epoch = 0;
  private lastRaw = -1;
  /** When the latest answer came (lines come in time order), or null before the first. */
  lastAnswerMs: number | null = null;

  constructor(private readonly intervalMs: number) {}

  add(line: string): void {
    const answer = ANSWER.exec(line);
    const silent = answer ? null : NO_ANSWER.exec(line);
    const m = answer ?? silent;
    if (!m) return;
    const seq = this.unwrap(Number(m[2]));
    const at = Number(m[1]) * 1000;
    const entry = this.seen.get(seq) ?? { answeredMs: null, rttMs: null, noAnswerMs: null };
    // The first answer counts; a duplicate (DUP!) says nothing new.
    if (answer && entry.answeredMs === null) {
      entry.answeredMs = at;
      entry.rttMs = Number(answer[3]);
      this.lastAnswerMs = at;
    } else if (silent) entry.noAnswerMs ??= at;
    this.seen.set(seq, entry);
  }

  /**
   * Every probe from the first to the last seen, in order. A probe's
   * departure is rx − rtt when answered, else the "no answer" time less an
   * interval, else interpolated between its neighbours.
   */
  probes(): Probe[] {
    if (this.seen.size === 0) return [];
    const seqs = [...this.seen.keys()].sort((a, b) => a - b);
    const first = seqs[0]!;
    const last = seqs.at(-1)!;
    const known = new Map<number, number>();
    for (const [seq, s] of this.seen) {
      if (s.answeredMs !== null && s.rttMs !== null) known.set(seq, s.answeredMs - s.rttMs);
      else if (s.noAnswerMs !== null) known.set(seq, s.noAnswerMs - this.intervalMs);
    }
    const anchors = [...known.keys()].sort((a, b) => a - b);
    const out: Probe[] = [];
    let k = 0;
    for (let seq = first; seq <= last; seq++) {
      while (k + 1 < anchors.length && anchors[k + 1]! <= seq) k++;
      out.push({
        seq,
        sentMs: known.get(seq) ?? this.estimate(seq, anchors, k, known),
        answeredMs: this.seen.get(seq)?.answeredMs ?? null,
      });
    }
    return out;
  }

  private estimate(seq: number, anchors: number[], k: number, known: Map<number, number>): number {
    const a = anchors[k]!;
    const b = anchors[k + 1];
    const ta = known.get(a)!;
    if (b === undefined || b <= a) return ta + (seq - a) * this.intervalMs;
    return ta + ((known.get(b)! - ta) * (seq - a)) / (b - a);
  }

  private unwrap(raw: number): number {
    if (this.lastRaw >= 0 && raw < this.lastRaw - 32_768) this.epoch += 65_536;
    else if (this.lastRaw >= 0 && raw > this.lastRaw + 32_768 && this.epoch > 0)
      return raw + this.epoch - 65_536; // A late line from before the wrap.
    this.lastRaw = raw;
    return raw + this.epoch;
  }
}

export interface Pinger {
  readonly log: PingLog;
  /** The time of an answer at or after `sinceMs` (wall clock), or null after `timeoutMs`. */
  waitForAnswer(sinceMs: number, timeoutMs: number): Promise<number | null>;
  /** Stops ping and returns every probe. */
  stop(): Promise<Probe[]>;
}

/** Starts iputils ping through `spawn` (in the peer's namespace); the caller stops it. */
export function startPinger(
  spawn: (command: string, args: readonly string[]) => ChildProcess,
  target: string,
  intervalMs: number,
): Pinger {
  const log = new PingLog(intervalMs);
  const child = spawn('ping', ['-D', '-O', '-n', '-i', String(intervalMs / 1000), target]);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4096)));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const lines = readline.createInterface({ input: child.stdout! });
  const waiters = new Set<() => void>();
  lines.on('line', (line) => {
    log.add(line);
    for (const w of [...waiters]) w();
  });
  return {
    log,
    waitForAnswer: (sinceMs, timeoutMs) =>
      new Promise((resolve) => {
        const done = (value: number | null) => {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(value);
        };
        const check = () => {
          const at = log.lastAnswerMs;
          if (at !== null && at >= sinceMs) done(at);
          else if (child.exitCode !== null) done(null);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        waiters.add(check);
        check();
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
      if (child.exitCode !== 0 && child.exitCode !== 1 && log.probes().length === 0)
        throw new Error(`ping ${target} failed (exit ${child.exitCode}): ${stderr.trim()}`);
      return log.probes();
    },
  };
}
