/**
 * The Content-Security-Policy of the built web app (OWASP ASVS 5.0, V3.4.3).
 * Scripts: the app's own files and, by hash, the inline boot script of
 * index.html (hashed from the built file at start, so a rebuilt page keeps
 * working and an injected one does not run). Styles: the app's own files, and
 * by hash the one <style> element Cytoscape adds to the page; React and
 * Cytoscape otherwise set styles through the CSSOM (element.style), which CSP
 * does not restrict, and the Vite build injects no <style> element.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type CspDirectives = Record<string, string[]>;

/**
 * The stylesheet Cytoscape puts in <head> on its first render (its renderer's
 * `__________cytoscape_stylesheet`), word for word; a test holds it to the installed Cytoscape.
 */
export const CYTOSCAPE_STYLESHEET = '.__________cytoscape_container { position: relative; }';

/** A CSP hash-source: base64 of the SHA-256 of an element's exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Inline scripts (no src attribute) of an HTML page, as CSP hashes of their exact text. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.push(cspHash(body));
  }
  return hashes;
}

/** The hashes of the inline scripts of `webRoot`/index.html; none without a web app. */
export function webAppScriptHashes(webRoot: string | undefined): string[] {
  if (!webRoot) return [];
  return inlineScriptHashes(readFileSync(join(webRoot, 'index.html'), 'utf8'));
}

/** The planner's policy; `frameAncestors` is 'none' except on the kiosk page (see security-headers). */
export function cspDirectives(scriptHashes: readonly string[], frameAncestors: readonly string[]) {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", cspHash(CYTOSCAPE_STYLESHEET)],
    // The favicon is a data: SVG; a graph exported as PNG is a data: or blob: URL.
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    // tRPC over fetch and the event stream (EventSource), both same-origin.
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors.length > 0 ? [...frameAncestors] : ["'none'"],
  } satisfies CspDirectives;
}

export function serialiseCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}
