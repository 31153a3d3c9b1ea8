/**
 * The canvas's file exports (docs/exports.md): each format downloaded from the
 * demo's site view lon1 parses as XML in the browser and holds the site's
 * devices and links, as many as the canvas draws.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { count, waitForView } from './helpers.ts';

/** Parses XML with the browser's parser; counts the elements matching each selector. */
function countIn(page: Page, xml: string, selectors: string[]): Promise<number[] | string> {
  return page.evaluate(
    ([text, sels]) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.querySelector('parsererror');
      if (error) return error.textContent ?? 'parser error';
      return sels.map((s) => doc.querySelectorAll(s).length);
    },
    [xml, selectors] as const,
  );
}

const FORMATS = [
  {
    format: 'drawio',
    extension: 'drawio',
    nodes: 'mxCell[vertex="1"]',
    edges: 'mxCell[edge="1"]',
  },
  { format: 'graphml', extension: 'graphml', nodes: 'graph > node', edges: 'graph > edge' },
  { format: 'svg', extension: 'svg', nodes: 'g.node', edges: 'g.edges > line' },
] as const;

test("exports lon1 as draw.io, GraphML and SVG, each with the site's devices and links", async ({
  page,
}) => {
  await page.goto('/?estate=demo&view=site&site=lon1');
  await waitForView(page, 'site', 'lon1');
  const devices = await count(page, 'node[kind = "device"]');
  const links = await count(page, 'edge[kind = "link"]');
  expect(devices).toBeGreaterThan(0);

  for (const [i, f] of FORMATS.entries()) {
    const button = page.getByTestId(`export-${f.format}`);
    const downloading = page.waitForEvent('download');
    // The keyboard's way for one of them: the buttons are plain buttons.
    if (i === 1) {
      await button.focus();
      await page.keyboard.press('Enter');
    } else await button.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`vmmi-demo-site-lon1.${f.extension}`);
    const text = await readFile(await download.path(), 'utf8');
    expect(await countIn(page, text, [f.nodes, f.edges]), f.format).toEqual([devices, links]);
  }
});
