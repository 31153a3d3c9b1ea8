/**
 * Every procedure called as every kind of caller, each outcome checked against
 * docs/security.md's access matrix. Callers are authenticated as over HTTP:
 * the tRPC context comes from the same factory, given a request with a session
 * cookie (and the CSRF token on changes), an API token, or nothing. Each call
 * gets fresh objects to act on (a user to delete, a plan to execute), made by
 * the system beforehand, so one cell never depends on another.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TRPCError } from '@trpc/server';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import { buildDemoEstate, type Estate } from '@vmmi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/accounts.ts';
import { systemPrincipal } from '../../src/auth/principal.ts';
import { hashSecret, newSecret } from '../../src/auth/secrets.ts';
import { AUTH_DEFAULTS, type AuthSettings } from '../../src/auth/settings.ts';
import { createContextFactory, createContextInner } from '../../src/context.ts';
import type { Db } from '../../src/db/db.ts';
import { openMemoryDb } from '../backends.ts';
import { putSource } from '../../src/db/writeback-repo.ts';
import { revokeToken } from '../../src/db/token-repo.ts';
import { insertSession, type User } from '../../src/db/user-repo.ts';
import { createExecution, executionConfig, type Execution } from '../../src/execution/service.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { MANUAL_TICKS } from '../execution/harness.ts';
import { makeEstateInput } from '../fixtures.ts';
import { demoTables } from '../netbox/demo-data.ts';
import { startFakeNetbox, type FakeNetbox } from '../netbox/fake-netbox.ts';
import { newToken } from './credentials.ts';
import { CALLERS, matrixRows, type Caller, type Outcome } from './matrix-table.ts';

const createCaller = createCallerFactory(appRouter);
const PASSWORD = 'correct horse battery staple';
const clos01 = readFileSync(
  resolve(import.meta.dirname, '../../../shared/src/import/clab/fixtures/clos01.clab.yml'),
  'utf8',
);

let db: Db;
let execution: Execution;
let netbox: FakeNetbox;
const users = {} as Record<'viewer' | 'acme' | 'globex' | 'admin', User>;
let revokedToken: string;
/** The system's caller: it makes what each call acts on. */
let system: ReturnType<typeof createCaller>;

const settings: AuthSettings = { ...AUTH_DEFAULTS };
const kioskSettings: AuthSettings = { ...AUTH_DEFAULTS, anonymousEstates: ['demo'] };

beforeAll(async () => {
  db = await openMemoryDb();
  execution = createExecution(
    db,
    // Runs are created and stay queued: nothing moves between two cells.
    executionConfig({ ...MANUAL_TICKS, leaseMs: 3_600_000 }),
    { info: () => undefined, error: () => undefined },
  );
  await execution.start();
  system = createCaller(createContextInner({ db, principal: systemPrincipal(), execution }));
  await system.estate.import({ estate: buildDemoEstate() });
  await putSource(db.kysely, { estateId: 'demo', kind: 'netbox', url: 'http://nb', ids: {} });
  const make = (name: string, role: User['role'], tenants: string[] | null) =>
    createUser(db.kysely, { name, password: PASSWORD, role, tenants });
  users.viewer = await make('vera', 'viewer', null);
  users.acme = await make('otto', 'operator', ['acme']);
  users.globex = await make('gina', 'operator', ['globex']);
  users.admin = await make('ada', 'admin', null);
  const old = await newToken(db, users.admin.id, 'write');
  revokedToken = old.secret;
  await revokeToken(db.kysely, old.tokenId);
  netbox = await startFakeNetbox({ tables: demoTables() });
}, 60_000);

afterAll(async () => {
  await execution?.stop();
  await netbox?.close();
  await db?.close();
});

/** The request a caller sends: its session cookie, token or nothing. */
async function requestOf(caller: Caller, method: 'GET' | 'POST') {
  const headers: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  const user =
    caller === 'viewer'
      ? users.viewer
      : caller === 'operator (acme)'
        ? users.acme
        : caller === 'operator (globex)'
          ? users.globex
          : caller === 'admin'
            ? users.admin
            : null;
  if (user) {
    const secret = newSecret();
    const csrf = newSecret();
    await insertSession(db.kysely, {
      idHash: hashSecret(secret),
      userId: user.id,
      csrf,
      expiresAt: new Date(Date.now() + 3_600_000),
      source: null,
    });
    cookies.vmmi_session = secret;
    if (method === 'POST') headers['x-vmmi-csrf'] = csrf;
  }
  if (caller === 'revoked token') headers.authorization = `Bearer ${revokedToken}`;
  return {
    req: {
      headers,
      cookies,
      method,
      id: 'req-1',
      ip: '127.0.0.1',
      socket: { remoteAddress: '127.0.0.1' },
    },
    res: {},
    info: {},
  } as unknown as CreateFastifyContextOptions;
}

