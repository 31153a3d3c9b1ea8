/** docs/cli.md's table of generator options says what the generators take: defaults and ranges. */
import { readFileSync } from 'node:fs';
import { topologyGenerators, type GeneratedTopologyKind } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

/** `| \`--hosts-per-leaf N\` | leaf-spine | 8 | 1..256 | …` → its generator, parameter, default and range. */
const rows = [
  ...doc.matchAll(/^\| `--([a-z-]+) N` \| ([a-z-]+) \| (\d+) \| (\d+)\.\.(\d+)[^|]* \|/gm),
].map(([, flag = '', kind = '', fallback, min, max]) => ({
  kind: kind as GeneratedTopologyKind,
  param: flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
  fallback: Number(fallback),
  range: { min: Number(min), max: Number(max) },
}));

describe('docs/cli.md, generate', () => {
  it('lists every parameter of every generator with its default and range', () => {
    const documented = rows.map((r) => `${r.kind}.${r.param}`).sort();
    const actual = Object.values(topologyGenerators)
      .flatMap((g) => Object.keys(g.defaults).map((p) => `${g.name}.${p}`))
      .sort();
    expect(documented).toEqual(actual);
    for (const row of rows) {
      const generator = topologyGenerators[row.kind];
      expect(generator.defaults[row.param], `${row.kind} ${row.param}`).toBe(row.fallback);
      expect(generator.ranges[row.param], `${row.kind} ${row.param}`).toEqual(row.range);
    }
  });
});
