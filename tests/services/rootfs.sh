#!/bin/bash
# Root filesystems of real services for the VM suites, assembled from the
# host's installed Debian packages: the files `dpkg -L` lists (without
# documentation, manuals and translations) and the shared libraries their
# ELF files need, as a tarball cached in build/services/ (rebuilt when this
# script or a package version changes).
#
#   tests/services/rootfs.sh NAME...
#
# NAME is redis, postgres, nginx or python.  Prints, per NAME, the initramfs
# file spec "TARBALL=NAME-rootfs.tar.gz" for tests/vm/run.sh ("# cgw-vm-prep:"
# lines), then the guest-side helpers "svc.sh" (for redis also
# "redis-module.so", a module to load).  The tarball holds paths
# below usr/ and etc/ (merged /usr: svc.sh makes the bin, sbin, lib and
# lib64 links).  Builds of one cache take turns (two kernels' lanes).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${CGW_SVC_CACHE:-$repo/build/services}

die() { echo "rootfs.sh: $*" >&2; exit 1; }

# packages NAME: the Debian packages of service NAME
packages() {
	case $1 in
	redis) echo redis-server redis-tools ;;
	postgres) echo postgresql-15 tzdata ;;
	nginx) echo nginx nginx-common ;;
	python) echo python3-minimal python3.11-minimal libpython3.11-minimal libpython3.11-stdlib ;;
	*) die "unknown service '$1' (redis, postgres, nginx, python)" ;;
	esac
}

# wanted PATH: false for what a service never reads (docs, translations,
# tests, the JIT and its bitcode, every time zone but UTC)
wanted() {
	case $1 in
	/usr/share/doc/* | /usr/share/man/* | /usr/share/locale/* | /usr/share/lintian/* | \
		/usr/share/bash-completion/* | /usr/share/vim/* | /usr/share/apport/* | \
		/usr/lib/postgresql/*/lib/bitcode/* | /usr/lib/postgresql/*/lib/llvmjit* | \
		/usr/lib/python3*/test/* | /usr/lib/python3*/idlelib/* | \
		/usr/lib/python3*/tkinter/* | /usr/lib/python3*/turtledemo/* | \
		/usr/lib/python3*/ensurepip/* | /usr/lib/python3*/lib2to3/* | \
		/usr/lib/python3*/pydoc_data/* | /etc/init.d/* | /lib/systemd/* | /usr/lib/systemd/*)
		return 1 ;;
	/usr/share/zoneinfo/*)
		case $1 in */UTC | */Etc/UTC) return 0 ;; *) return 1 ;; esac ;;
	esac
	return 0
}

# canon PATH: PATH with its directory resolved (merged /usr), so that
# /lib/x/libc.so.6 is usr/lib/x/libc.so.6
canon() {
	local d
	d=$(readlink -f "$(dirname "$1")")
	echo "${d%/}/$(basename "$1")"
}

# add PATH: PATH (and, for a symlink, what it points to) to the list
add() {
	local p t
	p=$(canon "$1")
	[ -e "$p" ] || [ -L "$p" ] || return 0
	echo "$p"
	if [ -L "$p" ]; then
		t=$(readlink -f "$p")
		[ -e "$t" ] && echo "$t"
	fi
	return 0
}

is_elf() {
	[ -f "$1" ] && [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]
}

# build NAME OUT: the tarball of service NAME
build() {
	local name=$1 out=$2 list pkg f lib
	list=$(mktemp)
	for pkg in $(packages "$name"); do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
			die "package $pkg is not installed (tests/deps.sh installs it)"
		dpkg -L "$pkg" | while IFS= read -r f; do
			[ -d "$f" ] && [ ! -L "$f" ] && continue
			wanted "$f" && add "$f"
		done
	done | sort -u >"$list"
	# The shared libraries of every ELF file, with the loader.
	while IFS= read -r f; do
		is_elf "$f" || continue
		ldd "$f" 2>/dev/null | grep -o '/[^ ]*' | while IFS= read -r lib; do
			add "$lib"
		done
	done <"$list" | sort -u >>"$list"
	sort -u -o "$list" "$list"
	tar -C / --no-recursion -czf "$out.tmp" -T <(sed 's|^/||' "$list")
	mv "$out.tmp" "$out"
	rm -f "$list"
}

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
for name in "$@"; do
	stamp=$( (cat "$0"; dpkg-query -W $(packages "$name")) | sha256sum | cut -c1-16)
	out=$cache/$name-$stamp.tar.gz
	if [ ! -s "$out" ]; then
		rm -f "$cache/$name"-*.tar.gz
		build "$name" "$out" || die "building $name failed"
	fi
	echo "$out=$name-rootfs.tar.gz"
	# The redis attacks' dropped module.
	if [ "$name" = redis ]; then
		gcc -shared -fPIC -O2 -Wall -o "$cache/redis-module.so" "$here/redis-module.c" ||
			die "building redis-module.so failed"
		echo "$cache/redis-module.so=redis-module.so"
	fi
done
echo "$here/svc.sh=svc.sh"
