import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildGuest,
  ensureGuest,
  guestAppend,
  parseHeartbeats,
} from '../../../src/execution/qemu/guest.ts';

describe('the guest image', () => {
  const caches: string[] = [];
  afterAll(async () => {
    await Promise.all(caches.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('is built once per set of inputs: a second build finds it in the cache and leaves it alone', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'vmmi-guest-cache-'));
    caches.push(cache);
    const env = { ...process.env, XDG_CACHE_HOME: cache };

    const first = await buildGuest(env);
    expect(first.built).toBe(true);
    expect(first.initrd.startsWith(join(cache, 'vmmi', 'guest'))).toBe(true);
    const before = await stat(first.initrd);
    expect(before.size).toBeGreaterThan(0);

    const second = await buildGuest(env);
    expect(second).toEqual({ ...first, built: false });
    const after = await stat(second.initrd);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
  });

  it('ensureGuest builds once per process and returns the same paths every time', async () => {
    const [a, b] = await Promise.all([ensureGuest(), ensureGuest()]);
    const c = await ensureGuest();
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect((await stat(a.kernel)).isFile()).toBe(true);
    expect((await stat(a.initrd)).isFile()).toBe(true);
  });
});

describe('the guest protocol', () => {
  it('puts the workload on the kernel command line, after the console', () => {
    expect(guestAppend({ wssMib: 32, dirtyPagesPerSecond: 2000, fill: 0.5 })).toBe(
      'console=ttyS0 quiet panic=-1 vmmi.wss_mib=32 vmmi.dirty_pps=2000 vmmi.fill=0.5',
    );
    expect(guestAppend({ wssMib: 8, dirtyPagesPerSecond: 0 })).not.toContain('vmmi.fill');
  });

  it('gives the guest a network only when given an address, and refuses one that would split the line', () => {
    expect(guestAppend({ wssMib: 8, dirtyPagesPerSecond: 0 })).not.toContain('vmmi.ip');
    expect(guestAppend({ wssMib: 8, dirtyPagesPerSecond: 0, ip: '10.77.0.5/24' })).toMatch(
      / vmmi\.ip=10\.77\.0\.5\/24$/,
    );
    expect(() =>
      guestAppend({ wssMib: 8, dirtyPagesPerSecond: 0, ip: '10.0.0.1/24 init=/x' }),
    ).toThrow(RangeError);
  });

  it('reads whole heartbeat lines only: a line cut by the switchover is in neither log', () => {
    const source =
      'vmmi-start wss_mib=32\r\nvmmi-heartbeat 1 100 0\r\nvmmi-heartbeat 2 200 0\r\nvmmi-heart';
    const destination = 'beat 3 300 0\r\nvmmi-heartbeat 4 400 7\r\nvmmi-heartbeat 5 5';
    expect(parseHeartbeats(source)).toEqual([
      { counter: 1, pagesDirtied: 100, wrongPages: 0 },
      { counter: 2, pagesDirtied: 200, wrongPages: 0 },
    ]);
    expect(parseHeartbeats(destination)).toEqual([
      { counter: 4, pagesDirtied: 400, wrongPages: 7 },
    ]);
  });
});
