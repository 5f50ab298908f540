#!/bin/bash
# The CLI's unit tests (tests/unit/, cmocka) under the sanitizers and
# valgrind:
#   sanitize    make -C userspace clean test SANITIZE=1, leaks detected and
#               UBSan fatal: one test, passing when the run is clean
#   valgrind:X  a normal build, then each test binary userspace/.obj/test_*
#               under valgrind (memcheck, definite leaks are errors): one
#               test per binary
# userspace/ is left built normally (make clean && make) for what runs
# next.  The last line is "N passed, M failed".
set -u

repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$repo/build/fuzz
us=$repo/userspace
passed=0
failed=0
mkdir -p "$out"

result() {	# result NAME OK(0|1) [WHY]
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		echo "sanitize: ok   $1"
	else
		failed=$((failed + 1))
		echo "sanitize: FAIL $1${3:+: $3}"
	fi
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
log=$out/sanitize-asan.log
make -s -C "$us" clean
make -s -C "$us" test SANITIZE=1 >"$log" 2>&1
rc=$?
tail -n 1 "$log" | sed 's/^/sanitize: asan+ubsan unit tests: /'
if [ "$rc" -ne 0 ] || grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"; then
	grep -E 'ERROR: |runtime error:|SUMMARY|FAILED' "$log" | head -n 10 | sed 's/^/  | /'
	result sanitize 1 "$log"
else
	result sanitize 0
fi
unset ASAN_OPTIONS UBSAN_OPTIONS

# valgrind wants a build without ASan: `make test` builds every binary.
make -s -C "$us" clean
make -s -C "$us" test >"$out/sanitize-build.log" 2>&1 ||
	echo "sanitize: the unit tests fail without sanitizers ($out/sanitize-build.log)"
for t in "$us"/.obj/test_*; do
	[ -x "$t" ] && [ ! -d "$t" ] || continue
	name=$(basename "$t")
	vlog=$out/valgrind-$name.log
	# the tests find docs/policy.md relative to the tree (CGW_TOP)
	if (cd "$us" && valgrind -q --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite "$t") >"$vlog" 2>&1; then
		result "valgrind:$name" 0
	else
		grep -E '^==[0-9]+== (Invalid|Conditional|Use of|[0-9,]+ bytes.*definitely)|FAILED' \
			"$vlog" | head -n 5 | sed 's/^/  | /'
		result "valgrind:$name" 1 "$vlog"
	fi
done

# Leave a normal cgwardenctl for whatever runs next.
make -s -C "$us" clean
make -s -C "$us" >"$out/sanitize-build.log" 2>&1 || result rebuild 1 "$out/sanitize-build.log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
