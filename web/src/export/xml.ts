/**
 * XML text from plain objects, by fast-xml-parser's builder: attributes are
 * the `@_` keys, text the `#text` key, and the builder escapes `<`, `>`, `&`,
 * `'` and `"` in both (export-model.ts has already dropped what XML cannot hold).
 */
import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
});

/** A complete XML document: the declaration, then `root`'s one element. */
export function xmlDocument(root: Record<string, unknown>): string {
  const xml: string = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    ...root,
  });
  return xml;
}

/** Numbers as the file shows them: at most two decimals, no "-0". */
export const num = (n: number): string => String(Math.round(n * 100) / 100 + 0);
