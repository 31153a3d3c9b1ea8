/**
 * A Vite plugin: index.html also preloads the chunks that main.tsx imports
 * dynamically (the planner page, with Cytoscape), and their stylesheets.
 * Vite only lists the entry's own imports there, so those chunks were
 * requested when main.tsx ran, after the first chunks had downloaded and been
 * evaluated: a second round trip and a compile that could not start earlier.
 * Preloaded, they download beside the first chunks and compile off the main
 * thread while those run. Build only: the dev server has no chunks.
 */
import type { HtmlTagDescriptor, Plugin } from 'vite';

/** The dynamically imported page modules to preload, by their path's ending. */
export function preloadPageChunks(pages: readonly string[]): Plugin {
  let base = '/';
  return {
    name: 'vmmi-preload-page-chunks',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const entry = chunks.find((c) => c.isEntry);
        // What index.html loads already: the entry and its static imports.
        const listed = new Set([entry?.fileName, ...(entry?.imports ?? [])]);
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const visit = (file: string) => {
          if (listed.has(file) || scripts.has(file)) return;
          const chunk = byFile.get(file);
          if (!chunk) return;
          scripts.add(file);
          for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
          chunk.imports.forEach(visit);
        };
        for (const page of pages) {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(page));
          if (!chunk)
            throw new Error(`no chunk for the page ${page}: is it still imported dynamically?`);
          visit(chunk.fileName);
        }
        const href = (file: string) => `${base}${file}`;
        return [
          ...[...scripts].map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: href(file) },
            injectTo: 'head' as const,
          })),
          ...[...styles].map((file) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: href(file) },
            injectTo: 'head' as const,
          })),
        ] satisfies HtmlTagDescriptor[];
      },
    },
  };
}
