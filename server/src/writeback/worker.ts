/**
 * Performs the write-backs in the outbox (db/writeback-repo.ts), outside any
 * transaction: claims what is due, calls NetBox, records the outcome. A
 * failure the other side may get over (no answer, 5xx, 429) is tried again
 * with a growing wait, up to `maxAttempts`; one it will not (a 4xx, no
 * token) fails at once. Either way the migration stays as it ended.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { claimDue, recordAttempt } from '../db/writeback-repo.ts';
import { NetboxWritebackRequestSchema, type NetboxWritebackRequest } from './netbox-request.ts';

/** What the worker needs of a NetBox: the two writes, with the client's auth and retries. */
export interface NetboxWriter {
  updateVmPlacement(vm: number, placement: { device: number; cluster?: number }): Promise<void>;
  addJournalEntry(vm: number, text: string): Promise<void>;
}

/** A writer for a NetBox URL, or why there is none (no token configured). */
export type ConnectNetbox = (url: string) => NetboxWriter | { error: string };

export const WRITEBACK_DEFAULTS = {
  pollMs: 1_000,
  maxAttempts: 5,
  /** Wait before attempt n + 1: 2 s, 4 s, 8 s … up to a minute. */
  backoffMs: (attempt: number) => Math.min(60_000, 2_000 * 2 ** attempt),
  /** How long a claimed write-back is held before another attempt may take it. */
  claimMs: 60_000,
  batch: 20,
} as const;

export interface WritebackWorkerOptions {
  connect: ConnectNetbox;
  pollMs?: number;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  log?: { warn(o: object, msg: string): void };
}

/** An error whose cause will not go away by trying again (the client's 4xx, a bad request). */
const isPermanent = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === false;

export class WritebackWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly o: Required<Omit<WritebackWorkerOptions, 'log'>> & WritebackWorkerOptions;

  constructor(
    private readonly db: Kysely<Database>,
    options: WritebackWorkerOptions,
  ) {
    this.o = { ...WRITEBACK_DEFAULTS, ...options };
  }

  start(): void {
    // A pass that fails (the database away) is logged and tried again at the next interval.
    this.timer = setInterval(
      () =>
        void this.runOnce().catch((err: unknown) =>
          this.o.log?.warn({ err }, 'NetBox write-back pass failed'),
        ),
      this.o.pollMs,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over what is due; the number of write-backs attempted. Passes never overlap. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const due = await claimDue(this.db, WRITEBACK_DEFAULTS.batch, WRITEBACK_DEFAULTS.claimMs);
    for (const row of due) {
      const outcome = await this.attempt(row.request).then(
        () => ({ ok: true as const }),
        (err: unknown) => {
          const error = err instanceof Error ? err.message : String(err);
          const last = isPermanent(err) || row.attempts + 1 >= this.o.maxAttempts;
          this.o.log?.warn({ migrationId: row.migrationId, error }, 'NetBox write-back failed');
          return {
            ok: false as const,
            error,
            retryInMs: last ? null : this.o.backoffMs(row.attempts),
          };
        },
      );
      await recordAttempt(this.db, row.migrationId, outcome);
    }
    return due.length;
  }

  private async attempt(raw: unknown): Promise<void> {
    const parsed = NetboxWritebackRequestSchema.safeParse(raw);
    if (!parsed.success) throw permanent('the write-back request is incomplete');
    const r: NetboxWritebackRequest = parsed.data;
    const writer = this.o.connect(r.url);
    if ('error' in writer) throw permanent(writer.error);
    await writer.updateVmPlacement(r.vm, {
      device: r.device,
      ...(r.cluster ? { cluster: r.cluster } : {}),
    });
    await writer.addJournalEntry(r.vm, r.journal);
  }
}

function permanent(message: string): Error {
  return Object.assign(new Error(message), { retryable: false });
}
