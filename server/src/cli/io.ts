/** CLI input and output: JSON on stdout, readable errors on stderr, exit code 2 on bad input. */
import { readFile } from 'node:fs/promises';

/** Bad input from the user: printed on stderr, exit code 2. */
export class CliInputError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CliInputError';
  }
}

/**
 * Where a command reads "-" from and writes to: the process's own streams, or a test's,
 * so that a test runs the command line in-process (a `tsx` process costs seconds a case).
 */
export interface Stdio {
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** The process's streams, touched only when used (opening stdin keeps a process alive). */
export const processStdio: Stdio = {
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
};

export async function readInput(file: string, stdio: Stdio): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdio.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new CliInputError(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** Writes text and resolves once it is flushed, so large output survives a pipe. */
export function writeTo(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    stream.write(text, (err) => (err ? reject(err) : resolve())),
  );
}

export function printJson(stdio: Stdio, value: unknown, pretty = false): Promise<void> {
  return writeTo(
    stdio.stdout,
    `${pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`,
  );
}

export function printText(stdio: Stdio, text: string): Promise<void> {
  return writeTo(stdio.stdout, text);
}
