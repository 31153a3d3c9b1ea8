#!/usr/bin/env bash
# Installs what a fresh Debian machine with only Node 20 and npm lacks: pnpm (pinned
# to packageManager), and, when asked, Debian's Chromium, PostgreSQL and QEMU (with
# what builds the QEMU tests' guest) for the tests.
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

# The QEMU tests boot the host's kernel with an initramfs built from busybox-static
# and a C program (server/src/execution/qemu/guest/build-guest.sh); the data-plane
# check (server/src/execution/dataplane/) pings the guest.
ensure_qemu() {
  local missing=()
  command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
  ls /boot/vmlinuz-* >/dev/null 2>&1 || missing+=(linux-image-amd64)
  # Debian's plain busybox package is dynamically linked: useless in an initramfs.
  dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
    missing+=(busybox-static)
  command -v cpio >/dev/null 2>&1 || missing+=(cpio)
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  # gcc only recommends libc6-dev, which --no-install-recommends skips; -static needs its libc.a.
  ls /usr/lib/*/libc.a >/dev/null 2>&1 || missing+=(libc6-dev)
  # The data-plane check's peer pings with iputils' per-packet timestamps (-D -O); busybox has none.
  [ -x /usr/bin/ping ] && /usr/bin/ping -V 2>/dev/null | grep -q iputils || missing+=(iputils-ping)
  [ "${#missing[@]}" = 0 ] || apt_install "${missing[@]}"
}

for tool in "$@"; do "ensure_$tool"; done
