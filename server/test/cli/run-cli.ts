/**
 * A whole `vmmi` command line run in-process, as main.ts runs it but on streams
 * of the test's own: stdin from a string, stdout and stderr collected. A `tsx`
 * process a case cost seconds; the tests that need a real process say so.
 */
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/program.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `vmmi <args>` with `input` on its stdin; the exit code is what the process would exit with. */
export async function vmmi(args: string[], input = ''): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(args, {
    stdin: Readable.from([Buffer.from(input)]),
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
