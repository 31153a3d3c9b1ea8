/**
 * index.html's inline script starts the estate's download early; the tRPC
 * link must ask for exactly the URL it fetched, or the early response is
 * wasted. These tests run the script from index.html itself against a fake
 * page, then the real tRPC client and estate API against the same page.
 */
import { readFileSync } from 'node:fs';
import { packEstate, type Estate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { createEstateApi } from './estate-api.ts';
import { bootAwareFetch, type BootFetch } from './boot-fetch.ts';
import { createTrpcClient } from './trpc.ts';
import { createAppStore } from '../store/app-store.ts';
import { parseLocation } from '../url/view-url.ts';

const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
const script = /<script id="boot-fetch">([\s\S]*?)<\/script>/.exec(html)?.[1];

interface FakePage {
  location: { href: string; search: string };
  fetch: (url: string) => Promise<Response>;
  __vmmiBootFetch?: BootFetch;
}

/** A page at `path` whose own fetch answers as the server would, recording what it was asked. */
function fakePage(path: string) {
  const asked: string[] = [];
  const answers: Response[] = [];
  const href = `http://127.0.0.1:8080${path}`;
  const page: FakePage = {
    location: { href, search: new URL(href).search },
    fetch: (url) => {
      asked.push(url);
      const answer = batchAnswer();
      answers.push(answer);
      return Promise.resolve(answer);
    },
  };
  return { page, asked, answers };
}

/** The server's answer to `estate.list,estate.getPacked,impact.options` (tRPC v11 batch, no transformer). */
function batchAnswer(): Response {
  const estate = { id: 'k 32/x', name: 'Zeta' } as unknown as Estate;
  const body = [
    { result: { data: [{ id: 'k 32/x', name: 'Zeta' }] } },
    { result: { data: { packed: packEstate(estate), version: 7 } } },
    { result: { data: { migrationLimits: { perHost: 3 } } } },
  ];
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
}

function runBootScript(page: FakePage) {
  expect(script, 'index.html has the boot-fetch script').toBeTruthy();
  // The script as the browser runs it, with the fake page's globals.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('window', 'location', 'fetch', script!) as (
    window: FakePage,
    location: FakePage['location'],
    fetch: FakePage['fetch'],
  ) => void;
  run(page, page.location, page.fetch);
}

describe('the boot request (index.html) and the app', () => {
  it("is the app's first request, so the app takes its response instead of asking again", async () => {
    const { page, asked, answers } = fakePage('/?estate=k%2032%2Fx&view=site&site=fat-tree-site');
    runBootScript(page);
    expect(asked).toHaveLength(1);
    // The script reads the body as soon as it comes, before the app asks for it (the download
    // would otherwise wait for the app's modules); the app gets the same answer all the same.
    const early = await page.__vmmiBootFetch!.response;
    expect(answers[0]!.bodyUsed).toBe(true);
    expect(early.status).toBe(200);
    expect(early.headers.get('content-type')).toBe('application/json');
    const network: string[] = [];
    const client = createTrpcClient(
      '/trpc',
      bootAwareFetch(page, (input) => {
        network.push(input as string);
        return Promise.resolve(batchAnswer());
      }),
    );
    const api = createEstateApi(client);
    // As the store's start() asks: both in the same tick, so the link batches them.
    const [list, got, options] = await Promise.all([
      api.listEstates(),
      api.getEstate('k 32/x'),
      api.getPreviewOptions!(),
    ]);
    expect(network).toEqual([]);
    expect(list.map((e) => e.id)).toEqual(['k 32/x']);
    expect(got.version).toBe(7);
    expect(options).toEqual({ migrationLimits: { perHost: 3 } });
    expect(page.__vmmiBootFetch).toBeUndefined();

    // Only the first request may take it: a reload asks the server again.
    await api.getEstate('k 32/x').catch(() => undefined);
    expect(network).toHaveLength(1);
  });

  it("answers the store's start() whole: the estate and the preview options are not asked again", async () => {
    const path = '/?estate=k%2032%2Fx&view=site&site=fat-tree-site';
    const { page } = fakePage(path);
    runBootScript(page);
    const network: string[] = [];
    const client = createTrpcClient(
      '/trpc',
      bootAwareFetch(page, (input) => {
        network.push(decodeURIComponent(input as string));
        return Promise.resolve(batchAnswer());
      }),
    );
    const store = createAppStore({
      api: createEstateApi(client),
      location: parseLocation(page.location.search),
    });
    await store.getState().actions.start();
    const state = store.getState();
    expect(state.estate.status).toBe('ready');
    expect(state.estateVersion).toBe(7);
    expect(state.estateList.status).toBe('ready');
    // With the estate: a drag cannot come before the server's limits.
    expect(state.previewOptions).toEqual({ migrationLimits: { perHost: 3 } });
    expect(network).toEqual([]);
  });

  it('is dropped, not reused later, when the first request is another one', async () => {
    const { page } = fakePage('/?estate=demo');
    runBootScript(page);
    const network: string[] = [];
    const fetchImpl = bootAwareFetch(page, (input) => {
      network.push(input as string);
      return Promise.resolve(batchAnswer());
    });
    await fetchImpl('/trpc/estate.list?batch=1&input=%7B%7D');
    expect(page.__vmmiBootFetch).toBeUndefined();
    expect(network).toEqual(['/trpc/estate.list?batch=1&input=%7B%7D']);
  });

  it('is not made without an estate in the URL, nor for the kiosk', () => {
    for (const path of ['/', '/?view=global', '/?kiosk&estate=demo']) {
      const { page, asked } = fakePage(path);
      runBootScript(page);
      expect(asked, path).toEqual([]);
      expect(page.__vmmiBootFetch, path).toBeUndefined();
    }
  });
});
