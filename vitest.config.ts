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
    // Two files at a time on two cores: most of the long files wait (on QEMU copying at a
    // capped rate, on servers restarting, on ticks), and one at a time made the suite serial.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
