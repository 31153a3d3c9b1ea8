/**
 * A client of a server's event stream over HTTP, as the CLI and the web app
 * use it (httpSubscriptionLink over the `eventsource` package, reconnecting
 * by itself with its last event id), and the checks the crash and
 * multi-instance tests make of what it received.
 */
import type { EventRecord, MigrationEventRecord, MigrationEventType } from '@vmmi/shared';
import { expect } from 'vitest';
import type { Api } from '../../src/cli/client.ts';
import { migrate } from '../../src/cli/remote-commands.ts';

/** Every event the subscription delivered, and how it went. */
export interface Subscriber {
  records: EventRecord[];
  /** Connection states seen: 'connecting' after the server went away, 'pending' once (re)connected. */
  states: string[];
  ended: string | null;
  /** Resolves once the first frame (where "now" is) arrived. */
  opened: Promise<void>;
  unsubscribe(): void;
}

/** Every event from now on, or after the event id `after` ('0': from the first). */
export function subscribeAll(api: Api, after?: string): Subscriber {
  let open: () => void;
  const s: Subscriber = {
    records: [],
    states: [],
    ended: null,
    opened: new Promise((resolve) => (open = resolve)),
    unsubscribe: () => sub.unsubscribe(),
  };
  const sub = api.migrations.events.subscribe(
    { lastEventId: after },
    {
      onData: ({ data }) => {
        s.records.push(...data.events);
        open();
      },
      onConnectionStateChange: (state) => s.states.push(state.state),
      onError: (err) => (s.ended = `error: ${err.message}`),
      onComplete: () => (s.ended ??= 'completed'),
    },
  );
  return s;
}

export async function until(
  what: string,
  ok: () => boolean,
  sub?: Subscriber,
  ms = 25_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${sub ? ` (subscription ${sub.ended ?? 'open'}, states ${sub.states.join(' ')})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function runEvents(s: Subscriber, id: string): MigrationEventRecord[] {
  return s.records.filter(
    (r): r is MigrationEventRecord => r.scope === 'migration' && r.migrationId === id,
  );
}

export const has = (rs: MigrationEventRecord[], type: MigrationEventType) =>
  rs.some((r) => r.event.type === type);

/** The VM's placements in the estate: exactly one entry, on the host returned. */
export async function hostOf(api: Api, vmId: string, estateId = 'demo'): Promise<string> {
  const { estate } = await api.estate.get.query({ id: estateId });
  const entries = estate.vms.filter((v) => v.id === vmId);
  expect(entries).toHaveLength(1);
  return entries[0]!.hostId;
}

/** Starts a run of `vmId` to `to` (a host or a site) on an estate (the server's only one); returns its id and hosts. */
export async function startRun(
  api: Api,
  vmId: string,
  speed: number,
  to = 'ams1',
  estate?: string,
  executor: 'sim' | 'qemu' = 'sim',
) {
  const lines: string[] = [];
  const io = { out: (l: string) => void lines.push(l), err: (l: string) => void lines.push(l) };
  const code = await migrate(api, io, {
    vm: vmId,
    to,
    strategy: 'best',
    speed,
    executor,
    follow: false,
    estate,
  });
  expect(code, lines.join('\n')).toBe(0);
  return JSON.parse(lines[0]!) as { migrationId: string; fromHost: string; toHost: string };
}

/** What every scenario checks at the end: each event once, in id order, the run's seq gapless, nothing missed. */
export async function expectCompleteStream(api: Api, s: Subscriber, migrationId: string) {
  const ids = s.records.map((r) => BigInt(r.id));
  expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  const rs = runEvents(s, migrationId);
  expect(rs.map((r) => r.seq)).toEqual(rs.map((_, i) => i + 1));
  const stored = await api.migrations.get.query({ id: migrationId });
  expect(rs).toEqual(stored.events);
  return rs;
}
