#!/bin/bash
# List the kernels the VM suites run on, one line each:
#   <name> <kver> <vmlinuz> <headers-dir>
# name is the series (6.1, 6.12); the newest installed kernel of each series
# is used.  Exits non-zero if a kernel image or its headers are missing.
#
# CGW_VM_BOOT (default /boot) and CGW_VM_SRC (default /usr/src) may point
# elsewhere for testing.
set -eu

boot=${CGW_VM_BOOT:-/boot}
src=${CGW_VM_SRC:-/usr/src}
rc=0

# newest NAME GLOB: print the newest vmlinuz matching GLOB's kernel version
newest() {
	local glob=$1 f
	for f in "$boot"/vmlinuz-$glob; do
		[ -e "$f" ] && printf '%s\n' "${f##*/vmlinuz-}"
	done | sort -V | tail -n 1
}

# target NAME GLOB: print the line for one series or complain
target() {
	local name=$1 glob=$2 kver hdr
	kver=$(newest "$glob")
	if [ -z "$kver" ]; then
		echo "kernels.sh: no kernel $boot/vmlinuz-$glob for series $name (apt-get install linux-image-...)" >&2
		rc=1
		return
	fi
	hdr=$src/linux-headers-$kver
	if [ ! -f "$hdr/Makefile" ]; then
		echo "kernels.sh: kernel $kver has no headers in $hdr (apt-get install linux-headers-$kver)" >&2
		rc=1
		return
	fi
	printf '%s %s %s %s\n' "$name" "$kver" "$boot/vmlinuz-$kver" "$hdr"
}

target 6.1 '6.1.0-*-amd64'
target 6.12 '6.12.*+deb12-amd64'
exit "$rc"
