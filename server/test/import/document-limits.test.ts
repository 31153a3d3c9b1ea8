/**
 * The document limits as the CLI and the parser worker apply them (decode.ts): each
 * refusal names its limit, and a valid estate, JSON or YAML, passes them unchanged.
 */
import { buildDemoEstate, parseEstate, serializeEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseEstateTextWithin, parseEstateWithin } from '../../src/import/parse/decode.ts';
import {
  IMPORT_LIMITS,
  ImportLimitError,
  type DocumentLimits,
  type ImportLimit,
} from '../../src/import/parse/limits.ts';
import { scanYaml } from '../../src/import/parse/yaml-scan.ts';
import { billionLaughs } from './bombs.ts';

const limits = (over: Partial<DocumentLimits> = {}): DocumentLimits => ({
  ...IMPORT_LIMITS,
  ...over,
});

function refusal(parse: () => unknown): ImportLimit | 'accepted' {
  try {
    parse();
    return 'accepted';
  } catch (e) {
    if (e instanceof ImportLimitError) return e.limit;
    throw e;
  }
}

/** Nesting of objects and arrays, counted by recursion (independent of the walk under test). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('document limits', () => {
  const demo = buildDemoEstate();
  const demoDepth = depthOf(JSON.parse(JSON.stringify(demo)));

  it.each(['json', 'yaml'] as const)(
    'accept the demo estate as %s at exactly its depth, and refuse it one level shallower',
    (format) => {
      const text = serializeEstate(demo, format);
      const parsed = parseEstateTextWithin(text, limits({ maxDepth: demoDepth }));
      expect(parsed).toEqual(parseEstate(demo));
      expect(refusal(() => parseEstateTextWithin(text, limits({ maxDepth: demoDepth - 1 })))).toBe(
        'depth',
      );
    },
  );

  it('count bytes in UTF-8: 3 characters of 2 bytes each are 6 bytes', () => {
    const text = `name: "${'é'.repeat(3)}"`;
    // 8 ASCII bytes around the 6 bytes of the three é's: 14 in all.
    expect(Buffer.byteLength(text)).toBe(14);
    expect(refusal(() => parseEstateTextWithin(text, limits({ maxBytes: 13 })))).toBe('size');
    expect(refusal(() => parseEstateTextWithin(text, limits({ maxBytes: 14 })))).toBe('accepted');
  });

  it.each([
    ['YAML block sequences', `${'- '.repeat(100)}x\n`],
    ['YAML block mappings', Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['YAML flow sequences', `${'['.repeat(100)}${']'.repeat(100)}`],
    ['JSON objects', `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`],
  ])('refuse %s nested 100 deep with the depth limit (64)', (_, text) => {
    expect(refusal(() => parseEstateTextWithin(text, limits()))).toBe('depth');
  });

  it('refuse an already-decoded document nested too deep', () => {
    let doc: unknown = 1;
    for (let i = 0; i < 100; i++) doc = { a: doc };
    expect(refusal(() => parseEstateWithin(doc, limits()))).toBe('depth');
  });

  it.each([
    ['YAML', `[${'0,'.repeat(1000)}0]`],
    ['JSON', `{"a":[${'0,'.repeat(1000)}0]}`],
  ])('refuse a flat %s document of 1,001 values over a limit of 1,000 values', (_, text) => {
    expect(refusal(() => parseEstateTextWithin(text, limits({ maxNodes: 1000 })))).toBe('nodes');
  });

  it('count aliases expanded: two aliases of a 4-value list count 8 values', () => {
    const text = 'a: &x [1, 2, 3]\nb: [*x, *x]\n';
    // Root map (1), a's list (4), b's list (1) and two copies of a's list (8): 14 values.
    expect(refusal(() => parseEstateTextWithin(text, limits({ maxNodes: 13 })))).toBe('nodes');
    expect(refusal(() => parseEstateTextWithin(text, limits({ maxNodes: 14 })))).toBe('accepted');
  });

  it('refuse a billion laughs through the yaml library’s alias count', () => {
    expect(refusal(() => parseEstateTextWithin(billionLaughs(), limits()))).toBe('nodes');
  });

  it('refuse an anchor aliased 100 times before parsing, as the yaml library would after', () => {
    // yaml counts an anchor and each of its aliases, and refuses past maxAliasCount (100).
    const aliased = (n: number) => `a: &x 1\nb: [${Array(n).fill('*x').join(', ')}]\n`;
    expect(refusal(() => parseEstateTextWithin(aliased(99), limits()))).toBe('accepted');
    expect(refusal(() => scanYaml(aliased(100), limits()))).toBe('nodes');
    expect(() => {
      YAML.parse(aliased(100), { maxAliasCount: 100 });
    }).toThrow(/alias count/);
  });

  it('let a file that parses but is no estate through to its issues', () => {
    const parsed = parseEstateTextWithin('just: text', limits());
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.path)).toContain('format');
  });
});
