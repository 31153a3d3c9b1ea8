import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Three files at a time on two cores: most of the long files wait (on QEMU copying at a
    // capped rate, on servers restarting, on ticks); with two, a clean run kept 1.25 cores
    // busy on average (25 min of CPU in 20 of wall time), and one at a time made it serial.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          // The engine and the web app's tests hold no process-wide state (stubbed globals and
          // fake timers are put back after each test), so their files share workers and modules:
          // a fresh worker per file spent ~1 s importing for tests that take milliseconds
          // (133 files: 110 s alone, 46 s shared, measured on this machine).
          name: 'engine and web',
          include: ['shared/src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // Shared too: each file spent ~2 s importing Fastify, Kysely, PGlite and the routers
          // (server part 545 → 414 s). Servers, databases and QEMU guests are made and closed by
          // each file; an environment variable stubbed for a file is put back in its afterAll.
          name: 'server',
          include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
          globalSetup: ['server/test/postgres-global-setup.ts'],
          isolate: false,
        },
      },
    ],
  },
});
