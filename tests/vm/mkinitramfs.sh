#!/bin/bash
# Build a gzip'd newc initramfs for the cgwarden VM suites.
#
#   mkinitramfs.sh OUT.cpio.gz KVER FILE...
#
# Contents: busybox-static with all applet links in /bin, /init (tests/vm/init),
# the usual mount points, and every FILE under /cgw/.  FILE may be written
# SRC=DEST to install SRC as /cgw/DEST (e.g. tests/integration/10-x.sh=suite.sh);
# a directory is copied recursively.  Shared libraries (and the dynamic loader)
# of every dynamically linked ELF among the files are copied to the same paths.
#
# CGW_VM_KMODS="overlay veth ...": kernel modules of KVER to include, with
# their dependencies, decompressed, listed in load order in /kmods/order for
# /init to insmod.  Built-in modules are skipped.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

die() { echo "mkinitramfs.sh: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: mkinitramfs.sh OUT.cpio.gz KVER FILE..."
out=$1 kver=$2
shift 2

busybox=${CGW_VM_BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || die "no $busybox (apt-get install busybox-static)"
file -L "$busybox" | grep -q 'statically linked' ||
	die "$busybox is not static (apt-get install busybox-static)"
command -v cpio >/dev/null || die "cpio is missing (apt-get install cpio)"

root=$(mktemp -d "${TMPDIR:-/tmp}/cgw-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

skeleton() {
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,run,cgw,kmods,etc,root,mnt}
	mkdir -p "$root/sys/fs/cgroup" "$root/usr/bin" "$root/usr/sbin"
	# mktemp made the root 0700: suites also run programs as other users.
	chmod 755 "$root"
	chmod 1777 "$root/tmp"
	cp "$busybox" "$root/bin/busybox"
	local applet
	for applet in $("$busybox" --list); do
		[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
	done
	install -m 0755 "$here/init" "$root/init"
	# The kernel's built-in initramfs normally provides /dev/console; make
	# sure anyway (needs root; harmless if it fails, devtmpfs has it).
	mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
	echo 'root:x:0:' >"$root/etc/group"
	echo cgw-vm >"$root/etc/hostname"
}

# is_dynamic_elf FILE: true for an ELF with a program interpreter
is_dynamic_elf() {
	[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || return 1
	readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'
}

# copy_libs ELF: copy the loader and all libraries ldd lists for ELF
copy_libs() {
	local lib
	ldd "$1" >/dev/null 2>&1 || die "ldd failed on $1"
	if ldd "$1" | grep -q 'not found'; then
		die "$1: unresolved libraries: $(ldd "$1" | grep 'not found' | tr -s ' \t' ' ')"
	fi
	for lib in $(ldd "$1" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# add_file SPEC: install one SRC[=DEST] under /cgw
add_file() {
	local src=$1 dest f
	if [[ $src == *=* ]]; then
		dest=${src#*=}
		src=${src%%=*}
	else
		dest=$(basename "$src")
	fi
	[ -e "$src" ] || die "no such file: $src"
	mkdir -p "$(dirname "$root/cgw/$dest")"
	cp -RL "$src" "$root/cgw/$dest"
	while IFS= read -r -d '' f; do
		if is_dynamic_elf "$f"; then
			copy_libs "$f"
		fi
	done < <(find "$root/cgw/$dest" -type f -print0)
}

# kmod_path NAME: the module's file for KVER, or nothing if built in
kmod_path() {
	local p
	p=$(modinfo -k "$kver" -n "$1" 2>/dev/null) || die "kernel $kver has no module $1"
	[ "$p" = "(builtin)" ] || printf '%s\n' "$p"
}

# add_kmod NAME: add NAME after its dependencies (depth first), once
declare -A kmod_seen=()
add_kmod() {
	local name=${1//-/_} path dep base
	[ -n "${kmod_seen[$name]:-}" ] && return 0
	kmod_seen[$name]=1
	path=$(kmod_path "$name")
	[ -n "$path" ] || return 0
	for dep in $(modinfo -k "$kver" -F depends "$name" | tr ',' ' '); do
		add_kmod "$dep"
	done
	base=$(basename "$path")
	case $path in
	*.xz) xz -dc "$path" >"$root/kmods/${base%.xz}"; base=${base%.xz} ;;
	*.zst) zstd -qdc "$path" >"$root/kmods/${base%.zst}"; base=${base%.zst} ;;
	*.gz) gzip -dc "$path" >"$root/kmods/${base%.gz}"; base=${base%.gz} ;;
	*) cp "$path" "$root/kmods/$base" ;;
	esac
	echo "$base" >>"$root/kmods/order"
}

pack() {
	local tmp="$out.tmp.$$"
	mkdir -p "$(dirname "$out")"
	(cd "$root" && find . -print0 | LC_ALL=C sort -z |
		cpio --quiet -o -0 -H newc -R 0:0) | gzip -1 >"$tmp"
	mv "$tmp" "$out"
}

skeleton
for f in "$@"; do
	add_file "$f"
done
: >"$root/kmods/order"
for m in ${CGW_VM_KMODS:-}; do
	add_kmod "$m"
done
pack
