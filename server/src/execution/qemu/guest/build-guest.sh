#!/usr/bin/env bash
# Builds the test guest: dirtier.c and net.c compiled static as /init, packed with
# busybox (for debugging by hand: boot with rdinit=/bin/sh) and the kernel's
# virtio-net modules (loaded only when the guest is given an address) into a
# gzipped newc initramfs, next to the host's kernel. The result lives in a cache directory named by a hash
# of every input, so a second build with the same inputs does nothing.
# Prints one line of JSON: {"kernel":…,"initrd":…,"built":true|false}.
# VMMI_GUEST_KERNEL picks the kernel (default: the newest /boot/vmlinuz-*),
# VMMI_GUEST_BUSYBOX the static busybox (default: /usr/bin/busybox).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src="$here/dirtier.c"
net_src="$here/net.c"
busybox=${VMMI_GUEST_BUSYBOX:-/usr/bin/busybox}
kernel=${VMMI_GUEST_KERNEL:-$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/vmmi/guest"

fail() {
  echo "build-guest: $*" >&2
  exit 1
}
[ -n "$kernel" ] && [ -r "$kernel" ] || fail "no readable kernel (apt-get install linux-image-amd64, or set VMMI_GUEST_KERNEL)"
[ -x "$busybox" ] || fail "no $busybox (apt-get install busybox-static)"
command -v gcc >/dev/null || fail "no gcc (apt-get install gcc)"
command -v cpio >/dev/null || fail "no cpio (apt-get install cpio)"
# A dynamically linked busybox would find no libc in the initramfs.
if LC_ALL=C file "$busybox" 2>/dev/null | grep -q 'dynamically linked'; then
  fail "$busybox is dynamically linked (apt-get install busybox-static)"
fi

# The NIC's driver and what it needs, in the order to load them: modules.dep lists
# a module's dependencies so that loading them from the last to the first works.
# A kernel without modules (or with virtio-net built in) gets none; the guest then
# finds eth0 or says it has none.
kver=${kernel##*/vmlinuz-}
moddir=/lib/modules/$kver
modules=()
if [ -r "$moddir/modules.dep" ]; then
  for name in virtio_pci virtio_net; do
    line=$(grep -E "(^|/)$name\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep" || true)
    [ -n "$line" ] || continue
    read -r -a deps <<<"${line#*:}"
    for ((i = ${#deps[@]} - 1; i >= 0; i--)); do modules+=("${deps[i]}"); done
    modules+=("${line%%:*}")
  done
fi
# Each once, first load first.
mapfile -t modules < <(printf '%s\n' "${modules[@]}" | awk 'NF && !seen[$0]++')

# The kernel's path is hashed with its content: the manifest names the path.
hash=$(
  {
    sha256sum "$0" "$src" "$net_src" "$busybox" "$kernel"
    for m in "${modules[@]}"; do sha256sum "$moddir/$m"; done
    echo "$kernel"
    gcc --version | head -n 1
  } | sha256sum | cut -c1-16
)
out="$cache_root/$hash"

manifest() {
  printf '{"kernel":"%s","initrd":"%s","built":%s}\n' "$kernel" "$out/initrd.cpio.gz" "$1"
}
if [ -f "$out/initrd.cpio.gz" ]; then
  manifest false
  exit 0
fi

mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/.build.XXXXXX")
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys"
gcc -static -O2 -Wall -Wextra -Werror -o "$root/init" "$src" "$net_src"
# finit_module takes a plain .ko only where the kernel can decompress modules itself: unpack them here.
mkdir -p "$root/lib/modules"
for m in "${modules[@]}"; do
  base=$(basename "$m")
  plain="$root/lib/modules/${base%%.ko*}.ko"
  case "$m" in
  *.ko.xz) xz -dc "$moddir/$m" >"$plain" ;;
  *.ko.zst) zstd -qdc "$moddir/$m" >"$plain" ;;
  *.ko.gz) gzip -dc "$moddir/$m" >"$plain" ;;
  *) cp "$moddir/$m" "$plain" ;;
  esac
  echo "/lib/modules/$(basename "$plain")" >>"$root/lib/modules/load.order"
done
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
  gzip -9n >"$work/initrd.cpio.gz"
rm -rf "$root"
# The rename is atomic: a concurrent build of the same inputs either wins or finds ours.
if ! mv -T "$work" "$out" 2>/dev/null; then
  [ -f "$out/initrd.cpio.gz" ] || fail "could not move the build to $out"
  manifest false
  exit 0
fi
trap - EXIT
manifest true
