/**
 * The server commands of `vmmi` run in-process against a test server, as a
 * user types them: through commander, with stdout and stderr captured. One
 * server per test file instead of one `vmmi` process per case.
 */
import type { MigrationEventRecord } from '@vmmi/shared';
import { expect } from 'vitest';
import type { Io } from '../../src/cli/remote-io.ts';
import { vmmi } from './run-cli.ts';

export interface Ran {
  code: number;
  out: string[];
  err: string[];
  /** stdout, one JSON document per line. */
  json: unknown[];
  /** stderr's JSON line, when there is one. */
  error: Record<string, unknown> | undefined;
}

/** An Io whose lines a test reads back. */
export function capture(): Io & { lines: { out: string[]; err: string[] } } {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, out: (l) => void lines.out.push(l), err: (l) => void lines.err.push(l) };
}

const linesOf = (text: string) => text.split('\n').filter((l) => l !== '');

/** Runs `vmmi <args> --server <server>` in-process (run-cli.ts); the token comes from $VMMI_TOKEN. */
export async function runVmmi(server: string, ...args: string[]): Promise<Ran> {
  const { code, stdout, stderr } = await vmmi([...args, '--server', server]);
  const out = linesOf(stdout);
  const err = linesOf(stderr);
  const errLine = err.find((l) => l.startsWith('{'));
  return {
    code,
    out,
    err,
    json: code === 0 || code > 2 ? out.map((l) => JSON.parse(l) as unknown) : [],
    error: errLine ? (JSON.parse(errLine) as Record<string, unknown>) : undefined,
  };
}

/** The records of one run, `created` first and `last` last, in order without gaps. */
export function expectOneRun(records: unknown[], last: string): MigrationEventRecord[] {
  const rs = records as MigrationEventRecord[];
  expect(rs.length).toBeGreaterThan(2);
  expect(rs.every((r) => r.scope === 'migration' && r.migrationId === rs[0]!.migrationId)).toBe(
    true,
  );
  expect(rs[0]!.event.type).toBe('created');
  expect(rs.at(-1)!.event.type).toBe(last);
  expect(rs.map((r) => r.seq)).toEqual(rs.map((_, i) => i + 1));
  const ids = rs.map((r) => BigInt(r.id));
  expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  return rs;
}
