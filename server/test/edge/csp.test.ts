import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CYTOSCAPE_STYLESHEET, inlineScriptHashes } from '../../src/edge/csp.ts';

describe('the CSP’s hashes', () => {
  it('hold to the stylesheet the installed Cytoscape adds to the page', () => {
    // The web app's Cytoscape, as its bundle gets it; its renderer builds the text from these parts.
    const fromWeb = createRequire(new URL('../../../web/package.json', import.meta.url));
    const source = readFileSync(fromWeb.resolve('cytoscape'), 'utf8');
    const className = /className = '(__________cytoscape_container)'/.exec(source)?.[1];
    expect(className).toBeDefined();
    expect(source).toContain(
      "stylesheet.textContent = '.' + className + ' { position: relative; }';",
    );
    expect(CYTOSCAPE_STYLESHEET).toBe(`.${className} { position: relative; }`);
  });

  it('hash each inline script of a page by its exact text, and no script with a src', () => {
    const html =
      '<script type="module" src="/a.js"></script><script id="x">var a = 1;</script><SCRIPT>\nb()\n</SCRIPT>';
    // sha256 of "var a = 1;" and of "\nb()\n", base64 (printf … | sha256sum | xxd -r -p | base64).
    expect(inlineScriptHashes(html)).toEqual([
      "'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='",
      "'sha256-NlXKTQe8YfLmZqnEm5aXK1Lb/1wWgkKgNs+lNRY6yOo='",
    ]);
  });
});
