// The vmmi commands that drive a running server: a real server on a random loopback port,
// PGlite in memory, a fast tick; the commands run through commander as a user types them.
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { EventRecord, MigrationEventRecord } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { createApi } from './client.ts';
import { events } from './remote-commands.ts';
import { reportError } from './remote-io.ts';
import { useDemoServer } from '../../test/cli/demo-server.ts';
import { capture, expectOneRun } from '../../test/cli/run-vmmi.ts';

const root = resolve(import.meta.dirname, '../../..');

const demo = useDemoServer('cli-test');
const { vmmi, vmHost } = demo;

describe('vmmi against a running server', () => {
  it('migrate --follow prints every event of the run, created to succeeded, and exits 0', async () => {
    const r = await vmmi(
      'migrate',
      '--vm',
      'acme-web-web-01',
      '--to',
      'ams1',
      '--speed',
      '10000',
      '--follow',
    );
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const rs = expectOneRun(r.json, 'succeeded');
    const created = rs[0]!.event;
    expect(created.type === 'created' && created.spec).toMatchObject({
      vmId: 'acme-web-web-01',
      fromHost: 'fra1.acc-1-h1',
      toSite: 'ams1',
      timeScale: 10_000,
      // Without --executor the server's simulator runs it.
      executor: 'simulated',
    });
    expect(rs.some((r) => r.event.type === 'switched-over')).toBe(true);
    expect(await vmHost('acme-web-web-01')).toBe(created.type === 'created' && created.spec.toHost);
  });

  it('refuses a second migrate of a VM that is migrating (vm-busy, exit 2); lists, aborts and follows it to its rollback (exit 3)', async () => {
    const first = await vmmi(
      'migrate',
      '--vm',
      'acme-web-web-07',
      '--to',
      'ams1.p0-e0-h3',
      '--speed',
      '0.01',
    );
    expect(first.code).toBe(0);
    const started = first.json[0] as { migrationId: string; toHost: string; fromHost: string };
    expect(started).toMatchObject({ vmId: 'acme-web-web-07', toHost: 'ams1.p0-e0-h3' });

    const second = await vmmi('migrate', '--vm', 'acme-web-web-07', '--to', 'ams1.p0-e0-h3');
    expect(second.code).toBe(2);
    expect(second.out).toEqual([]);
    expect(second.error).toMatchObject({
      error: 'refused',
      code: 'CONFLICT',
      refusal: { kind: 'vm-busy', vmId: 'acme-web-web-07', migrationId: started.migrationId },
    });

    const active = await vmmi('migrations', '--active');
    expect(active.code).toBe(0);
    expect(active.json).toContainEqual(
      expect.objectContaining({
        id: started.migrationId,
        status: expect.stringMatching(/queued|running/) as string,
      }),
    );

    const aborted = await vmmi('abort', started.migrationId);
    expect(aborted.code).toBe(0);
    expect(aborted.json).toEqual([{ id: started.migrationId, requested: true, already: false }]);
    const followed = await vmmi('events', '--migration', started.migrationId);
    expect(followed.code).toBe(3);
    const rs = expectOneRun(followed.json, 'rolled-back');
    expect(rs.map((r) => r.event.type)).toContain('abort-requested');
    expect(await vmHost('acme-web-web-07')).toBe(started.fromHost);

    const again = await vmmi('abort', started.migrationId);
    expect(again.code).toBe(2);
    expect(again.error).toMatchObject({
      error: 'refused',
      refusal: { kind: 'migration-finished', migrationId: started.migrationId },
    });
  });

  it('fault inject host-down of the source fails the run (exit 4); fault list and clear', async () => {
    const m = await vmmi(
      'migrate',
      '--vm',
      'acme-web-web-12',
      '--to',
      'ams1.p0-e0-h4',
      '--speed',
      '0.01',
    );
    expect(m.code).toBe(0);
    const { migrationId, fromHost } = m.json[0] as { migrationId: string; fromHost: string };
    const injected = await vmmi('fault', 'inject', 'host-down', '--host', fromHost);
    expect(injected.code).toBe(0);
    const fault = injected.json[0] as { id: string; estateId: string };
    expect(fault).toMatchObject({
      estateId: 'demo',
      fault: { kind: 'host-down', hostId: fromHost },
    });

    const followed = await vmmi('events', '--migration', migrationId);
    expect(followed.code).toBe(4);
    const last = expectOneRun(followed.json, 'failed').at(-1)!.event;
    expect(last).toMatchObject({ code: 'source-down', vmOn: fromHost });

    expect((await vmmi('fault', 'list')).json).toContainEqual(
      expect.objectContaining({ id: fault.id }),
    );
    const cleared = await vmmi('fault', 'clear', fault.id);
    expect(cleared.code).toBe(0);
    expect(cleared.json[0]).toMatchObject({
      id: fault.id,
      clearedAt: expect.any(String) as string,
    });
    expect((await vmmi('fault', 'list')).json).not.toContainEqual(
      expect.objectContaining({ id: fault.id }),
    );
    expect((await vmmi('fault', 'list', '--all')).json).toContainEqual(
      expect.objectContaining({ id: fault.id }),
    );
    expect((await vmmi('fault', 'clear', fault.id)).error).toMatchObject({
      error: 'refused',
      code: 'NOT_FOUND',
    });
  });

  it('fault inject executor-crash before switchover: recovered by the crash rule, rolled back (exit 3)', async () => {
    const m = await vmmi(
      'migrate',
      '--vm',
      'acme-web-web-17',
      '--to',
      'ams1.p0-e0-h4',
      '--speed',
      '0.01',
    );
    const { migrationId } = m.json[0] as { migrationId: string };
    const injected = await vmmi('fault', 'inject', 'executor-crash', '--migration', migrationId);
    expect(injected.code).toBe(0);
    const followed = await vmmi('events', '--migration', migrationId);
    expect(followed.code).toBe(3);
    const rs = expectOneRun(followed.json, 'rolled-back');
    expect(rs.map((r) => r.event)).toContainEqual(
      expect.objectContaining({ type: 'recovered', rule: 'rollback-before-switchover' }),
    );
  });

  it('events streams every event (replayed, then live) until stopped, and --after resumes after an id', async () => {
    const io = capture();
    const stop = new AbortController();
    // From the first event ever: what "from now" would miss if the run started before the stream opened.
    const all = events(createApi({ server: demo.url() }), io, { after: '0', signal: stop.signal });
    const m = await vmmi(
      'migrate',
      '--vm',
      'acme-web-web-21',
      '--to',
      'ams1',
      '--speed',
      '10000',
      '--follow',
    );
    expect(m.code).toBe(0);
    const run = m.json as MigrationEventRecord[];
    const id = run[0]!.migrationId;
    for (
      let i = 0;
      i < 200 && !io.lines.out.some((l) => l.includes('"succeeded"') && l.includes(id));
      i++
    )
      await new Promise((r) => setTimeout(r, 25));
    stop.abort();
    expect(await all).toBe(0);
    const streamed = io.lines.out.map((l) => JSON.parse(l) as EventRecord);
    expect(streamed.filter((r) => r.scope === 'migration' && r.migrationId === id)).toEqual(run);
    const ids = streamed.map((r) => BigInt(r.id));
    expect(ids.every((x, i) => i === 0 || x > ids[i - 1]!)).toBe(true);

    const resumed = await vmmi('events', '--migration', id, '--after', run[2]!.id);
    expect(resumed.code).toBe(0);
    expect(resumed.json).toEqual(run.slice(3));
    // After the run's last event there is nothing more to wait for.
    const done = await vmmi('events', '--migration', id, '--after', run.at(-1)!.id);
    expect(done).toMatchObject({ code: 0, out: [] });
  });

  it('refuses bad input with exit 2 and a typed error, and an unreachable server with exit 1', async () => {
    const unknownVm = await vmmi('migrate', '--vm', 'ghost', '--to', 'ams1');
    expect(unknownVm.code).toBe(2);
    expect(unknownVm.error).toMatchObject({
      error: 'refused',
      refusal: { kind: 'preview-error', code: 'unknown-vm' },
    });
    const unknownTarget = await vmmi('migrate', '--vm', 'acme-web-web-02', '--to', 'atlantis');
    expect(unknownTarget.error).toMatchObject({
      refusal: { kind: 'preview-error', code: 'unknown-target' },
      message: 'estate "demo" has no host or site "atlantis"',
    });
    const onSwitch = await vmmi('migrate', '--vm', 'acme-web-web-02', '--to', 'ams1.core-1-1');
    expect(onSwitch.error).toMatchObject({ refusal: { code: 'target-not-a-host' } });
    expect((await vmmi('migrate', '--vm', 'a,b', '--to', 'ams1')).error).toMatchObject({
      error: 'bad-input',
    });
    for (const args of [
      ['migrate', '--vm', 'acme-web-web-02', '--to', 'ams1', '--speed', 'fast'],
      ['migrate', '--vm', 'acme-web-web-02', '--to', 'ams1', '--speed', '0'],
      ['migrate', '--vm', 'acme-web-web-02', '--to', 'ams1', '--strategy', 'teleport'],
      ['migrate', '--to', 'ams1'],
      ['fault', 'inject', 'bandwidth-collapse', '--factor', '2'],
    ]) {
      const r = await vmmi(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.join(''), args.join(' ')).toMatch(/error: /);
    }
    for (const [args, message] of [
      [['fault', 'inject', 'link-down'], 'fault link-down needs --link'],
      [
        ['fault', 'inject', 'host-down', '--host', 'h', '--link', 'l'],
        'fault host-down takes no --link',
      ],
      [['fault', 'inject', 'meteor'], 'unknown fault "meteor"'],
      [['events', '--after', 'yesterday'], '--after "yesterday" is not an event id'],
    ] as const) {
      const r = await vmmi(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.error, args.join(' ')).toMatchObject({
        error: 'bad-input',
        message: expect.stringContaining(message) as string,
      });
    }
    const noRun = await vmmi('abort', 'mig-nope');
    expect(noRun).toMatchObject({ code: 2, error: { error: 'refused', code: 'NOT_FOUND' } });
    const noHost = await vmmi('fault', 'inject', 'host-down', '--host', 'nowhere');
    expect(noHost).toMatchObject({ code: 2, error: { error: 'refused', code: 'BAD_REQUEST' } });

    // A port nothing listens on.
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const nowhere = `http://127.0.0.1:${closed}`;
    const io = capture();
    const code = await createApi({ server: nowhere })
      .estate.list.query()
      .then(
        () => 0,
        (err: unknown) => reportError(err, io, nowhere),
      );
    expect(code).toBe(1);
    expect(JSON.parse(io.lines.err[0]!)).toEqual({
      error: 'unreachable',
      message: `cannot reach ${nowhere}: ECONNREFUSED`,
    });
  });

  // A hang guard only: starting `tsx` took 9 s at a load average of 10, and 25 s cut the run short.
  const PROCESS_BOUND_MS = 90_000;

  it(
    'runs as a real process: pnpm vmmi migrate --follow exits with the outcome',
    async () => {
      const tsx = join(root, 'node_modules/.bin/tsx');
      const main = join(root, 'server/src/cli/main.ts');
      const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
        (done) => {
          const child = execFile(
            tsx,
            [
              main,
              'migrate',
              '--vm',
              'acme-web-web-06',
              '--to',
              'lon1',
              '--speed',
              '10000',
              '--follow',
            ],
            { env: { ...process.env, VMMI_SERVER: demo.url() }, timeout: PROCESS_BOUND_MS },
            (_err, stdout, stderr) => done({ code: child.exitCode, stdout, stderr }),
          );
        },
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expectOneRun(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown),
        'succeeded',
      );
      const busy = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = execFile(
          tsx,
          [main, 'abort', 'mig-nope', '--server', demo.url()],
          { timeout: PROCESS_BOUND_MS },
          (_err, _stdout, stderr) => done({ code: child.exitCode, stderr }),
        );
      });
      expect(busy.code).toBe(2);
      expect(JSON.parse(busy.stderr)).toMatchObject({ error: 'refused', code: 'NOT_FOUND' });
    },
    2 * PROCESS_BOUND_MS,
  );
});
