/**
 * The parser pool: parses in a worker thread, refuses what breaks the time or memory
 * limit with a fresh worker for the next import, and answers busy past its queue.
 */
import { estateDigest } from '../../src/audit/estate-digest.ts';
import { TRPCError } from '@trpc/server';
import { readFileSync } from 'node:fs';
import { buildDemoEstate, importClab, parseEstate, serializeEstate } from '@vmmi/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportLimitError } from '../../src/import/parse/limits.ts';
import { createParsePool, type ParsePool } from '../../src/import/parse/parse-pool.ts';
import { withinImportLimits } from '../../src/import/parse/trpc-refusal.ts';

const pools: ParsePool[] = [];
const pool = (...args: Parameters<typeof createParsePool>) => {
  const made = createParsePool(...args);
  pools.push(made);
  return made;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const demo = buildDemoEstate();
const clos01 = readFileSync(
  new URL('../../../shared/src/import/clab/fixtures/clos01.clab.yml', import.meta.url),
  'utf8',
);
const demoText = serializeEstate(demo, 'yaml');
/** A YAML list of n maps: cheap to write, slow and big to parse. */
const bigYaml = (n: number) => 'x:\n' + '  - {a: 1, b: two}\n'.repeat(n);

async function limitOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'accepted';
  } catch (e) {
    if (e instanceof ImportLimitError) return e.limit;
    throw e;
  }
}

describe('the parser pool', () => {
  it('gives back the estate as the JSON of what parseEstate validates', async () => {
    const outcome = await pool().parseText(demoText);
    const expected = parseEstate(demo);
    if (!expected.ok || !outcome.ok) throw new Error('the demo estate must validate');
    const { utf8, digest, ...named } = outcome.estate;
    expect(named).toEqual({ id: demo.id, name: demo.name });
    // The digest the audit log records, computed in the worker as on the event loop.
    expect(digest).toEqual(estateDigest(expected.estate, null));
    expect(new TextDecoder().decode(utf8)).toBe(JSON.stringify(expected.estate));
  });

  it('gives back the issues of an invalid estate, and what importClab makes of a containerlab file', async () => {
    const parser = pool();
    const outcome = await parser.parseDocument({ format: 'vmmi-estate' });
    expect(outcome.ok ? [] : outcome.issues.map((i) => i.path)).toContain('formatVersion');
    const clab = await parser.importClab(clos01);
    expect(clab).toEqual(importClab(clos01));
    expect(clab.estate?.devices.length).toBeGreaterThan(0);
  });

  it('refuses a parse past the time limit, then serves the next import', async () => {
    // 1 ms is less than a worker takes to start, let alone to parse 200,000 maps; the
    // worker is terminated and the next parse gets a new one.
    const parser = pool({ timeoutMs: 1 });
    expect(await limitOf(parser.parseText(bigYaml(200_000)))).toBe('time');
    const next = pool({ timeoutMs: 60_000 });
    expect((await next.parseText(demoText)).ok).toBe(true);
  });

  it('refuses a parse that outgrows the worker heap, then serves the next import', async () => {
    // 300,000 maps of two entries: the yaml library's tree of them alone is
    // well over 64 MiB (about 1 KiB a map: tokens, nodes, ranges).
    // Time enough that on a busy machine the heap, not the clock, is what stops it.
    const parser = pool({ memoryMb: 64, timeoutMs: 120_000 });
    expect(await limitOf(parser.parseText(bigYaml(300_000)))).toBe('memory');
    expect((await parser.parseText(demoText)).ok).toBe(true);
  }, 180_000);

  it('lets one parse run and one wait, and answers busy to a third', async () => {
    const parser = pool({ concurrency: 1, queueLength: 1 });
    const first = parser.parseText(demoText);
    const second = parser.parseText(demoText);
    expect(await limitOf(parser.parseText(demoText))).toBe('busy');
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
  });

  it.each([
    [{ maxBytes: 10 }, 'PAYLOAD_TOO_LARGE', 'size'],
    [{ maxDepth: 2 }, 'BAD_REQUEST', 'depth'],
  ] as const)(
    'reaches a client as a TRPCError naming its limit (%o)',
    async (limits, code, limit) => {
      const parser = pool(limits);
      const error: unknown = await withinImportLimits(() => parser.parseText(demoText)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect(error).toMatchObject({
        code,
        message: expect.stringContaining(`limit: ${limit}`) as unknown,
      });
    },
  );
});
