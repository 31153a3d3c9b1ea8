/**
 * Which build of the web app the server ships: the entry script's path in index.html,
 * which Vite names by a hash of its content (`/assets/index-B3x9….js`). A page compares
 * it with its own entry script to learn that a new build is out (the kiosk reloads
 * itself). Read again whenever index.html changes, so a build written under a running
 * server counts too.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ENTRY_SCRIPT = /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/;

/** The entry script's path in an index.html's text; null when it has none. */
export function entryScriptOf(html: string): string | null {
  return ENTRY_SCRIPT.exec(html)?.[1] ?? null;
}

/** A reader of the shipped build; always null without a web root (the API alone, or Vite's dev server). */
export function webBuildReader(root: string | undefined): () => string | null {
  if (!root) return () => null;
  const file = join(root, 'index.html');
  let seen: { mtimeMs: number; build: string | null } | undefined;
  return () => {
    try {
      const { mtimeMs } = statSync(file);
      if (seen?.mtimeMs !== mtimeMs)
        seen = { mtimeMs, build: entryScriptOf(readFileSync(file, 'utf8')) };
      return seen.build;
    } catch {
      return null;
    }
  };
}
