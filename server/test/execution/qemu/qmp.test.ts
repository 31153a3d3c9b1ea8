import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchQemu, QemuError } from '../../../src/execution/qemu/qemu-process.ts';
import {
  QmpClient,
  QmpClosedError,
  QmpError,
  QmpProtocolError,
} from '../../../src/execution/qemu/qmp.ts';
import { BOOT_TIMEOUT_MS, useQemu } from './qemu-fixture.ts';

describe('QMP against QEMU', () => {
  const qemu = useQemu();

  // A destination waiting for a migration answers QMP without booting anything: cheap.
  const idle = async () =>
    qemu.launch({
      ...(await qemu.machine(64, { wssMib: 0, dirtyPagesPerSecond: 0 })),
      incoming: true,
    });

  it('a command QEMU does not know is a QmpError with its class, and the client goes on', async () => {
    const vm = await idle();
    expect(vm.qmp.greeting?.version.qemu.major).toBeGreaterThanOrEqual(7);
    const err = await vm.qmp.execute('no-such-command').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect(err).toMatchObject({ command: 'no-such-command', errorClass: 'CommandNotFound' });
    expect((err as QmpError).desc).toMatch(/no-such-command/);

    await expect(vm.qmp.migrateStartPostcopy()).rejects.toMatchObject({
      name: 'QmpError',
      errorClass: 'GenericError',
    });
    expect(await vm.qmp.queryStatus()).toEqual({ running: false, status: 'inmigrate' });
    expect(await vm.qmp.queryMigrate()).toEqual({});
  });

  it('quit ends QEMU cleanly', async () => {
    const vm = await idle();
    await vm.qmp.quit();
    expect(await vm.waitExit()).toEqual({ code: 0, signal: null });
    await expect(vm.qmp.queryStatus()).rejects.toBeInstanceOf(QmpClosedError);
  });

  it('a QEMU that cannot start is a QemuError carrying what QEMU said', async () => {
    const machine = await qemu.machine(64, { wssMib: 0, dirtyPagesPerSecond: 0 });
    const err = await launchQemu({
      ...machine,
      guest: { ...machine.guest, kernel: '/nonexistent/vmlinuz' },
      startTimeoutMs: BOOT_TIMEOUT_MS,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QemuError);
    expect(err).toMatchObject({ kind: 'exited' });
    expect((err as QemuError).stderr).toMatch(/nonexistent\/vmlinuz/);
  });
});

/** A QMP peer under the test's control, for what QEMU does not do on demand. */
describe('QMP client protocol', () => {
  let dir = '';
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    server = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function fakeQemu(onLine: (line: string, socket: Socket) => void): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'vmmi-qmp-'));
    const path = join(dir, 'qmp.sock');
    server = createServer((socket) => {
      socket.write(
        '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": "fake"}, "capabilities": ["oob"]}}\r\n',
      );
      let buf = '';
      socket.on('data', (chunk) => {
        buf += chunk.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, nl), socket);
          buf = buf.slice(nl + 1);
        }
      });
    });
    await new Promise<void>((resolve) => server!.listen(path, resolve));
    return path;
  }

  const reply = (socket: Socket, msg: object) => socket.write(`${JSON.stringify(msg)}\r\n`);

  it('matches replies to commands by id, whatever their order, and hands events to listeners', async () => {
    const held: { id: number; execute: string }[] = [];
    const path = await fakeQemu((line, socket) => {
      const cmd = JSON.parse(line) as { id: number; execute: string };
      if (cmd.execute === 'qmp_capabilities') return reply(socket, { return: {}, id: cmd.id });
      held.push(cmd);
      if (held.length < 2) return;
      // Answer the second first, with an event in between.
      reply(socket, { return: { status: 'running', running: true }, id: held[1]!.id });
      reply(socket, {
        event: 'MIGRATION',
        data: { status: 'active' },
        timestamp: { seconds: 1, microseconds: 2 },
      });
      reply(socket, { error: { class: 'GenericError', desc: 'no' }, id: held[0]!.id });
    });
    const client = await QmpClient.connect(path);
    const events: unknown[] = [];
    client.onEvent((e) => events.push(e));
    const first = client.execute('first');
    const second = client.queryStatus();
    await expect(first).rejects.toMatchObject({ errorClass: 'GenericError', desc: 'no' });
    expect(await second).toEqual({ status: 'running', running: true });
    expect(events).toEqual([
      {
        event: 'MIGRATION',
        data: { status: 'active' },
        timestamp: { seconds: 1, microseconds: 2 },
      },
    ]);
    await client.close();
  });

  it('rejects the commands still waiting when the connection closes', async () => {
    const path = await fakeQemu((line, socket) => {
      const cmd = JSON.parse(line) as { id: number; execute: string };
      if (cmd.execute === 'qmp_capabilities') return reply(socket, { return: {}, id: cmd.id });
      socket.destroy();
    });
    const client = await QmpClient.connect(path);
    const err = await client.queryMigrate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpClosedError);
    expect((err as Error).message).toMatch(/query-migrate/);
    await expect(client.queryStatus()).rejects.toBeInstanceOf(QmpClosedError);
  });

  it('a reply that does not have the shape relied on is a QmpProtocolError', async () => {
    const path = await fakeQemu((line, socket) => {
      const cmd = JSON.parse(line) as { id: number; execute: string };
      if (cmd.execute === 'qmp_capabilities') return reply(socket, { return: {}, id: cmd.id });
      reply(socket, { return: { status: 'sideways', running: 'yes' }, id: cmd.id });
    });
    const client = await QmpClient.connect(path);
    await expect(client.queryStatus()).rejects.toBeInstanceOf(QmpProtocolError);
    await client.close();
  });
});
