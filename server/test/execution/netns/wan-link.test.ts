/**
 * The WAN path a migration stream crosses: namespaces A and B joined through
 * a third that delays every frame, tbf at the bandwidth in each direction.
 * Runs as root; timings are asserted only as lower bounds on delay, never as
 * upper bounds on time, so a loaded machine cannot fail them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsCommandError, run } from '../../../src/execution/netns/command.ts';
import {
  createWanLink,
  tbfParams,
  type WanLink,
  WanLinkOptionsError,
  type WanLinkOptions,
} from '../../../src/execution/netns/wan-link.ts';
import { client, listener, namespacesNamed, stopped, tbfIn, type Tbf } from './helpers.ts';

const MiB = 2 ** 20;

function expectTbf(actual: Tbf, shape: { bandwidthBytesPerSecond: number; latencyMs: number }) {
  const want = tbfParams(shape);
  expect(actual.rateBytesPerSecond).toBe(shape.bandwidthBytesPerSecond);
  // tc keeps the burst as a time at the rate and the limit beside it; both come back within a byte or so.
  expect(Math.abs(actual.burstBytes - want.burstBytes)).toBeLessThanOrEqual(want.burstBytes * 0.01);
  expect(Math.abs(actual.limitBytes - want.limitBytes)).toBeLessThanOrEqual(want.limitBytes * 0.01);
}

async function roundTrips(link: WanLink) {
  const echo = await listener(link, link.nsB, 'echo', link.addrB);
  try {
    return await client<{ connectMs: number; rttMs: number[] }>(link, link.nsA, [
      'rtt',
      link.addrB,
      '5201',
      '5',
    ]);
  } finally {
    await stopped(echo);
  }
}

describe('createWanLink', () => {
  it('creates its namespaces and leaves none behind once destroyed, however often', async () => {
    const link = await createWanLink({ name: 'life', latencyMs: 1, bandwidthBytesPerSecond: MiB });
    const made = await namespacesNamed(`-${process.pid}-`);
    expect(made).toEqual(expect.arrayContaining([link.nsA, link.nsB]));
    const base = link.nsA.slice(0, -2);
    expect(made.filter((n) => n.startsWith(base)).sort()).toEqual(
      ['a', 'b', 'w'].map((s) => `${base}-${s}`),
    );
    expect(link.nsA).toMatch(/^vmmi-life-\d+-[0-9a-z]{4}-a$/);

    await link.destroy();
    expect(await namespacesNamed(base)).toEqual([]);
    await link.destroy();
    expect(await namespacesNamed(base)).toEqual([]);
  });

  const bad: [string, Partial<WanLinkOptions>, string][] = [
    ['a negative latency', { latencyMs: -1 }, 'latencyMs'],
    ['a latency over 10 s', { latencyMs: 10_001 }, 'latencyMs'],
    ['no bandwidth', { bandwidthBytesPerSecond: 0 }, 'bandwidthBytesPerSecond'],
    ['an infinite bandwidth', { bandwidthBytesPerSecond: Infinity }, 'bandwidthBytesPerSecond'],
    ['a loss over 100 %', { lossPercent: 101 }, 'lossPercent'],
    ['a negative jitter', { jitterMs: -5 }, 'jitterMs'],
    ['a name with a slash', { name: 'bad/x' }, 'name'],
    ['a /24', { subnet: '10.255.0.0/24' }, 'subnet'],
    ['a /30 that is not a network address', { subnet: '10.255.0.1/30' }, 'subnet'],
    ['a subnet in the underlay range', { subnet: '169.254.0.0/30' }, 'subnet'],
  ];
  it.each(bad)(
    'rejects %s with WanLinkOptionsError and creates nothing',
    async (_, change, field) => {
      const options = { name: 'bad', latencyMs: 10, bandwidthBytesPerSecond: MiB, ...change };
      const error: unknown = await createWanLink(options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WanLinkOptionsError);
      expect((error as WanLinkOptionsError).message).toContain(field);
      expect((error as WanLinkOptionsError).issues[0]?.path).toEqual([field]);
      expect(await namespacesNamed('vmmi-bad')).toEqual([]);
    },
  );

  it('turns a failing ip or tc into a NetnsCommandError naming the command and what it said', async () => {
    const error: unknown = await run('ip', ['link', 'show', 'vmmi-none']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetnsCommandError);
    const e = error as NetnsCommandError;
    expect(e.command).toBe('ip');
    expect(e.args).toEqual(['link', 'show', 'vmmi-none']);
    expect(e.stderr).toMatch(/does not exist/);
    expect(e.message).toContain('ip link show vmmi-none failed');
  });
});

describe('a shaped link', () => {
  const shape = { latencyMs: 20, bandwidthBytesPerSecond: 4 * MiB };
  let link: WanLink;
  beforeAll(async () => {
    link = await createWanLink({ name: 'shape', ...shape });
  });
  afterAll(() => link?.destroy());

  it('puts A and B on the two ends of the subnet', () => {
    expect([link.addrA, link.addrB]).toEqual(['10.255.0.1', '10.255.0.2']);
    expect(link.shape).toEqual({ ...shape, jitterMs: 0, lossPercent: 0 });
  });

  it('shapes each direction with tbf at the bandwidth and delays it by the one-way latency', async () => {
    expectTbf(await tbfIn(link, link.nsA), shape);
    expectTbf(await tbfIn(link, link.nsB), shape);
    expect(await link.delay()).toEqual({ latencyMs: 20, jitterMs: 0, lossPercent: 0 });
  });

  it('takes at least twice the one-way latency for a round trip from A to B', async () => {
    const { connectMs, rttMs } = await roundTrips(link);
    expect(connectMs).toBeGreaterThanOrEqual(2 * shape.latencyMs);
    expect(rttMs).toHaveLength(5);
    expect(Math.min(...rttMs)).toBeGreaterThanOrEqual(2 * shape.latencyMs);
  });

  it('reshapes both directions on update', async () => {
    const next = { latencyMs: 35, bandwidthBytesPerSecond: 2 * MiB };
    expect(await link.update(next)).toEqual({ ...next, jitterMs: 0, lossPercent: 0 });
    expectTbf(await tbfIn(link, link.nsA), next);
    expectTbf(await tbfIn(link, link.nsB), next);
    expect(await link.delay()).toEqual({ latencyMs: 35, jitterMs: 0, lossPercent: 0 });
    const { rttMs } = await roundTrips(link);
    expect(Math.min(...rttMs)).toBeGreaterThanOrEqual(2 * next.latencyMs);
  });

  it('refuses a bad update and keeps its shape', async () => {
    const before = link.shape;
    await expect(link.update({ bandwidthBytesPerSecond: -1 })).rejects.toBeInstanceOf(
      WanLinkOptionsError,
    );
    expect(link.shape).toEqual(before);
    expectTbf(await tbfIn(link, link.nsA), before);
  });

  it('runs commands only in its own two namespaces', async () => {
    const inA = await link.exec(link.nsA, 'ip', ['-br', 'addr', 'show', 'dev', 'vx0']);
    expect(inA.code).toBe(0);
    expect(inA.stdout).toContain(`${link.addrA}/30`);
    await expect(link.exec('vmmi-other-a', 'true', [])).rejects.toThrow(RangeError);
    expect(() => link.spawnIn(link.nsA.replace(/-a$/, '-w'), 'true', [])).toThrow(RangeError);
  });
});
