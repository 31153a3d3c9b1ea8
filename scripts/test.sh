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
rm -f .vitest-report.json .vitest-report-load.json e2e/artifacts/results.json
# Typecheck and lint side by side: each is mostly one process on one core.
logs=$(mktemp -d)
echo "==> typecheck and lint (side by side)" >&2
pnpm -s typecheck >"$logs/typecheck" 2>&1 &
typecheck_pid=$!
pnpm -s lint >"$logs/lint" 2>&1 &
lint_pid=$!
for name in typecheck lint; do
  pid_var="${name}_pid"
  wait "${!pid_var}"
  code=$?
  cat "$logs/$name"
  if [ "$code" -ne 0 ]; then
    echo "!! $name failed" >&2
    status=1
    CHECKS_FAILED=$((CHECKS_FAILED + 1))
  fi
done
rm -rf "$logs"
# The load test times the server's answers while it imports 50 MB: it runs after the rest, alone,
# so that three test files at a time on two cores do not decide its figures.
LOAD_TESTS=server/test/import/import-under-load.test.ts
step "unit and integration tests" pnpm exec vitest run --exclude "$LOAD_TESTS" --reporter=default --reporter=json --outputFile.json=.vitest-report.json
step "load tests, alone" pnpm exec vitest run "$LOAD_TESTS" --reporter=default --reporter=json --outputFile.json=.vitest-report-load.json
step "e2e tests" pnpm --filter @vmmi/e2e test
node scripts/test-summary.mjs .vitest-report.json .vitest-report-load.json e2e/artifacts/results.json || status=1
exit $status
