/**
 * Reading and writing estate files (JSON or YAML). Parsing is all-or-nothing:
 * a file either yields a whole valid Estate or a list of issues, never a part (R21).
 */
import YAML from 'yaml';
import type { z } from 'zod';
import { EstateSchema, type Estate } from './estate.ts';
import { validateEstateReferences, type EstateIssue } from './validate.ts';

export type EstateFileFormat = 'json' | 'yaml';

export type ParseResult = { ok: true; estate: Estate } | { ok: false; issues: EstateIssue[] };

function zodPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

export function zodIssues(error: z.ZodError): EstateIssue[] {
  return error.issues.map((i) => ({ path: zodPath(i.path) || '(root)', message: i.message }));
}

/** Validates an already-decoded document: shape first, then references. */
export function parseEstate(doc: unknown): ParseResult {
  const shaped = EstateSchema.safeParse(doc);
  if (!shaped.success) return { ok: false, issues: zodIssues(shaped.error) };
  const issues = validateEstateReferences(shaped.data);
  return issues.length ? { ok: false, issues } : { ok: true, estate: shaped.data };
}

/** Decodes JSON or YAML text (JSON is tried first when the text starts with `{`). */
export function parseEstateText(text: string): ParseResult {
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{')
      ? JSON.parse(text)
      : YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    return {
      ok: false,
      issues: [{ path: '(file)', message: `not valid JSON or YAML: ${(e as Error).message}` }],
    };
  }
  return parseEstate(doc);
}

export function serializeEstate(estate: Estate, format: EstateFileFormat = 'json'): string {
  return format === 'json' ? `${JSON.stringify(estate, null, 2)}\n` : YAML.stringify(estate);
}

/** Formats issues one a line for CLIs and logs. */
export function formatIssues(issues: readonly EstateIssue[], max = 50): string {
  const lines = issues.slice(0, max).map((i) => `${i.path}: ${i.message}`);
  if (issues.length > max) lines.push(`... and ${issues.length - max} more`);
  return lines.join('\n');
}
