// vmmi import clab / export clab as a user runs them (in-process, test/cli/run-cli.ts): estates on
// stdout, the report on stderr.
import { join, resolve } from 'node:path';
import type { Estate } from '@vmmi/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { buildApp } from '../app.ts';
import type { Db } from '../db/db.ts';
import { openMemoryDb } from '../../test/backends.ts';
import { createEstateRepo } from '../db/estate-repo.ts';
import { callerWithToken } from '../../test/auth/credentials.ts';
import { vmmi } from '../../test/cli/run-cli.ts';
import { listenOnLoopback } from '../../test/listen.ts';

const root = resolve(import.meta.dirname, '../../..');
const clos01 = join(root, 'shared/src/import/clab/fixtures/clos01.clab.yml');

interface ClabDoc {
  topology: { nodes: Record<string, { kind: string }>; links: { endpoints: string[] }[] };
}

describe('vmmi import clab and export clab, offline', () => {
  it('shares the import group with netbox: vmmi import --help lists both', async () => {
    const r = await vmmi(['import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}clab \[options\] <file>/m);
    expect(r.stdout).toMatch(/^ {2}netbox \[options\]/m);
  });

  it('imports clos01: the estate on stdout, the assumptions on stderr', async () => {
    const r = await vmmi(['import', 'clab', clos01]);
    expect(r.code).toBe(0);
    const estate = JSON.parse(r.stdout) as Estate;
    // clos01 by hand: 5 nodes, 4 links.
    expect([estate.devices.length, estate.links.length]).toEqual([5, 4]);
    expect(r.stderr).toContain('assumed: hosts: capacity 64 vCPU');
  });

  it('refuses a file that is not YAML with exit 2 and the reason on stderr', async () => {
    const r = await vmmi(['import', 'clab', '-'], 'name: [\n');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: file: not YAML');
    expect(r.stderr).toContain('vmmi: stdin was not imported: 1 error');
  });

  it('generate | export clab | import clab gives the generated devices and links back', async () => {
    // leaf-spine, 1 spine, 2 leaves, 1 host each: 5 devices; 2 leaf-spine + 2 host links.
    const gen = await vmmi([
      'generate',
      'leaf-spine',
      '--spines',
      '1',
      '--leaves',
      '2',
      '--hosts-per-leaf',
      '1',
    ]);
    const exported = await vmmi(['export', 'clab'], gen.stdout);
    expect(exported.code).toBe(0);
    const doc = YAML.parse(exported.stdout) as ClabDoc;
    expect(Object.keys(doc.topology.nodes)).toHaveLength(5);
    expect(doc.topology.links).toHaveLength(4);
    const back = await vmmi(['import', 'clab', '-'], exported.stdout);
    expect(back.code).toBe(0);
    const ids = (e: Estate) => e.devices.map((d) => `${d.id}:${d.role}`).sort();
    expect(ids(JSON.parse(back.stdout) as Estate)).toEqual(ids(JSON.parse(gen.stdout) as Estate));
  });

  it('export clab --site of a site the estate lacks exits 2', async () => {
    const gen = await vmmi(['generate', 'bcube', '--n', '2', '--k', '1']);
    const r = await vmmi(['export', 'clab', '-', '--site', 'nowhere'], gen.stdout);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no site "nowhere"');
  });
});

describe('vmmi import clab --server', () => {
  let db: Db;
  let app: FastifyInstance;
  let server: string;

  beforeAll(async () => {
    db = await openMemoryDb();
    app = await buildApp({ database: db });
    server = await listenOnLoopback(app);
    // An operator's API token, which the CLI reads from VMMI_TOKEN.
    vi.stubEnv('VMMI_TOKEN', (await callerWithToken(db, 'operator')).secret);
  });

  afterAll(async () => {
    // Test files share a worker: the token must not outlive this one.
    vi.unstubAllEnvs();
    await app?.close();
    await db?.close();
  });

  it('stores the estate through estate.import and prints its id and version', async () => {
    const r = await vmmi(['import', 'clab', clos01, '--server', server]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: 'clos01', version: 1 });
    const stored = await createEstateRepo(db.kysely).get('clos01');
    expect(stored!.estate.devices.map((d) => d.name).sort()).toEqual([
      'client1',
      'client2',
      'leaf1',
      'leaf2',
      'spine',
    ]);
  });
});
