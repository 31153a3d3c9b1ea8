// Sums the vitest and Playwright JSON reports into one closing line: "N passed, N failed".
// Arguments: the vitest reports (one per vitest run), then the Playwright report.
// A missing report counts as one failure, so a suite that did not run cannot pass unnoticed;
// each failed check (typecheck, lint) counts as one failure too, and so does each skipped test
// (none may be left behind: a skip hides a test that no longer runs).
import { existsSync, readFileSync } from 'node:fs';

const reports = process.argv.slice(2);
const playwrightReport = reports.pop();
let passed = 0;
let failed = 0;

for (const vitestReport of reports) {
  if (existsSync(vitestReport)) {
    const r = JSON.parse(readFileSync(vitestReport, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    passed += r.numPassedTests;
    failed += r.numFailedTests + skipped;
    console.log(
      `vitest (${vitestReport}): ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped (counted as failed)` : ''}`,
    );
  } else {
    console.log(`vitest (${vitestReport}): no report`);
    failed += 1;
  }
}

if (existsSync(playwrightReport)) {
  const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected + stats.skipped;
  console.log(
    `playwright: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed${stats.skipped ? `, ${stats.skipped} skipped (counted as failed)` : ''}`,
  );
} else {
  console.log('playwright: no report');
  failed += 1;
}

const checksFailed = Number(process.env.CHECKS_FAILED ?? 0);
if (checksFailed > 0) {
  console.log(`checks (typecheck, lint): ${checksFailed} failed`);
  failed += checksFailed;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
