/**
 * The two steps of a live migration between QEMU processes that both sides'
 * callers share: a destination listening on a port of its own choosing, and
 * following the source's `query-migrate` until a status of interest.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FINAL_MIGRATION_STATUSES,
  QmpProtocolError,
  type MigrationInfo,
  type QmpClient,
} from './qmp.ts';

/**
 * Makes a destination started with `-incoming defer` listen on `host` (loopback,
 * or its end of a WAN path) and
 * returns the URI to give the source's `migrate`. QEMU binds port 0 itself
 * and reports the port it got, so no other process can take it in between.
 */
export async function listenForMigration(
  destination: QmpClient,
  host = '127.0.0.1',
): Promise<string> {
  await destination.migrateIncoming(`tcp:${host}:0`);
  const info = await destination.queryMigrate();
  const inet = info['socket-address']?.find((a) => a.type === 'inet' && a.port);
  if (!inet?.port) {
    throw new QmpProtocolError(
      `the destination reports no listening port: ${JSON.stringify(info['socket-address'])}`,
    );
  }
  return `tcp:${host}:${inet.port}`;
}

export interface WaitForMigrationOptions {
  /** Give up after this long (a timeout, not a measurement). */
  timeoutMs: number;
  /** How often to ask. */
  intervalMs?: number;
  /** Called with every sample, e.g. to record it. */
  onSample?: (info: MigrationInfo) => void;
}

/**
 * Polls `query-migrate` until `until` holds, and returns that sample. A
 * migration that ends (completed, failed, cancelled) without `until` holding
 * rejects at once, with QEMU's error description when it failed.
 */
export async function waitForMigration(
  qmp: QmpClient,
  until: (info: MigrationInfo) => boolean,
  options: WaitForMigrationOptions,
): Promise<MigrationInfo> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const info = await qmp.queryMigrate();
    options.onSample?.(info);
    if (until(info)) return info;
    if (info.status && FINAL_MIGRATION_STATUSES.includes(info.status)) {
      const why = info['error-desc'] ? `: ${info['error-desc']}` : '';
      throw new Error(`the migration ended as ${info.status}${why}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the migration did not reach the awaited state within ${options.timeoutMs} ms (last status ${info.status ?? 'none'})`,
      );
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/**
 * `until` for `waitForMigration`: completed, with its final figures. QEMU 7.2
 * sets the status to completed before it computes total-time and downtime, so
 * a sample taken in between reads completed with both at 0.
 */
export function migrationCompleted(info: MigrationInfo): boolean {
  return info.status === 'completed' && (info['total-time'] ?? 0) > 0;
}
