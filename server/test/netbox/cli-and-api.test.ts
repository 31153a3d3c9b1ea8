// `vmmi import netbox` end to end against the fake NetBox (demo data), in-process as a user
// types it; `--server` and `estate.importNetbox` against a real server on a loopback port.
import { parseEstateText, unpackEstate } from '@vmmi/shared';
import { Command, CommanderError } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callerWithToken } from '../auth/credentials.ts';
import { buildApp } from '../../src/app.ts';
import { createApi } from '../../src/cli/client.ts';
import { addImportCommands } from '../../src/cli/import-netbox.ts';
import type { Io } from '../../src/cli/remote-io.ts';
import type { CliRun } from '../../src/cli/server-program.ts';
import type { Db } from '../../src/db/db.ts';
import { openMemoryDb } from '../backends.ts';
import { demoTables } from './demo-data.ts';
import { startFakeNetbox, type FakeNetbox } from './fake-netbox.ts';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
let nb: FakeNetbox;
let db: Db;
let app: FastifyInstance;
let server: string;

beforeAll(async () => {
  nb = await startFakeNetbox({ tables: demoTables() });
  db = await openMemoryDb();
  app = await buildApp({
    database: db,
    execution: { instanceId: 'netbox-test', tickMs: 50, leaseMs: 2_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  server = `http://127.0.0.1:${address.port}`;
  // The CLI's client reads its API token from VMMI_TOKEN.
  vi.stubEnv('VMMI_TOKEN', (await callerWithToken(db, 'operator')).secret);
});
afterAll(async () => {
  // Test files share a worker: the token must not outlive this one.
  vi.unstubAllEnvs();
  await app?.close();
  await db?.close();
  await nb?.close();
});

async function vmmi(env: NodeJS.ProcessEnv, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => void out.push(l), err: (l) => void err.push(l) };
  const run: CliRun = { exitCode: 0 };
  const program = new Command('vmmi')
    .exitOverride()
    .configureOutput({ writeErr: (s) => err.push(s), writeOut: (s) => out.push(s) });
  addImportCommands(program, run, io, env);
  try {
    await program.parseAsync(['import', 'netbox', ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return { code: 2, out, err };
  }
  return { code: run.exitCode, out, err };
}

describe('vmmi import netbox', () => {
  it('prints an estate that validates, the report on stderr', async () => {
    const r = await vmmi({ NETBOX_TOKEN: TOKEN }, '--url', nb.url);
    expect(r.code).toBe(0);
    const parsed = parseEstateText(r.out.join('\n'));
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.estate.devices).toHaveLength(40);
    expect(r.err).toContain('netbox: dcim/devices 72/72');
    expect(r.err.some((l) => /^unmapped: \d+ objects$/.test(l))).toBe(true);
  });

  it('prints YAML with --yaml, and takes --token when NETBOX_TOKEN is unset', async () => {
    const r = await vmmi({}, '--url', nb.url, '--token', TOKEN, '--yaml');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/^format: vmmi-estate/);
  });

  it('--dry-run prints the role mapping and the report only, with --role-map applied', async () => {
    const r = await vmmi(
      { NETBOX_TOKEN: TOKEN },
      '--url',
      nb.url,
      '--dry-run',
      '--role-map',
      'pdu=access',
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out.join('\n')) as {
      roleMapping: { slug: string; role: string; source: string }[];
      report: { made: { devices: number } };
    };
    expect(doc.roleMapping.find((m) => m.slug === 'pdu')).toMatchObject({
      role: 'access',
      source: 'given',
    });
    // 40 devices and the 13 PDUs.
    expect(doc.report.made.devices).toBe(53);
    expect(doc).not.toHaveProperty('estate');
  });

  it('refuses a bad role map, a missing token and a refused token with exit 2', async () => {
    expect(
      (await vmmi({ NETBOX_TOKEN: TOKEN }, '--url', nb.url, '--role-map', 'pdu=router')).code,
    ).toBe(2);
    expect((await vmmi({}, '--url', nb.url)).code).toBe(2);
    const refused = await vmmi({ NETBOX_TOKEN: 'nope' }, '--url', nb.url);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/NetBox refused the token/);
  });

  it('exits 1 when NetBox is unreachable', async () => {
    const r = await vmmi({ NETBOX_TOKEN: TOKEN }, '--url', 'http://127.0.0.1:1');
    expect(r.code).toBe(1);
  });

  it('--server stores the estate in a running server', async () => {
    const r = await vmmi(
      { NETBOX_TOKEN: TOKEN, VMMI_TOKEN: process.env.VMMI_TOKEN },
      '--url',
      nb.url,
      '--server',
      server,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ id: 'netbox' });
    const api = createApi({ server });
    const stored = await api.estate.get.query({ id: 'netbox' });
    expect(stored.estate.sites).toHaveLength(24);
    // The web app reads it packed over HTTP: NetBox's demo data comes back the same.
    const { packed } = await api.estate.getPacked.query({ id: 'netbox' });
    expect(unpackEstate(packed)).toEqual(stored.estate);
  });
});

describe('estate.importNetbox', () => {
  it('dry run: summary, report and role mapping, nothing stored', async () => {
    const api = createApi({ server });
    const before = await api.estate.list.query();
    const res = await api.estate.importNetbox.mutate({ url: nb.url, token: TOKEN, dryRun: true });
    expect(res).toMatchObject({ ok: true, stored: null });
    expect(res.summary?.devices).toBe(40);
    expect(res.roleMapping).toHaveLength(9);
    expect(await api.estate.list.query()).toEqual(before);
  });

  it('stores the estate, and answers BAD_GATEWAY for a refused token', async () => {
    const api = createApi({ server });
    const res = await api.estate.importNetbox.mutate({
      url: nb.url,
      token: TOKEN,
      roleMap: { pdu: 'skip' },
    });
    expect(res.ok).toBe(true);
    expect(res.stored?.id).toBe('netbox');
    await expect(
      api.estate.importNetbox.mutate({ url: nb.url, token: 'nope' }),
    ).rejects.toMatchObject({
      data: { code: 'BAD_GATEWAY' },
      message: expect.stringMatching(/NetBox refused the token/) as unknown,
    });
  });

  it('answers BAD_REQUEST for a NetBox at a link-local address, storing nothing', async () => {
    const api = createApi({ server });
    const before = await api.estate.list.query();
    await expect(
      api.estate.importNetbox.mutate({ url: 'http://169.254.169.254/', token: TOKEN }),
    ).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
      message: expect.stringMatching(/169\.254\.169\.254 is a link-local address/) as unknown,
    });
    expect(await api.estate.list.query()).toEqual(before);
  });
});
