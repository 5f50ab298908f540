#!/bin/bash
# Build cgw_warn_selftest.ko for one kernel: KDIR=<headers> OUT=<dir>.
# Used by tests/vm/selftest.sh as CGW_VM_MODULE_BUILD for tests/vm/run.sh.
set -eu
: "${KDIR:?KDIR=<kernel headers> needed}" "${OUT:?OUT=<dir> needed}"
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
out=$(cd "$OUT" && pwd)
cp "$src/cgw_warn_selftest.c" "$src/Kbuild" "$out/"
make -C "$KDIR" M="$out" modules
# A suite's "# cgw-vm-make:" variables (makevars.sh): leave a mark.
case " ${CGW_VM_MAKE_VARS:-} " in
*" CGW_SELFTEST_MARK=1 "*) cp "$out/cgw_warn_selftest.ko" "$out/cgw_marked.ko" ;;
*) rm -f "$out/cgw_marked.ko" ;;
esac
