#!/usr/bin/env bash
# README command 1: install, build and start the app on the embedded database with the demo estate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh pnpm
echo "==> pnpm install" >&2
pnpm install --frozen-lockfile --reporter=silent
echo "==> building the web app" >&2
pnpm --filter @vmmi/web build >/dev/null
# Operators read the URL line; request logs only at warn and above unless LOG_LEVEL says otherwise.
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# The demo opens at once, read-only, without an account (docs/security.md, "The anonymous viewer");
# signing in (the first admin's one-time link is printed at first start) is needed to change anything.
export ANONYMOUS_VIEWER_ESTATES="${ANONYMOUS_VIEWER_ESTATES-demo}"
# Set here, after the install (pnpm skips devDependencies under production) and the build:
# libraries drop their development behaviour (tRPC's error stacks, among others).
export NODE_ENV="${NODE_ENV:-production}"
exec pnpm --filter @vmmi/server --silent start
