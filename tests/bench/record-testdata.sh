#!/bin/bash
# Refresh tests/bench/testdata/ (what tests/bench/selftest.sh checks the
# report against) from the logs of the last `make bench`: the suites' own
# output of each guest log (with the line naming the kernel), and the
# report made from them.  Run it after changing report.sh on purpose, and
# read the diff of testdata/REPORT.md before committing it.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
logs=${1:-$repo/build/bench/logs}
data=$repo/tests/bench/testdata
rm -rf "$data"
for dir in "$logs"/*/; do
	k=$(basename "$dir")
	mkdir -p "$data/logs/$k"
	for f in hooks throughput; do
		[ -f "$dir/$f.log" ] || continue
		tr -d '\r' <"$dir/$f.log" |
			sed -n '/^CGW-SUITE-BEGIN/p; /^CGW-TAP-BEGIN/,/^CGW-TAP-END/p' >"$data/logs/$k/$f.log"
	done
	[ ! -f "$dir/scap.reason" ] || cp "$dir/scap.reason" "$data/logs/$k/"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGW_BENCH_DATE="(recorded)" CGW_BENCH_HOST_CPU="(recorded)" \
	"$repo/tests/bench/report.sh" "$data/logs" "$tmp"
cp "$tmp/REPORT.md" "$data/REPORT.md"
echo "recorded: $data"
