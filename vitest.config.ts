import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first (measured on two cores; most wait on QEMU guests
 * and server processes rather than compute). Vitest starts files whose duration it has not
 * cached in the order it finds them, and CI starts from a clean clone: one of these starting
 * late kept a worker busy minutes after the others had run out of files.
 */
const LONGEST_FIRST = [
  'server/test/execution/qemu/server-crash.test.ts',
  'server/test/fuzz/procedures-fuzz.test.ts',
  'server/test/execution/crash.test.ts',
  'server/test/execution/dataplane/dataplane-check.test.ts',
  'server/test/execution/qemu/qemu-executor.test.ts',
  'server/test/server.test.ts',
  'server/test/db/pglite-template.test.ts',
  'server/test/import/parse-pool.test.ts',
  'server/test/execution/qemu/migration.test.ts',
  'server/test/execution/stream.test.ts',
  'server/test/execution/netns/cleanup.test.ts',
  'server/test/execution/faults.test.ts',
];

/** Vitest's order (failed first, then by cached duration, else by size), the files above first. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return (await super.sort(files))
      .map((spec, i) => ({ spec, i, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  test: {
    // Three files at a time on two cores: most of the long files wait (on QEMU copying at a
    // capped rate, on servers restarting, on ticks); with two, a clean run kept 1.25 cores
    // busy on average (25 min of CPU in 20 of wall time), and one at a time made it serial.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { sequencer: LongestFirst },
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
