/**
 * Imports against the server as a real process while another client polls its health
 * every 100 ms (docs/security.md, "Imports"): 10 MB YAML bombs are refused with the limit
 * they break, a 50 MB estate is stored and exported unchanged, and meanwhile every health
 * check answers 200 within 1 s (the stated acceptance bound) and the process's peak
 * resident memory stays under the documented bound.
 */
import { describe, expect, it } from 'vitest';
import { createPostgresTestDatabase } from '../backends.ts';
import { useServerProcesses } from '../execution/server-process.ts';
import { freePort } from '../free-port.ts';
import { bigEstateJson } from './big-estate.ts';
import { mutate, peakRssMiB, pollHealth } from './load-probes.ts';

/** docs/security.md, "Imports": the peak RSS measured for a 50 MB import, with margin. */
const PEAK_RSS_BOUND_MIB = 2048;
/** The acceptance bound on a health check's answer while an import runs. */
const HEALTH_BOUND_MS = 1000;
const TEN_MB = 10 * 1024 * 1024;

const startServer = useServerProcesses();

async function server(env: Record<string, string> = {}) {
  const port = await freePort();
  const { child } = await startServer({
    port,
    dataDir: 'memory://',
    instanceId: `import-load-${port}`,
    env,
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid! };
}

/** Posts a bomb as estate.import's text, with health polled meanwhile; what the test checks. */
async function importBomb(text: string) {
  const { url, pid } = await server();
  const body = JSON.stringify({ text });
  const health = pollHealth(url);
  const answer = await mutate(url, 'estate.import', body);
  const record = await health.stop();
  const peak = peakRssMiB(pid);
  console.log(
    `bomb of ${text.length} chars: ${answer.status} "${answer.json.error?.message}"; ` +
      `health ${record.answers} answers, max ${record.maxLatencyMs.toFixed(0)} ms; peak RSS ${peak.toFixed(0)} MiB`,
  );
  expect(record.failures).toEqual([]);
  expect(record.maxLatencyMs).toBeLessThan(HEALTH_BOUND_MS);
  expect(peak).toBeLessThan(PEAK_RSS_BOUND_MIB);
  return answer;
}

const refusedFor = (limit: string) => ({
  status: 400,
  json: {
    error: expect.objectContaining({
      message: expect.stringContaining(`limit: ${limit}`),
      data: expect.objectContaining({ code: 'BAD_REQUEST' }),
    }),
  },
});

describe('imports on a server under health checks', () => {
  it('refuse 10 MB of billion laughs (nine anchors of ten aliases, then aliases of the last) by its values', async () => {
    const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const head = `${lines.join('\n')}\nmore:\n`;
    const text = head + '  - *l8\n'.repeat(Math.ceil((TEN_MB - head.length) / 8));
    expect(await importBomb(text)).toMatchObject(refusedFor('nodes'));
  });

  it('refuse 10 MB nested five million deep, YAML or JSON, by its depth', async () => {
    expect(await importBomb(`${'- '.repeat(TEN_MB / 2)}x`)).toMatchObject(refusedFor('depth'));
    // Six bytes a level: `{"a":` and its `}`.
    const levels = Math.floor(TEN_MB / 6);
    const json = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    expect(await importBomb(json)).toMatchObject(refusedFor('depth'));
  });

  it('refuse a flat 10 MB list of 5.2 million values by its values (limit 5 million)', async () => {
    expect(await importBomb(`[${'0,'.repeat(TEN_MB / 2)}0]`)).toMatchObject(refusedFor('nodes'));
  });

  it('store a 50 MB estate file uploaded as bytes, and give it back unchanged', async () => {
    const database = await createPostgresTestDatabase();
    try {
      const { url, pid } = await server({ DATABASE_URL: database.url });
      const { id, text } = bigEstateJson();
      // As a browser uploads a file: its bytes, not a JSON string the server must decode.
      const body = Buffer.from(text);
      const health = pollHealth(url);
      const started = performance.now();
      const answer = await mutate(url, 'estate.importFile', body);
      const importMs = performance.now() - started;
      const record = await health.stop();
      const peak = peakRssMiB(pid);
      console.log(
        `50 MB import (${text.length} chars, body ${body.length}): ${answer.status} in ${importMs.toFixed(0)} ms; ` +
          `health ${record.answers} answers, max ${record.maxLatencyMs.toFixed(0)} ms; peak RSS ${peak.toFixed(0)} MiB`,
      );
      expect(answer).toMatchObject({ status: 200, json: { result: { data: { version: 1 } } } });
      expect(record.failures).toEqual([]);
      expect(record.maxLatencyMs).toBeLessThan(HEALTH_BOUND_MS);
      expect(peak).toBeLessThan(PEAK_RSS_BOUND_MIB);

      const input = encodeURIComponent(JSON.stringify({ id }));
      const exported = await fetch(`${url}/trpc/estate.export?input=${input}`);
      const { result } = (await exported.json()) as { result: { data: { text: string } } };
      // The export is indented; the file is the same JSON without the indentation.
      expect(JSON.stringify(JSON.parse(result.data.text)) === text).toBe(true);
    } finally {
      await database.drop();
    }
  });
});
