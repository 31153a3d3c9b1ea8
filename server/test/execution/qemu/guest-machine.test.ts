import { describe, expect, it } from 'vitest';
import { makeSpec } from '../../../../shared/src/execution/test-helpers.ts';
import { guestMachineFor } from '../../../src/execution/qemu/qemu-executor.ts';

const MiB = 2 ** 20;
const image = { kernel: '/boot/vmlinuz', initrd: '/tmp/initrd' };
const bounds = { maxGuestMib: 256, minGuestMib: 128 };

describe('guestMachineFor', () => {
  it('shrinks a 4 GiB VM dirtying 26 MiB/s to 256 MiB dirtying 26/16 MiB/s (416 pages/s), a quarter of it the working set', () => {
    const m = guestMachineFor(
      makeSpec({ memoryBytes: 4096 * MiB, dirtyBytesPerSecond: 26 * MiB }),
      bounds,
      image,
    );
    expect(m.memoryMib).toBe(256);
    // 26 MiB/s × 256/4096 = 1.625 MiB/s = 1,703,936 B/s = 416 pages of 4 KiB.
    expect(m.workload).toEqual({ wssMib: 64, dirtyPagesPerSecond: 416 });
  });

  it('gives a VM smaller than the guest can be the smallest guest, its rate scaled up alike', () => {
    const m = guestMachineFor(
      makeSpec({ memoryBytes: 64 * MiB, dirtyBytesPerSecond: 1 * MiB }),
      bounds,
      image,
    );
    expect(m.memoryMib).toBe(128);
    // 1 MiB/s × 128/64 = 2 MiB/s = 512 pages/s.
    expect(m.workload).toEqual({ wssMib: 32, dirtyPagesPerSecond: 512 });
  });
});
