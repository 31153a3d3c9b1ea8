#!/usr/bin/env bash
# README command 2: install everything and run every check and test suite: typecheck,
# lint, unit and integration tests (vitest, against PGlite and a PostgreSQL the tests
# start themselves, and live migrations of QEMU guests under TCG), and e2e in Debian's
# Chromium (Playwright). Ends with one line "N passed, N failed", the sum over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh pnpm chromium postgres qemu || exit 1
echo "==> pnpm install" >&2
pnpm install --frozen-lockfile --reporter=silent || exit 1

status=0
# Failed checks (typecheck, lint) count as failures in the closing line too, so it never reads "0 failed" on a red run.
export CHECKS_FAILED=0
step() {
  local name=$1
  shift
  echo "==> $name" >&2
  if ! "$@"; then
    echo "!! $name failed" >&2
    status=1
    return 1
  fi
}
check() {
  step "$@" || CHECKS_FAILED=$((CHECKS_FAILED + 1))
}
rm -f .vitest-report.json e2e/artifacts/results.json
check typecheck pnpm -s typecheck
check lint pnpm -s lint
step "unit and integration tests" pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.vitest-report.json
step "e2e tests" pnpm --filter @vmmi/e2e test
node scripts/test-summary.mjs .vitest-report.json e2e/artifacts/results.json || status=1
exit $status
