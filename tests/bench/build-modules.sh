#!/bin/bash
# CGW_VM_MODULE_BUILD of `make bench`: cgwarden.ko (make kmod-out), the
# same with no hook attached (cgwarden-nohook.ko) and,
# for the sysdig peer, Falco's kernel driver scap.ko from the source in
# Debian's falcosecurity-scap-dkms (unpacked by tests/bench/run.sh into
# $CGW_BENCH_SCAP_SRC).  A driver that does not build for this kernel is
# not an error: the reason goes to $OUT/scap.reason for the report.
# Environment (from tests/vm/run.sh): KNAME KVER KDIR OUT.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
make -C "$repo" kmod-out KDIR="$KDIR" OUT="$OUT"
# The same module with no hook attached: the "loaded, no hook" row, what
# loading it (its allocations) does to the operations measured.
make -C "$repo" kmod-out KDIR="$KDIR" OUT="$OUT/nohook" CGW_BENCH_NO_HOOKS=1
cp "$OUT/nohook/cgwarden.ko" "$OUT/cgwarden-nohook.ko"
rm -f "$OUT/scap.ko" "$OUT/scap.reason"
src=${CGW_BENCH_SCAP_SRC:-}
if [ -z "$src" ] || [ ! -f "$src/Makefile" ]; then
	echo "no scap driver source (falcosecurity-scap-dkms not unpacked)" >"$OUT/scap.reason"
	exit 0
fi
rm -rf "$OUT/scap-build"
cp -r "$src" "$OUT/scap-build"
if make -C "$KDIR" M="$OUT/scap-build" modules >"$OUT/scap-build.log" 2>&1; then
	cp "$OUT/scap-build/scap.ko" "$OUT/"
else
	# the first compiler error, without the build path
	{
		printf 'falcosecurity-scap-dkms %s does not build for %s: ' \
			"$(basename "$src" | sed 's/^scap-//')" "$KVER"
		grep -m 2 'error:' "$OUT/scap-build.log" | sed -E 's@^[^ ]*/([^/ ]+:[0-9]+:[0-9]+:)@\1@' |
			awk 'NR > 1 { printf "; " } { printf "%s", $0 } END { print "" }'
	} >"$OUT/scap.reason"
fi