const demoVersion = async () => (await system.estate.list()).find((e) => e.id === 'demo')!.version;
const demo = async (): Promise<Estate> => (await system.estate.get({ id: 'demo' })).estate;

/** Acme's VMs not yet moved by an earlier cell (a VM with a run in flight cannot move again). */
const acmeVms: string[] = [];
async function acceptAcmeMove(): Promise<{ planId: string }> {
  if (acmeVms.length === 0)
    acmeVms.push(...(await demo()).vms.filter((v) => v.tenantId === 'acme').map((v) => v.id));
  for (;;) {
    const vmId = acmeVms.shift();
    if (!vmId) throw new Error('no acme VM left to move');
    const site = (await demo()).vms.find((v) => v.id === vmId)!.hostId.split('.')[0];
    const request = {
      vmIds: [vmId],
      target: { kind: 'site', siteId: site === 'ams1' ? 'lon1' : 'ams1' },
    };
    try {
      const { plan } = await system.plans.accept({
        estateId: 'demo',
        request,
        expectedVersion: await demoVersion(),
      });
      return { planId: plan.id };
    } catch {
      // Blocked (capacity, residency): the next VM.
    }
  }
}

async function runningAcmeMove(): Promise<string> {
  const { planId } = await acceptAcmeMove();
  const { migrations } = await system.migrations.execute({ planId, timeScale: 1 });
  return migrations[0]!.id;
}

/** A procedure's input for one call, made fresh for it where the call consumes something. */
const inputs: Record<string, (caller: Caller) => unknown> = {
  'auth.me': () => undefined,
  'users.list': () => undefined,
  'users.create': () => ({ name: `new-${randomUUID()}`, password: PASSWORD, role: 'viewer' }),
  'users.update': async () => ({ id: (await scratchUser()).id, role: 'operator' }),
  'users.delete': async () => ({ id: (await scratchUser()).id }),
  'users.changePassword': () => ({ current: PASSWORD, next: PASSWORD }),
  'tokens.list': () => ({}),
  'tokens.create': () => ({ name: 'ci', scope: 'read', expiresInDays: 30 }),
  'tokens.revoke': async (caller) => ({ id: await tokenOf(caller) }),
  'audit.list': () => ({ limit: 5 }),
  'estate.list': () => undefined,
  'estate.get': () => ({ id: 'demo', siteId: 'ams1' }),
  'estate.getPacked': () => ({ id: 'demo' }),
  'estate.import': () => ({ estate: makeEstateInput() }),
  'estate.importFile': () => new Blob([JSON.stringify(makeEstateInput())]).stream(),
  'estate.importNetbox': () => ({
    url: netbox.url,
    token: '0123456789abcdef0123456789abcdef01234567',
    dryRun: true,
  }),
  'estate.importProgress': () => ({ progressId: randomUUID() }),
  'estate.export': () => ({ id: 'demo', format: 'json' }),
  'estate.importClab': () => ({ yaml: clos01 }),
  'estate.exportClab': () => ({ id: 'demo', siteId: 'ams1' }),
  'estate.delete': async () => {
    await system.estate.import({ estate: { ...makeEstateInput(), id: 'scratch' } });
    return { id: 'scratch' };
  },
  'impact.options': () => undefined,
  'impact.preview': () => ({
    estateId: 'demo',
    request: { vmIds: ['acme-web-web-01'], target: { kind: 'site', siteId: 'lon1' } },
  }),
  'plans.accept': async () => ({
    estateId: 'demo',
    request: { vmIds: ['acme-web-web-01'], target: { kind: 'site', siteId: 'ams1' } },
    expectedVersion: await demoVersion(),
  }),
  'plans.list': () => ({ estateId: 'demo' }),
  'plans.get': async () => ({ id: (await fixedRun()).planId }),
  'migrations.execute': async () => ({ planId: (await acceptAcmeMove()).planId, timeScale: 1 }),
  'migrations.abort': async () => ({ id: await runningAcmeMove() }),
  'migrations.list': () => ({ estateId: 'demo' }),
  'migrations.get': async () => ({ id: (await fixedRun()).migrationId }),
  'migrations.executors': () => undefined,
  'migrations.events': async () => ({ migrationId: (await fixedRun()).migrationId }),
  'waveRuns.create': async () => acmeWaves(),
  'waveRuns.get': async () => ({ id: (await fixedWaveRun()).id }),
  'waveRuns.list': () => ({ estateId: 'demo' }),
  'waveRuns.approve': async () => ({
    id: (await system.waveRuns.create(await acmeWaves())).id,
    wave: 1,
  }),
  'waveRuns.cancel': async () => ({ id: (await system.waveRuns.create(await acmeWaves())).id }),
  'faults.inject': () => ({
    estateId: 'demo',
    fault: { kind: 'bandwidth-collapse', factor: 0.5 },
  }),
  'faults.clear': async () => ({
    id: (
      await system.faults.inject({
        estateId: 'demo',
        fault: { kind: 'bandwidth-collapse', factor: 0.5 },
      })
    ).id,
  }),
  'faults.list': () => ({ active: true }),
  'sources.get': () => ({ estateId: 'demo' }),
  'sources.setWriteBack': () => ({ estateId: 'demo', enabled: false }),
  'sources.writebacks': async () => ({ migrationIds: [(await fixedRun()).migrationId] }),
};

