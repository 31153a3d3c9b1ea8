/**
 * An estate file's text → the estate or its issues, under the document limits (limits.ts).
 * The one place the limits are applied to a parse: the parser worker calls it for the
 * server, the CLI calls it in-process for `vmmi validate` and the commands that read files.
 */
import { parseEstate, type ParseResult } from '@vmmi/shared';
import YAML from 'yaml';
import { checkDocumentShape } from './document-walk.ts';
import { tooBig, tooManyNodes, type DocumentLimits } from './limits.ts';
import { scanYaml } from './yaml-scan.ts';

/** Refuses text longer than maxBytes in UTF-8 (what it was on the wire). */
export function checkSize(text: string, limits: Pick<DocumentLimits, 'maxBytes'>): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes: a short string needs no count.
  if (text.length * 3 <= limits.maxBytes) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) throw tooBig(bytes, limits.maxBytes);
}

/** Size, then nesting and values as the YAML lexer sees them: before any YAML is parsed. */
export function checkYamlText(text: string, limits: DocumentLimits): void {
  checkSize(text, limits);
  scanYaml(text, limits);
}

/** yaml's error for an alias that expands past maxAliasCount (a "billion laughs"). */
const isAliasExpansion = (e: unknown) =>
  e instanceof ReferenceError && /excessive alias count/i.test(e.message);

type Decoded = { ok: true; doc: unknown } | { ok: false; message: string };

/** JSON or YAML text (JSON when it starts with `{`) → the document, its shape checked. */
function decodeDocument(text: string, limits: DocumentLimits): Decoded {
  const json = text.trimStart().startsWith('{');
  if (json) checkSize(text, limits);
  else checkYamlText(text, limits);
  let doc: unknown;
  try {
    doc = json ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    if (isAliasExpansion(e))
      throw tooManyNodes(
        limits.maxNodes,
        `: aliases expand past the yaml library's maxAliasCount (${limits.maxAliasCount})`,
      );
    return { ok: false, message: `not valid JSON or YAML: ${(e as Error).message}` };
  }
  checkDocumentShape(doc, limits);
  return { ok: true, doc };
}

/**
 * An estate file's text → the estate, or the issues that refuse it (all or nothing, R21).
 * Throws ImportLimitError when the text breaks a limit.
 */
export function parseEstateTextWithin(text: string, limits: DocumentLimits): ParseResult {
  const decoded = decodeDocument(text, limits);
  if (!decoded.ok) return { ok: false, issues: [{ path: '(file)', message: decoded.message }] };
  return parseEstate(decoded.doc);
}

/** An already-decoded document (the `estate` form of estate.import), under the same shape limits. */
export function parseEstateWithin(doc: unknown, limits: DocumentLimits): ParseResult {
  checkDocumentShape(doc, limits);
  return parseEstate(doc);
}
