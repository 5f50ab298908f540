#!/bin/bash
# `make soak`: the robustness suites for longer than `make check` runs
# them, then tests/robustness/REPORT.md from their logs.
#
#   tests/robustness/soak.sh
#
# Environment (defaults in brackets):
#   CGW_STRESS_SECS      85-stress workload and churn, seconds [600]
#   CGW_NLFUZZ_COUNT     90-nlfuzz messages [10000000]
#   CGW_SOAK_FUZZ_SECS   libFuzzer, seconds per parser [300]
#   CGW_SOAK_KERNEL      6.1, 6.12 or all [all]
#   CGW_SOAK_SUITES      more VM suites to run as they are, e.g. a fault
#                        injection suite [tests/integration/*fault*.sh]
# Logs: build/soak/ (VM consoles in build/soak/vm-logs/<kernel>/); the
# report is written to tests/robustness/REPORT.md.  The last line is
# "N passed, M failed"; the exit status is 1 on any failure.
set -u

repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$repo/build/soak
export CGW_STRESS_SECS=${CGW_STRESS_SECS:-600}
export CGW_NLFUZZ_COUNT=${CGW_NLFUZZ_COUNT:-10000000}
fuzz_secs=${CGW_SOAK_FUZZ_SECS:-300}
kernel=${CGW_SOAK_KERNEL:-all}
export CGW_VM_LOGS=$out/vm-logs
passed=0
failed=0
mkdir -p "$out"
cd "$repo" || exit 1

# counted NAME CMD...: a step whose last line is "N passed, M failed"
counted() {
	local name=$1 last p f t0=$SECONDS
	shift
	echo "soak: $name: $*"
	"$@" >"$out/$name.log" 2>&1
	local rc=$?
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$name.log" | tail -n 1)
	p=${last%% passed*}
	f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$last")
	[ -n "$last" ] || { p=0; f=1; }
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
	passed=$((passed + p))
	failed=$((failed + f))
	printf 'soak: %-10s %d passed, %d failed [%ds]\n' "$name" "$p" "$f" $((SECONDS - t0))
	[ "$f" -eq 0 ] || grep -E '^FAIL|not ok|fuzz: FAIL' "$out/$name.log" | head -n 20 | sed 's/^/  | /'
}

make -s CGW_WERROR=1 all >"$out/build.log" 2>&1 &&
	make -s -C tests/vm/guest >>"$out/build.log" 2>&1 ||
	{ tail -n 20 "$out/build.log"; echo "0 passed, 1 failed"; exit 1; }

counted fuzz tests/fuzz/run.sh "$fuzz_secs"
# The guest gets the host timeout less 45 s; the stress suite needs its
# workload time plus about two minutes under TCG.
counted stress tests/vm/run.sh --kernel "$kernel" --timeout $((CGW_STRESS_SECS + 400)) \
	tests/integration/85-stress.sh
# cgw-nlfuzz sends about 10000 messages a second under TCG (90-nlfuzz logs),
# a few times fewer under the slub_debug the suite boots with
counted nlfuzz tests/vm/run.sh --kernel "$kernel" --timeout $((CGW_NLFUZZ_COUNT / 1500 + 400)) \
	tests/integration/90-nlfuzz.sh
shopt -s nullglob
# shellcheck disable=SC2206 # a list of paths
more=(${CGW_SOAK_SUITES:-tests/integration/*fault*.sh})
shopt -u nullglob
[ ${#more[@]} -eq 0 ] || counted faults tests/vm/run.sh --kernel "$kernel" "${more[@]}"

tests/robustness/report.sh --logs "$CGW_VM_LOGS" --fuzz build/fuzz \
	--title "cgwarden robustness report (make soak)" -o tests/robustness/REPORT.md
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
