/**
 * A bulk TCP transfer across the WAN link goes no faster than its
 * bandwidth: tbf cannot send faster, however idle the machine, so this upper
 * bound holds under load too. A lower bound on throughput would not, and is
 * not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWanLink, type WanLink } from '../../../src/execution/netns/wan-link.ts';
import { client, listener, PORT, stopped } from './helpers.ts';

const MiB = 2 ** 20;

describe('a bulk transfer from A to B', () => {
  const bandwidth = 4 * MiB;
  let link: WanLink;
  beforeAll(async () => {
    link = await createWanLink({ name: 'bulk', latencyMs: 5, bandwidthBytesPerSecond: bandwidth });
  });
  afterAll(() => link?.destroy());

  it('arrives whole at no more than 1.2 × the configured bandwidth', async () => {
    const bytes = 8 * MiB;
    const sink = await listener(link, link.nsB, 'sink', link.addrB);
    try {
      const sent = await client<{ bytes: number; received: number; seconds: number }>(
        link,
        link.nsA,
        ['send', link.addrB, PORT, String(bytes)],
      );
      expect(sent.received).toBe(bytes);
      const throughput = sent.bytes / sent.seconds;
      expect(throughput).toBeLessThanOrEqual(1.2 * bandwidth);
    } finally {
      await stopped(sink);
    }
  });
});
