// The sources router: an estate's NetBox source, turning write-back on (admins only), and the
// write-backs of runs (R21).
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { createContextInner } from '../../src/context.ts';
import { putSource } from '../../src/db/writeback-repo.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import { makeEstateInput } from '../fixtures.ts';

const createCaller = createCallerFactory(appRouter);

describe.each(BACKENDS)('sources router on %s', (_kind, open) => {
  const db = useTestDb(open);
  const as = (role: Role) => createCaller(createContextInner({ db: db(), role }));
  const seed = () => as('operator').estate.import({ estate: makeEstateInput() });

  it('has no source for an estate that was not imported from NetBox, and nothing to turn on', async () => {
    await seed();
    expect(await as('viewer').sources.get({ estateId: 'test-estate' })).toBeNull();
    const err = await trpcErrorOf(
      as('admin').sources.setWriteBack({ estateId: 'test-estate', enabled: true }),
    );
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('not imported from NetBox');
  });

  it('keeps write-back off until an admin turns it on; operators may not', async () => {
    await seed();
    await putSource(db().kysely, {
      estateId: 'test-estate',
      kind: 'netbox',
      url: 'https://netbox.example.net/',
      ids: { devices: {}, vms: {} },
    });
    expect(await as('viewer').sources.get({ estateId: 'test-estate' })).toMatchObject({
      kind: 'netbox',
      url: 'https://netbox.example.net/',
      writeBack: false,
    });
    const refused = await trpcErrorOf(
      as('operator').sources.setWriteBack({ estateId: 'test-estate', enabled: true }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    await as('admin').sources.setWriteBack({ estateId: 'test-estate', enabled: true });
    expect((await as('viewer').sources.get({ estateId: 'test-estate' }))!.writeBack).toBe(true);
    // A re-import of the same estate keeps the operator's choice.
    await putSource(db().kysely, {
      estateId: 'test-estate',
      kind: 'netbox',
      url: 'https://netbox.example.net/',
      ids: { devices: {}, vms: {} },
    });
    expect((await as('viewer').sources.get({ estateId: 'test-estate' }))!.writeBack).toBe(true);
  });

  it('lists no write-backs for runs that owe none', async () => {
    expect(await as('viewer').sources.writebacks({ migrationIds: ['mig-none'] })).toEqual([]);
  });
});
