#!/bin/bash
# Fuzz the policy format, then the CLI's unit tests under sanitizers and
# valgrind.  No kernel needed.
#
#   tests/fuzz/run.sh [SECONDS]     SECONDS per fuzz target, default 60
#
# Tests counted, each "ok" or "FAIL" on its own line:
#   fuzz-policy, fuzz-model   the libFuzzer targets (policy_fuzz.c) for
#                             SECONDS on a copy of corpus/ in build/fuzz/,
#                             with policy.dict: ran >= 1 s, and found no
#                             crash, leak or timeout
#   replay                    every file of regressions/ and corpus/ through
#                             both targets, none crashing
#   sanitize                  tests/fuzz/sanitize.sh: `make -C userspace test
#                             SANITIZE=1`, then each unit test binary under
#                             valgrind (one test each; it prints its own)
# Inputs that crash are left in build/fuzz/artifacts/.  The last line is
# "N passed, M failed"; the exit status is 1 on any failure.
set -u

secs=${1:-60}
# libFuzzer takes -max_total_time=0 as "forever"
[[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -ge 1 ] ||
	{ echo "usage: $0 [SECONDS >= 1]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$repo/build/fuzz
passed=0
failed=0

result() {	# result NAME OK(0|1) [WHY]
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		echo "fuzz: ok   $1"
	else
		failed=$((failed + 1))
		echo "fuzz: FAIL $1${3:+: $3}"
	fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

echo "fuzz: building the targets"
if ! make -s -C "$here" O="$out"; then
	result build 1 "make -C tests/fuzz"
	finish
fi
mkdir -p "$out/artifacts"

# fuzz NAME: one target for $secs seconds on a fresh copy of the corpus
fuzz() {
	local name=$1 log=$out/$1.log corpus=$out/corpus-$1
	local execs rate t0 t1 rc

	rm -rf "$corpus"
	mkdir -p "$corpus"
	cp "$here"/corpus/* "$corpus"/
	t0=$(date +%s.%N)
	"$out/${name}_fuzz" -dict="$here/policy.dict" -max_total_time="$secs" \
		-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$name-" "$corpus" >"$log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	echo "fuzz: $name: ${execs:-?} executions in $(printf '%.0f' "$(echo "$t1 - $t0" | bc)") s" \
		"(${rate:-?}/s), corpus $(ls "$corpus" | wc -l) files"
	if [ "$rc" -ne 0 ] || grep -qE '^SUMMARY: |^==[0-9]+==ERROR' "$log"; then
		grep -E 'policy_fuzz: |^SUMMARY: |^==[0-9]+==ERROR|Test unit written' "$log" |
			head -n 10 | sed 's/^/  | /'
		result "fuzz-$name" 1 "crash, leak or timeout (rc $rc; $log)"
	elif [ -z "$execs" ] || [ "$(echo "$t1 - $t0 >= 1" | bc)" -ne 1 ]; then
		result "fuzz-$name" 1 "did not run for 1 s ($log)"
	else
		result "fuzz-$name" 0
	fi
}

fuzz policy
fuzz model

# Every regression (and every seed) through both targets.
replay_ok=0
for t in policy model; do
	files=("$here"/regressions/* "$here"/corpus/*)
	if ! "$out/${t}_fuzz" -rss_limit_mb=2048 -timeout=10 "${files[@]}" \
		>"$out/replay-$t.log" 2>&1; then
		grep -E 'policy_fuzz: |^SUMMARY: |Running: ' "$out/replay-$t.log" | tail -n 5 |
			sed 's/^/  | /'
		replay_ok=1
	fi
done
result replay $replay_ok "a file of regressions/ or corpus/ crashes ($out/replay-*.log)"

# The CLI's unit tests under ASan/UBSan and valgrind: their own count.
"$here/sanitize.sh" | tee "$out/sanitize.log"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/sanitize.log" | tail -n 1)
if [ -n "$last" ]; then
	passed=$((passed + $(echo "$last" | cut -d' ' -f1)))
	failed=$((failed + $(echo "$last" | cut -d' ' -f3)))
else
	result sanitize 1 "sanitize.sh gave no count"
fi
finish
