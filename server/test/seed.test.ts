import * as shared from '@vmmi/shared';
import { describe, expect, it, vi } from 'vitest';
import { createEstateRepo } from '../src/db/estate-repo.ts';
import { loadDemoEstate } from '../src/demo.ts';
import { seedDemoIfEmpty } from '../src/seed.ts';
import { BACKENDS, useTestDb } from './backends.ts';
import { makeEstate } from './fixtures.ts';

const quietLog = () => ({ info: vi.fn(), warn: vi.fn() });

describe.each(BACKENDS)('seeding on %s', (_kind, open) => {
  const db = useTestDb(open);
  const repo = () => createEstateRepo(db().kysely);

  it('imports the demo estate into an empty database', async () => {
    expect(await seedDemoIfEmpty(repo(), () => Promise.resolve(makeEstate()), quietLog())).toBe(
      'seeded',
    );
    expect((await repo().list()).map((e) => [e.id, e.version])).toEqual([['test-estate', 1]]);
  });

  it('leaves a database that has estates alone', async () => {
    await repo().put(makeEstate());
    const load = vi.fn(() => Promise.resolve(makeEstate()));
    expect(await seedDemoIfEmpty(repo(), load, quietLog())).toBe('not-empty');
    expect(load).not.toHaveBeenCalled();
    expect((await repo().get('test-estate'))?.version).toBe(1);
  });

  it('warns and starts empty when there is no demo estate', async () => {
    const log = quietLog();
    expect(await seedDemoIfEmpty(repo(), () => Promise.resolve(undefined), log)).toBe(
      'unavailable',
    );
    expect(log.warn).toHaveBeenCalledOnce();
    expect(await repo().list()).toEqual([]);
  });

  it('refuses an invalid demo estate', async () => {
    const broken = makeEstate();
    broken.vms[0]!.networkId = 'nope';
    const log = quietLog();
    expect(await seedDemoIfEmpty(repo(), () => Promise.resolve(broken), log)).toBe('invalid');
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('vms[0].networkId'));
    expect(await repo().list()).toEqual([]);
  });
});

describe('loadDemoEstate', () => {
  it('returns what @vmmi/shared builds, or nothing while it builds nothing', async () => {
    const build = (shared as Record<string, unknown>)['buildDemoEstate'];
    const demo = await loadDemoEstate();
    if (typeof build === 'function') expect(demo).toEqual((build as () => unknown)());
    else expect(demo).toBeUndefined();
  });
});
