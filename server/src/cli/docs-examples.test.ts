// The `vmmi` examples of docs/addressing.md, docs/import-clab.md and docs/planning.md, run as a reader would run
// them (in-process, test/cli/run-cli.ts): the docs and the engine agree line for line (R1, R4, R12, R21).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vmmi } from '../../test/cli/run-cli.ts';

const root = resolve(import.meta.dirname, '../../..');

interface Example {
  args: string[];
  expected: string[];
}

/** The console blocks of a doc whose command is `pnpm -s vmmi …`. */
function examplesOf(doc: string): Example[] {
  const blocks = readFileSync(join(root, doc), 'utf8').match(/```console\n[\s\S]*?```/g) ?? [];
  return blocks.flatMap((block) => {
    const [command, ...lines] = block.split('\n').slice(1, -1);
    const m = /^\$ pnpm -s vmmi (.+)$/.exec(command ?? '');
    return m ? [{ args: m[1]!.split(' '), expected: lines }] : [];
  });
}

/** Whether every expected line (but `...`) appears in the output, in order. */
function missingLines(expected: readonly string[], output: string): string[] {
  const got = output.split('\n');
  let at = 0;
  const missing: string[] = [];
  for (const line of expected) {
    if (line === '...') continue;
    const found = got.indexOf(line, at);
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

/** Each doc with `pnpm -s vmmi` console examples, and how many it has at least. */
const DOCS: [doc: string, atLeast: number][] = [
  ['docs/addressing.md', 3],
  ['docs/import-clab.md', 1],
  ['docs/planning.md', 1],
];

for (const [doc, atLeast] of DOCS)
  describe(`${doc} examples`, () => {
    const examples = examplesOf(doc);

    it('has examples to run', () => {
      expect(examples.length).toBeGreaterThanOrEqual(atLeast);
    });

    for (const ex of examples)
      it(`vmmi ${ex.args.join(' ')}`, async () => {
        // A reader runs them from the repository's root; this process may run elsewhere.
        const args = ex.args.map((a) => (existsSync(join(root, a)) ? join(root, a) : a));
        const r = await vmmi(args);
        expect(r.stderr).toBe('');
        expect(missingLines(ex.expected, r.stdout)).toEqual([]);
      });
  });
