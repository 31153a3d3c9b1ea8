/**
 * How a worker thread runs TypeScript: the server runs through tsx, and a worker does
 * not get its parent's loader for its own entry (Node 20), nor does vitest's process
 * have one; so each worker starts from a line of JavaScript that registers tsx and then
 * imports the worker's TypeScript module.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** tsx's ESM API (`tsx/esm/api`, its `import` entry), as a file URL the worker can import. */
function tsxApiUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

const sources = new Map<string, string>();

/** The source that starts the TypeScript module at `moduleUrl`, for `new Worker(source, { eval: true })`. */
export function tsWorkerSource(moduleUrl: string): string {
  let source = sources.get(moduleUrl);
  if (!source) {
    source = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); });`;
    sources.set(moduleUrl, source);
  }
  return source;
}
