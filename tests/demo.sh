#!/bin/bash
# `make demo`: install what is needed, build, boot Debian's kernel under
# qemu and tell the learn -> protect -> block story with a real container.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
echo "demo: installing what it needs (apt-get, first time only)"
tests/deps.sh
echo "demo: building cgwarden"
make -s all >/dev/null
make -s -C tests/vm/guest >/dev/null
logs=$repo/build/demo-logs
rm -rf "$logs"
mkdir -p "$repo/build"	# a fresh clone has none: $logs.run goes there
echo "demo: booting $(tests/vm/kernels.sh | awk '$1 == "6.1" { print $2 }') under qemu (TCG, about 20 s)"
rc=0
CGW_VM_LOGS=$logs tests/vm/run.sh --kernel 6.1 tests/demo/demo.sh >"$logs.run" 2>&1 || rc=$?
log=$logs/6.1/demo.log
if [ -f "$log" ]; then
	sed -n '/^CGW-TAP-BEGIN/,/^CGW-TAP-END/p' "$log" | sed '1d;$d' |
		grep -v -E '^(ok|not ok) [0-9]|^1\.\.[0-9]'
fi
echo
tail -n 1 "$logs.run"
[ $rc -eq 0 ] || { echo "demo: something went wrong; see $logs.run and $log"; exit 1; }
