#!/usr/bin/env bash
# Installs what a fresh Debian machine with only Node 20 and npm lacks: pnpm (pinned
# to packageManager), and, when asked, Debian's Chromium and PostgreSQL for the tests.
set -euo pipefail

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    echo "==> apt-get update" >&2
    as_root apt-get update -qq >&2
    apt_updated=1
  fi
  echo "==> apt-get install $*" >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_pnpm() {
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
    echo "==> npm install -g pnpm@$PNPM_VERSION" >&2
    npm install -g --silent "pnpm@$PNPM_VERSION" >&2
  fi
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium fonts-dejavu-core fonts-liberation
}

ensure_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
}

for tool in "$@"; do "ensure_$tool"; done
