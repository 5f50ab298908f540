#!/bin/bash
# make check's cheap check of `make bench` (which itself is not in make
# check): the bench scripts parse (the guest ones with busybox sh), and
# report.sh turns recorded guest logs (tests/bench/testdata/logs/, cut
# from a real run) into exactly the report recorded beside them, with a
# PNG plot when gnuplot is installed.  Then the same logs with one
# decision lost in the throughput run, and with a peer's results missing:
# the report must say so.
# Output: TAP-like lines, then "N passed, M failed".
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
data=$repo/tests/bench/testdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0

result() { # result OK DESC [DETAIL]
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		[ -z "${3:-}" ] || while IFS= read -r l; do echo "# $l"; done <<<"$3"
	fi
}

for f in run.sh report.sh build-modules.sh selftest.sh record-testdata.sh lockscan.sh; do
	out=$(bash -n "$repo/tests/bench/$f" 2>&1)
	result $((! $?)) "bash -n tests/bench/$f" "$out"
done
for f in hooks.sh throughput.sh; do
	out=$(busybox sh -n "$repo/tests/bench/$f" 2>&1)
	result $((! $?)) "busybox sh -n tests/bench/$f" "$out"
done

# report LOGDIR OUTDIR: report.sh with the date and host of the recording
report() {
	CGW_BENCH_DATE="(recorded)" CGW_BENCH_HOST_CPU="(recorded)" CGW_BENCH_HISTORY= \
		"$repo/tests/bench/report.sh" "$1" "$2" 2>&1
}

out=$(report "$data/logs" "$tmp/r")
result $((! $?)) "report.sh runs on the recorded logs" "$out"
# The plot line depends on gnuplot; everything else must match.
d=$(diff <(grep -v '^!\[\|^(no plot' "$data/REPORT.md") <(grep -v '^!\[\|^(no plot' "$tmp/r/REPORT.md"))
result $((! $?)) "the report is the recorded one" "$d"
if command -v gnuplot >/dev/null; then
	for k in "$data"/logs/*/; do
		k=$(basename "$k")
		magic=$(head -c 4 "$tmp/r/plot-$k.png" 2>/dev/null | od -An -c | tr -d ' ')
		result "$([ "$magic" = '211PNG' ] && echo 1)" "gnuplot drew plot-$k.png" "magic: $magic"
		result "$(grep -qF "](plot-$k.png)" "$tmp/r/REPORT.md" && echo 1)" "the report shows plot-$k.png"
	done
else
	result "$(grep -q '^(no plot' "$tmp/r/REPORT.md" && echo 1)" "without gnuplot the report says there is no plot"
fi

# Some figures, recomputed here from the log, as the report must show them.
for k in "$data"/logs/*/; do k=$(basename "$k"); break; done
t=$(tr -d '\r' <"$data/logs/$k/hooks.log")
get() { # get LABEL OP: a figure of the log
	awk -v l="$1" -v k="$2" '$1 == "#" && $2 == "bench" && $3 == l {
		for (i = 4; i <= NF; i++) { split($i, a, "="); if (a[1] == k) { print a[2]; exit } } }' <<<"$t"
}
b=$(get unloaded open) p=$(get protect-10000 open)
want=$(awk -v a="$p" -v b="$b" 'BEGIN { printf "%d (%+.1f%%)", a, 100 * (a - b) / b }')
result "$(grep -qF "| protect, 10k entries | $want |" "$tmp/r/REPORT.md" && echo 1)" \
	"$k: protect 10k open+close is $want" "$(grep 'protect, 10k' "$tmp/r/REPORT.md")"
verdict=$(awk -v a="$p" -v b="$b" 'BEGIN { print (100 * (a - b) / b <= 2.0) ? "met" : "**missed**" }')
result "$(grep -q "open+close <= 2.0% over not loaded | .* | ${verdict//\*/\\*} |" "$tmp/r/REPORT.md" && echo 1)" \
	"$k: the open+close target is $verdict"

# One decision lost: "counted = performed" must say no.
mkdir -p "$tmp/lost"
cp -r "$data/logs/." "$tmp/lost/"
sed -i '0,/^# tput op=open /s/decisions=\([0-9]*\)0 /decisions=\19 /' "$tmp/lost/$k/throughput.log"
report "$tmp/lost" "$tmp/lost-r" >/dev/null
result "$(grep -q '^| open | .* | \*\*no\*\* |' "$tmp/lost-r/REPORT.md" && echo 1)" \
	"a lost decision shows as counted = performed: no" "$(grep '^| open |' "$tmp/lost-r/REPORT.md")"

# A peer that did not run is reported as not measured, never left out.
mkdir -p "$tmp/nopeer"
cp -r "$data/logs/." "$tmp/nopeer/"
sed -i '/^# bench tomoyo /d; /^# peer tomoyo /d' "$tmp/nopeer/$k/hooks.log"
report "$tmp/nopeer" "$tmp/nopeer-r" >/dev/null
result "$(grep -q '^| TOMOYO.* not measured: ' "$tmp/nopeer-r/REPORT.md" && echo 1)" \
	"a peer without results is reported as not measured" "$(grep '^| TOMOYO' "$tmp/nopeer-r/REPORT.md")"

echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
