#!/bin/bash
# Kernel build matrix: build the module (and the VM test modules) with
# warnings as errors against every installed Debian kernel's headers,
# /usr/src/linux-headers-*-amd64, each in its own build/kmatrix/<kver>/.
# Build only: nothing is loaded.
#
#   tests/kmatrix.sh [--install] [KVER...]
#
#   --install   first apt-get install the headers of a few more Debian
#               kernels: per series (6.1, 6.12), the oldest amd64 flavour
#               the archive offers and the one in the middle of its list
#               (CGW_KMATRIX_EXTRA="6.1.0-50-amd64 ..." names them instead).
#               The 6.12 headers depend on their kernel image, which comes
#               too (without an initramfs).  The time it took is printed:
#               47 s for one new 6.1 and one new 6.12 version here, 15 s or
#               so per build after that.
#   KVER...     build only these (e.g. 6.1.0-56-amd64), installed or not
#
# Output: one line per kernel, "kmatrix: ok   KVER [Ns]" or "kmatrix: FAIL
# KVER: first error"; logs in build/kmatrix/<kver>.log.  The last line is
# "N passed, M failed"; the exit status is 1 on any failure.
set -u

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/kmatrix
src=${CGW_KMATRIX_SRC:-/usr/src}
install=0
want=()
passed=0
failed=0

while [ $# -gt 0 ]; do
	case $1 in
	--install) install=1; shift ;;
	-h | --help) sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*) echo "kmatrix.sh: unknown option $1" >&2; exit 2 ;;
	*) want+=("$1"); shift ;;
	esac
done
mkdir -p "$out"
: >"$out/results"	# for tests/robustness/report.sh

result() {	# result OK(0|1) KVER [WHY]
	local line
	if [ "$1" -eq 0 ]; then
		passed=$((passed + 1))
		line="kmatrix: ok   $2${3:+ $3}"
	else
		failed=$((failed + 1))
		line="kmatrix: FAIL $2${3:+: $3}"
	fi
	echo "$line"
	echo "$line" >>"$out/results"
}

# extra_versions: the default --install choice, oldest and middle per series
extra_versions() {
	local series
	for series in 6.1 6.12; do
		apt-cache pkgnames linux-headers-"$series". 2>/dev/null |
			grep -E "^linux-headers-$series\.[0-9][^ ]*-amd64$" |
			grep -vE -- '-(cloud|rt)-amd64$' |
			sed 's/^linux-headers-//' | sort -V |
			awk '{ v[NR] = $0 } END { if (NR) print v[1]; if (NR > 2) print v[int((NR + 1) / 2)] }'
	done
}

if [ "$install" = 1 ]; then
	# A fresh machine may have no package lists yet.
	[ -n "$(extra_versions)" ] || apt-get update -qq >"$out/update.log" 2>&1
	read -r -a extra <<<"${CGW_KMATRIX_EXTRA:-$(extra_versions | xargs)}"
	pkgs=()
	for v in "${extra[@]}"; do pkgs+=("linux-headers-$v"); done
	if [ ${#pkgs[@]} -eq 0 ]; then
		result 1 install "no header versions found (apt-get update?)"
	else
		echo "kmatrix: installing ${pkgs[*]}"
		t0=$(date +%s)
		# INITRD=No: the 6.12 images come only as dependencies of their
		# headers and are never booted here, so no initramfs for them.
		if INITRD=No DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			-o DPkg::Lock::Timeout=600 "${pkgs[@]}" >"$out/install.log" 2>&1; then
			echo "kmatrix: installed ${#pkgs[@]} header packages in $(($(date +%s) - t0)) s"
		else
			tail -n 20 "$out/install.log" | sed 's/^/  | /'
			result 1 install "apt-get install failed ($out/install.log)"
		fi
	fi
fi

if [ ${#want[@]} -eq 0 ]; then
	for d in "$src"/linux-headers-*-amd64; do
		[ -f "$d/Makefile" ] && want+=("${d#"$src"/linux-headers-}")
	done
	mapfile -t want < <(printf '%s\n' "${want[@]}" | sort -V)
fi
[ ${#want[@]} -gt 0 ] || result 1 headers "no $src/linux-headers-*-amd64 installed"

for kver in "${want[@]}"; do
	kdir=$src/linux-headers-$kver
	log=$out/$kver.log
	if [ ! -f "$kdir/Makefile" ]; then
		result 1 "$kver" "no headers in $kdir"
		continue
	fi
	t0=$(date +%s)
	if make -C "$repo" -s CGW_WERROR=1 kmod-out KDIR="$kdir" OUT="$out/$kver" >"$log" 2>&1 &&
		[ -f "$out/$kver/cgwarden.ko" ]; then
		result 0 "$kver" "[$(($(date +%s) - t0))s]"
	else
		result 1 "$kver" "$(grep -m 1 -E 'error|Error' "$log" || tail -n 1 "$log") ($log)"
		grep -E 'error:|warning:' "$log" | head -n 10 | sed 's/^/  | /'
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
