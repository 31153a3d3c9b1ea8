/**
 * How a parser worker is started: the server runs TypeScript through tsx, and a worker
 * does not get its parent's loader for its own entry (Node 20), nor does vitest's process
 * have one; so each worker starts from a line of JavaScript that registers tsx and then
 * imports the worker's TypeScript.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const WORKER_URL = new URL('./parse-worker.ts', import.meta.url).href;

/** tsx's ESM API (`tsx/esm/api`, its `import` entry), as a file URL the worker can import. */
function tsxApiUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

let source: string | undefined;

/** The worker's source, for `new Worker(source, { eval: true })`. */
export function parseWorkerSource(): string {
  source ??= `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); });`;
  return source;
}
