import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'server/src/**/*.test.ts',
      'server/test/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
    ],
    globalSetup: ['server/test/postgres-global-setup.ts'],
    // Three files at a time on two cores: most of the long files wait (on QEMU copying at a
    // capped rate, on servers restarting, on ticks); with two, a clean run kept 1.25 cores
    // busy on average (25 min of CPU in 20 of wall time), and one at a time made it serial.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
