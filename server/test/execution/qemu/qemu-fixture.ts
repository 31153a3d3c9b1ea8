/**
 * QEMU processes for tests: every one launched through `useQemu` is killed
 * and its files removed after each test, whether it passed or not.
 */
import { afterEach } from 'vitest';
import { ensureGuest } from '../../../src/execution/qemu/guest.ts';
import {
  launchQemu,
  type QemuHandle,
  type QemuLaunchOptions,
  type QemuMachine,
} from '../../../src/execution/qemu/qemu-process.ts';

/** Generous: a TCG guest boots in seconds alone, but much slower beside a full test run on two cores. */
export const BOOT_TIMEOUT_MS = 180_000;
export const MIGRATION_TIMEOUT_MS = 180_000;
/** For a whole test that boots a guest and migrates it. */
export const TEST_TIMEOUT_MS = 420_000;

export function useQemu() {
  const launched: QemuHandle[] = [];
  afterEach(async () => {
    const all = launched.splice(0);
    await Promise.all(all.map((h) => h.close()));
  });
  return {
    async machine(memoryMib: number, workload: QemuMachine['workload']): Promise<QemuMachine> {
      return { guest: await ensureGuest(), memoryMib, workload };
    },
    async launch(options: QemuLaunchOptions): Promise<QemuHandle> {
      const handle = await launchQemu({ startTimeoutMs: BOOT_TIMEOUT_MS, ...options });
      launched.push(handle);
      return handle;
    },
  };
}