async function scratchUser(): Promise<User> {
  return createUser(db.kysely, {
    name: `scratch-${randomUUID()}`,
    password: PASSWORD,
    role: 'viewer',
    tenants: null,
  });
}

/** A token of the caller's own (or of the admin, for callers without a user) to revoke. */
async function tokenOf(caller: Caller): Promise<string> {
  const owner =
    { viewer: users.viewer, 'operator (acme)': users.acme, 'operator (globex)': users.globex }[
      caller as 'viewer'
    ] ?? users.admin;
  return (await newToken(db, owner.id, 'read')).tokenId;
}

/** acme's VMs, each taken by one wave run at most: an active wave run holds its VMs from the others. */
const waveVms = buildDemoEstate()
  .vms.filter((v) => v.tenantId === 'acme' && v.hostId !== 'ams1.p0-e0-h2')
  .map((v) => v.id);
let waveVmsTaken = 0;

/** One wave of one acme VM's move behind an approval gate: nothing starts until approved (and nothing ticks). */
const acmeWaves = async () => {
  const vmId = waveVms[waveVmsTaken++ % waveVms.length]!;
  return {
    estateId: 'demo',
    expectedVersion: await demoVersion(),
    waves: [{ moves: [{ vmId, toHost: 'ams1.p0-e0-h2' }], gate: 'approval' as const }],
  };
};

let fixedWave: { id: string } | undefined;
/** One acme wave run, made once, for its reads. */
async function fixedWaveRun() {
  fixedWave ??= await system.waveRuns.create(await acmeWaves());
  return fixedWave;
}

let fixed: { planId: string; migrationId: string } | undefined;
/** One acme run, made once, for the reads of a plan and a run. */
async function fixedRun() {
  if (!fixed) {
    const { planId } = await acceptAcmeMove();
    const { migrations } = await system.migrations.execute({ planId, timeScale: 1 });
    fixed = { planId, migrationId: migrations[0]!.id };
  }
  return fixed;
}

const STATUS: Partial<Record<TRPCError['code'], Outcome>> = {
  UNAUTHORIZED: '401',
  FORBIDDEN: '403',
  NOT_FOUND: '404',
};

/** The outcome, or the unexpected error's code and message. */
async function outcomeOf(path: string, caller: Caller): Promise<string> {
  const procedure = (
    appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>
  )[path]!;
  const type = procedure._def.type;
  const input: unknown = await inputs[path]!(caller);
  try {
    const factory = createContextFactory(
      db,
      caller === 'anonymous viewer' ? kioskSettings : settings,
      execution,
    );
    const ctx = await factory(await requestOf(caller, type === 'mutation' ? 'POST' : 'GET'));
    const fn = path
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], createCaller(ctx)) as (
      i: unknown,
    ) => Promise<unknown>;
    const result = await fn(input);
    // The events stream checks what it may show when it starts: read its first frame (a replay).
    if (path === 'migrations.events') {
      const it = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      await it.next();
      await it.return?.();
    } else if (type === 'subscription') {
      await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
    }
    return 'ok';
  } catch (err) {
    if (err instanceof TRPCError) return STATUS[err.code] ?? `${err.code}: ${err.message}`;
    throw err;
  }
}

describe('the access matrix (docs/security.md)', () => {
  const rows = matrixRows();

  it('has a row for every procedure and an input for every row', () => {
    expect(rows.map((r) => r.procedure).sort()).toEqual(
      Object.keys(appRouter._def.procedures).sort(),
    );
    expect(Object.keys(inputs).sort()).toEqual(rows.map((r) => r.procedure).sort());
  });

  it.each(rows.map((r) => [r.procedure, r] as const))('%s', async (path, row) => {
    const got: Record<string, string> = {};
    for (const caller of CALLERS) got[caller] = await outcomeOf(path, caller);
    expect(got).toEqual(row.outcomes);
  });
});
