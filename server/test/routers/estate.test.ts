import { serializeEstate, unpackEstate, type PackedEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { createContextInner } from '../../src/context.ts';
import { EstateValidationError } from '../../src/errors.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import { makeEstate, makeEstateInput } from '../fixtures.ts';

const createCaller = createCallerFactory(appRouter);

describe.each(BACKENDS)('estate router on %s', (_kind, open) => {
  const db = useTestDb(open);
  const as = (role: Role) => createCaller(createContextInner({ db: db(), role }));
  const seed = () => as('operator').estate.import({ estate: makeEstateInput() });

  describe('import', () => {
    it('takes JSON text and stores the estate at version 1', async () => {
      const text = JSON.stringify(makeEstateInput());
      expect(await as('operator').estate.import({ text })).toEqual({
        id: 'test-estate',
        version: 1,
      });
      const list = await as('viewer').estate.list();
      expect(list.map(({ id, sites, vms }) => ({ id, sites, vms }))).toEqual([
        { id: 'test-estate', sites: 2, vms: 3 },
      ]);
    });

    it('takes YAML text', async () => {
      const text = serializeEstate(makeEstate(), 'yaml');
      expect(await as('operator').estate.import({ text })).toEqual({
        id: 'test-estate',
        version: 1,
      });
      expect((await as('viewer').estate.get({ id: 'test-estate' })).estate).toEqual(makeEstate());
    });

    it('takes a decoded document and fills in defaults', async () => {
      await seed();
      const { estate } = await as('viewer').estate.get({ id: 'test-estate' });
      expect(estate).toEqual(makeEstate());
      expect(estate.policies.defaultAction).toBe('allow');
    });

    it('bumps the version on re-import', async () => {
      await seed();
      expect(await seed()).toEqual({ id: 'test-estate', version: 2 });
      expect((await as('viewer').estate.get({ id: 'test-estate' })).version).toBe(2);
    });

    it('refuses malformed JSON with an issue, storing nothing', async () => {
      await seed();
      const before = await as('viewer').estate.list();
      const error = await trpcErrorOf(
        as('operator').estate.import({ text: '{"format": "vmmi-estate", ' }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.cause).toBeInstanceOf(EstateValidationError);
      const { issues } = error.cause as EstateValidationError;
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toBe('(file)');
      expect(issues[0]?.message).toMatch(/not valid JSON or YAML/);
      expect(await as('viewer').estate.list()).toEqual(before);
    });

    it('refuses an unknown reference with an issue naming its path, storing nothing', async () => {
      await seed();
      const before = await as('viewer').estate.list();
      // Same id as the stored estate: a partial write would show as a new version.
      const input = { ...makeEstateInput(), name: 'Changed' };
      input.vms![1]!.hostId = 'host-zz';
      const error = await trpcErrorOf(
        as('operator').estate.import({ text: JSON.stringify(input) }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect((error.cause as EstateValidationError).issues).toContainEqual({
        path: 'vms[1].hostId',
        message: 'unknown device "host-zz"',
      });
      expect(await as('viewer').estate.list()).toEqual(before);
      expect((await as('viewer').estate.get({ id: 'test-estate' })).estate.name).toBe(
        'Test estate',
      );
    });

    it('refuses a document of the wrong shape with zod paths', async () => {
      const input = { ...makeEstateInput(), sites: [{ id: 'x' }] };
      const error = await trpcErrorOf(as('operator').estate.import({ estate: input }));
      expect(error.code).toBe('BAD_REQUEST');
      const paths = (error.cause as EstateValidationError).issues.map((i) => i.path);
      expect(paths).toContain('sites[0].name');
      expect(await as('viewer').estate.list()).toEqual([]);
    });
  });

  describe('roles', () => {
    it('a viewer may read but not import', async () => {
      await seed();
      expect(await as('viewer').estate.list()).toHaveLength(1);
      const error = await trpcErrorOf(as('viewer').estate.import({ estate: makeEstateInput() }));
      expect(error.code).toBe('FORBIDDEN');
      expect((await as('viewer').estate.get({ id: 'test-estate' })).version).toBe(1);
    });

    it('an operator may not delete; an admin may', async () => {
      await seed();
      expect((await trpcErrorOf(as('operator').estate.delete({ id: 'test-estate' }))).code).toBe(
        'FORBIDDEN',
      );
      expect(await as('viewer').estate.list()).toHaveLength(1);
      expect(await as('admin').estate.delete({ id: 'test-estate' })).toEqual({ id: 'test-estate' });
      expect(await as('viewer').estate.list()).toEqual([]);
    });

    it('an admin may import too', async () => {
      expect(await as('admin').estate.import({ estate: makeEstateInput() })).toEqual({
        id: 'test-estate',
        version: 1,
      });
    });
  });

  describe('get', () => {
    it('is NOT_FOUND for an unknown estate or site', async () => {
      await seed();
      expect((await trpcErrorOf(as('viewer').estate.get({ id: 'nope' }))).code).toBe('NOT_FOUND');
      expect(
        (await trpcErrorOf(as('viewer').estate.get({ id: 'test-estate', siteId: 'dc-zz' }))).code,
      ).toBe('NOT_FOUND');
      expect((await trpcErrorOf(as('admin').estate.delete({ id: 'nope' }))).code).toBe('NOT_FOUND');
    });

    it('restricts to one site when asked', async () => {
      await seed();
      const { estate, version } = await as('viewer').estate.get({
        id: 'test-estate',
        siteId: 'dc-a',
      });
      expect(version).toBe(1);
      expect(estate.sites.map((s) => s.id)).toEqual(['dc-a']);
      expect(estate.vms.map((v) => v.id)).toEqual(['vm-1', 'vm-2']);
      expect(estate.devices.every((d) => d.siteId === 'dc-a')).toBe(true);
    });

    it('answers repeated reads from the cache and never with an outdated estate', async () => {
      await seed();
      const first = await as('viewer').estate.get({ id: 'test-estate' });
      expect(await as('viewer').estate.get({ id: 'test-estate' })).toEqual(first);
      // Written again (a re-import) and deleted then imported anew: each read sees the write.
      const renamed = { ...makeEstateInput(), name: 'Renamed' };
      await as('operator').estate.import({ estate: renamed });
      const second = await as('viewer').estate.get({ id: 'test-estate' });
      expect([second.version, second.estate.name]).toEqual([2, 'Renamed']);
      await as('admin').estate.delete({ id: 'test-estate' });
      expect((await trpcErrorOf(as('viewer').estate.get({ id: 'test-estate' }))).code).toBe(
        'NOT_FOUND',
      );
      await seed();
      const third = await as('viewer').estate.get({ id: 'test-estate' });
      expect([third.version, third.estate.name]).toEqual([1, first.estate.name]);
      // A write that bypasses the router (another server instance on the same database).
      await db().kysely.updateTable('estates').set({ version: 7 }).execute();
      expect((await as('viewer').estate.get({ id: 'test-estate' })).version).toBe(7);
    });

    it('refuses a malformed id as BAD_REQUEST', async () => {
      const error = await trpcErrorOf(as('viewer').estate.get({ id: 'has spaces' }));
      expect(error.code).toBe('BAD_REQUEST');
    });
  });

  describe('getPacked', () => {
    it('sends the estate get sends, packed, and a written estate anew', async () => {
      await seed();
      const plain = await as('viewer').estate.get({ id: 'test-estate' });
      const { packed, ...stamp } = await as('viewer').estate.getPacked({ id: 'test-estate' });
      expect(stamp).toEqual({ id: plain.id, version: plain.version, updatedAt: plain.updatedAt });
      expect(unpackEstate(JSON.parse(JSON.stringify(packed)) as PackedEstate)).toEqual(
        plain.estate,
      );
      // Packed once per stored version: a re-import is sent as written.
      await as('operator').estate.import({ estate: { ...makeEstateInput(), name: 'Renamed' } });
      const again = await as('viewer').estate.getPacked({ id: 'test-estate' });
      expect([again.version, unpackEstate(again.packed).name]).toEqual([2, 'Renamed']);
      expect((await trpcErrorOf(as('viewer').estate.getPacked({ id: 'nope' }))).code).toBe(
        'NOT_FOUND',
      );
    });
  });

  describe('export', () => {
    it.each(['json', 'yaml'] as const)('round-trips through %s unchanged', async (format) => {
      await seed();
      const { estate: original } = await as('viewer').estate.get({ id: 'test-estate' });
      const { text } = await as('viewer').estate.export({ id: 'test-estate', format });
      await as('admin').estate.delete({ id: 'test-estate' });
      expect(await as('operator').estate.import({ text })).toEqual({
        id: 'test-estate',
        version: 1,
      });
      expect((await as('viewer').estate.get({ id: 'test-estate' })).estate).toEqual(original);
    });

    it('writes JSON in schema order, not jsonb order', async () => {
      await seed();
      const { text } = await as('viewer').estate.export({ id: 'test-estate', format: 'json' });
      expect(
        text.startsWith(
          '{\n  "format": "vmmi-estate",\n  "formatVersion": 1,\n  "id": "test-estate"',
        ),
      ).toBe(true);
      expect(JSON.parse(text)).toEqual(makeEstate());
    });

    it('is NOT_FOUND for an unknown estate', async () => {
      expect(
        (await trpcErrorOf(as('viewer').estate.export({ id: 'nope', format: 'yaml' }))).code,
      ).toBe('NOT_FOUND');
    });
  });
});
