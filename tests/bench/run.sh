#!/bin/bash
# `make bench`: the hook benchmark on each kernel, under qemu -icount
# shift=0 -smp 1 (guest ns = instructions: repeatable within 0.1%), and
# a table of same-boot ratios against "not loaded".
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
logs=$repo/build/bench-logs
make -s -C "$repo/tests/vm/guest"
CGW_VM_SMP=1 CGW_VM_QEMU_ARGS="-icount shift=0" CGW_VM_LOGS=$logs \
	"$repo/tests/vm/run.sh" --kernel "${1:-all}" --timeout 900 \
	"$repo/tests/bench/hooks.sh" || true
for log in "$logs"/*/hooks.log; do
	k=$(basename "$(dirname "$log")")
	echo "kernel $k (instructions per operation; ratio to not loaded)"
	sed -n 's/^# bench //p' "$log" | sort -u | awk '
		{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2]; ops[kv[1]] = 1 } rows[++n] = $1 }
		END {
			printf "%-10s", ""; for (o in ops) printf " %18s", o; printf "\n"
			for (r = 1; r <= n; r++) {
				printf "%-10s", rows[r]
				for (o in ops) {
					b = v["unloaded", o]
					printf " %10d (%+5.1f%%)", v[rows[r], o], b ? 100 * (v[rows[r], o] - b) / b : 0
				}
				printf "\n"
			}
		}'
done
