/**
 * The order vitest starts test files in: the long ones first, so that three
 * files at a time on two cores do not end with one long file running alone.
 * Vitest orders by the durations of its last run when it has them, and on a
 * clean clone (as CI runs) by file size, which starts the longest files (real
 * QEMU migrations, server restarts, the fuzzing) last. The list holds the
 * files that took 30 s or more in the suite's own report (.vitest-report.json),
 * longest first; the two real-QEMU files that boot guests for minutes are
 * kept apart so that their TCG guests do not share the cores. A file not
 * listed runs after these, in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONG_FIRST = [
  'server/test/execution/qemu/qemu-executor.test.ts',
  'server/test/execution/crash.test.ts',
  'server/test/fuzz/procedures-fuzz.test.ts',
  'server/test/execution/stream.test.ts',
  'server/test/execution/faults.test.ts',
  'server/test/execution/safety.test.ts',
  'server/test/execution/qemu/server-crash.test.ts',
  'server/test/execution/limits.test.ts',
  'server/test/execution/dataplane/dataplane-check.test.ts',
  'server/test/server.test.ts',
  'server/src/cli/cli.test.ts',
  'server/test/execution/multi-instance.test.ts',
  'server/test/execution/bandwidth.test.ts',
  'server/src/cli/clab-cli.test.ts',
  'shared/src/topology/generator-ranges.test.ts',
];

const rank = (spec: TestSpecification): number => {
  const at = LONG_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
  return at === -1 ? LONG_FIRST.length : at;
};

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: unlisted files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
