#!/bin/bash
# Self-test of the VM harness: proves tests/vm/run.sh passes a good suite and
# fails a suite that WARNs, prints "not ok", hangs, or gets its plan wrong.
#
#   tests/vm/selftest.sh [--kernel 6.1|6.12|all]
#
# Runs on the 6.1 kernel only by default, to save time: the runner logic is
# the same for every kernel (pass --kernel all to check both).  Suites are in
# tests/vm/selftest/suites/; the "module" is tests/vm/selftest/warnmod/ (no
# cgwarden sources or CLI needed: /usr/bin/env stands in for the CLI, which
# also proves shared libraries get copied into the initramfs).
# Output: TAP-like lines, then "N passed, M failed"; exit 1 on any failure.
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
suites=$repo/tests/vm/selftest/suites
kernel=6.1
[ "${1:-}" = --kernel ] && kernel=${2:?--kernel needs 6.1, 6.12 or all}
n=0 failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

export CGW_VM_MODULE_BUILD=$repo/tests/vm/selftest/warnmod/build.sh
export CGW_VM_OUT=$repo/build/selftest
export CGW_VM_LOGS=$repo/build/vm-logs/selftest
export CGW_VM_CLI=/usr/bin/env
export CGW_VM_KMODS=veth

result() { # result OK DESC
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		sed 's/^/# /' "$out"
	fi
}

# run ARGS...: run the runner, output in $out, exit status in $rc
run() {
	rc=0
	echo "# run.sh --kernel $kernel $*"
	"$repo/tests/vm/run.sh" --kernel "$kernel" "$@" >"$out" 2>&1 || rc=$?
}

# expect DESC REGEX: ok if a line of the runner's output matches REGEX
expect() {
	if grep -qE "$2" "$out"; then result 1 "$1"; else result 0 "$1 (no line /$2/)"; fi
}

# (a) passing suite
run "$suites/pass.sh"
expect "pass: reported PASS" '^PASS [0-9.]+ pass '
expect "pass: summary" '^5 passed, 0 failed$'
result $((rc == 0)) "pass: exit status 0 (got $rc)"
last=$(tail -n 1 "$out")
result "$([ "$last" = "5 passed, 0 failed" ] && echo 1)" "pass: summary is the last line"

# (b), (c), (e), skips and host settings (cgw-vm-env), in one run
unset CGW_SELFTEST_UNSET
export CGW_SELFTEST_ENV="a b'c\$d"
run "$suites/warn.sh" "$suites/notok.sh" "$suites/badplan.sh" "$suites/noplan.sh" \
	"$suites/skip.sh" "$suites/pass.sh" "$suites/env.sh" "$suites/cmdline.sh"
unset CGW_SELFTEST_ENV
result $((rc == 1)) "mixed: exit status 1 (got $rc)"
expect "warn: FAIL because of the kernel WARNING" '^FAIL [0-9.]+ warn .*kernel: .*WARNING:'
expect "warn: WARNING comes from the self-test module" 'cgw_warn_selftest_init'
expect "notok: FAIL because of not ok" '^FAIL [0-9.]+ notok .*1 not ok'
expect "badplan: FAIL on plan mismatch" '^FAIL [0-9.]+ badplan .*plan 1\.\.3 but 2 tests ran'
expect "noplan: FAIL without a plan" '^FAIL [0-9.]+ noplan .*no TAP plan'
expect "skip: FAIL on a skipped test" '^FAIL [0-9.]+ skip .*1 skipped'
expect "mixed: the good suite still PASSes" '^PASS [0-9.]+ pass '
expect "env: host settings reach the guest" '^PASS [0-9.]+ env '
expect "cmdline: # cgw-vm-cmdline: words reach /proc/cmdline" '^PASS [0-9.]+ cmdline .*\(2 ok\)'
# ok: warn 1 + notok 1 + badplan 2 + noplan 1 + skip 1 + pass 5 + env 2
# + cmdline 2 = 15; failed: warn 1 + notok 1 + badplan 1 + noplan 1 + skip 1 = 5
expect "mixed: summary counts" '^15 passed, 5 failed$'

# (d) hang: the guest's timeout kills the suite, the VM still reports
run --timeout 40 "$suites/hang.sh"
result $((rc == 1)) "hang: exit status 1 (got $rc)"
expect "hang: FAIL by timeout in the guest" '^FAIL [0-9.]+ hang .*timeout: suite killed in the guest'

# (f) a suite with its own module build (cgw-vm-make), beside one without
run "$suites/makevars.sh" "$suites/pass.sh"
result $((rc == 0)) "makevars: exit status 0 (got $rc)"
expect "makevars: PASS with its own build" '^PASS [0-9.]+ makevars '
expect "makevars: the other suite still PASSes" '^PASS [0-9.]+ pass '
k1=$kernel
[ "$k1" != all ] || k1=6.1
result "$([ -e "$CGW_VM_OUT/$k1-CGW_SELFTEST_MARK_1/cgw_marked.ko" ] &&
	[ ! -e "$CGW_VM_OUT/$k1/cgw_marked.ko" ] && echo 1)" \
	"makevars: built in a directory of its own, the default build unmarked"

# (d') hang past the host timeout: qemu is killed
CGW_VM_GUEST_TIMEOUT=1000 run --timeout 30 "$suites/hang.sh"
result $((rc == 1)) "hang/host: exit status 1 (got $rc)"
expect "hang/host: FAIL by host timeout" '^FAIL [0-9.]+ hang .*timeout: VM killed after 30s'
expect "hang/host: counted as a failure" '^1 passed, 1 failed$'

echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
