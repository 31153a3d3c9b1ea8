/**
 * Output and exit codes of the commands that talk to a running server
 * (docs/cli.md): JSON lines on stdout, one JSON line on stderr when a command
 * fails, and an exit code a script can branch on.
 */
import { TRPCClientError } from '@trpc/client';
import type { MigrationEventType } from '@vmmi/shared';
import { CliInputError, processStdio, writeTo, type Stdio } from './io.ts';

/** Exit codes of the server commands. */
export const EXIT = {
  /** Done; for a followed migration: it succeeded. */
  ok: 0,
  /** Anything else: the server is unreachable, or failed itself. */
  error: 1,
  /** The server refused (a typed refusal on stderr), or the command line was bad. */
  refused: 2,
  /** The followed migration rolled back: the VM is where it was. */
  rolledBack: 3,
  /** The followed migration failed: the VM is where its `failed` event says, and needs an operator. */
  failed: 4,
} as const;

/** Where a command writes; the process's stdout and stderr, or a test's arrays. */
export interface Io {
  /** One line on stdout (without its newline); resolves once written. */
  out(line: string): void | Promise<void>;
  /** One line on stderr (without its newline). */
  err(line: string): void | Promise<void>;
}

/** A command's lines on these streams. */
export function linesTo(stdio: Stdio): Io {
  return {
    out: (line) => writeTo(stdio.stdout, `${line}\n`),
    err: (line) => writeTo(stdio.stderr, `${line}\n`),
  };
}

export const processIo: Io = linesTo(processStdio);

/** The exit code a migration's last event means, or null when it is not a last event. */
export function exitCodeOfEvent(type: MigrationEventType): number | null {
  if (type === 'succeeded') return EXIT.ok;
  if (type === 'rolled-back') return EXIT.rolledBack;
  if (type === 'failed') return EXIT.failed;
  return null;
}

/** A refusal the CLI decides itself from what the server said (a preview that cannot run). */
export class CliRefusal extends Error {
  constructor(
    readonly refusal: { kind: string } & Record<string, unknown>,
    message: string,
  ) {
    super(message);
    this.name = 'CliRefusal';
  }
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  refusal?: unknown;
  issues?: unknown;
}

/**
 * Prints why a command failed as one JSON line on stderr and returns its exit
 * code: `refused` (2) with the server's typed refusal for anything the server
 * turned down (4xx), `bad-input` (2) for a bad command line, `unreachable` or
 * `server-error` (1) otherwise.
 */
export async function reportError(err: unknown, io: Io, server: string): Promise<number> {
  if (err instanceof CliInputError) {
    await io.err(JSON.stringify({ error: 'bad-input', message: err.message }));
    return EXIT.refused;
  }
  if (err instanceof CliRefusal) {
    await io.err(JSON.stringify({ error: 'refused', message: err.message, refusal: err.refusal }));
    return EXIT.refused;
  }
  if (err instanceof TRPCClientError) {
    const data = (err.data ?? undefined) as ErrorData | undefined;
    if (data?.httpStatus !== undefined && data.httpStatus >= 400 && data.httpStatus < 500) {
      await io.err(
        JSON.stringify({
          error: 'refused',
          code: data.code,
          message: err.message,
          refusal: data.refusal ?? null,
          ...(data.issues ? { issues: data.issues } : {}),
        }),
      );
      return EXIT.refused;
    }
    if (data?.code !== undefined) {
      await io.err(
        JSON.stringify({ error: 'server-error', code: data.code, message: err.message }),
      );
      return EXIT.error;
    }
    // fetch's TypeError('fetch failed') carries the socket's error (ECONNREFUSED…) as its cause.
    const cause = err.cause as
      (Error & { cause?: { code?: string; message?: string } }) | undefined;
    const why = cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? err.message;
    await io.err(
      JSON.stringify({ error: 'unreachable', message: `cannot reach ${server}: ${why}` }),
    );
    return EXIT.error;
  }
  await io.err(JSON.stringify({ error: 'internal', message: (err as Error).stack ?? String(err) }));
  return EXIT.error;
}
