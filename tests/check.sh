#!/bin/bash
# `make check`: the one test command.  Installs what it needs, builds (also
# against the headers of a few more Debian kernels), then runs KUnit, the
# userspace unit tests, the VM harness self-test, every VM suite and the
# real services (tests/services/suites) on both kernels, and writes
# build/check/robustness.md from the logs.  Each step's log is in
# build/check/; the last line is "N passed, M failed",
# and the exit status is 1 on any failure.
set -u

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=$repo/build/check
passed=0
failed=0
mkdir -p "$logs"
cd "$repo" || exit 1

# add PASSED FAILED STEP: account one step's results
add() {
	passed=$((passed + $1))
	failed=$((failed + $2))
	printf 'check: %-12s %d passed, %d failed\n' "$3" "$1" "$2"
}

# step NAME CMD...: a step that is one test (a build, a style check)
step() {
	local name=$1
	shift
	if "$@" >"$logs/$name.log" 2>&1; then
		add 1 0 "$name"
	else
		add 0 1 "$name"
		tail -n 30 "$logs/$name.log" | sed 's/^/  | /'
	fi
}

# counted NAME CMD...: a step whose last line is "N passed, M failed"
counted() {
	local name=$1 last p f
	shift
	"$@" >"$logs/$name.log" 2>&1
	local rc=$?
	last=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$logs/$name.log" | tail -n 1)
	p=$(echo "$last" | sed -nE 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/p')
	f=$(echo "$last" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')
	if [ -z "$p" ]; then
		p=0
		f=1
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# the runner failed without saying which test
	fi
	add "$p" "$f" "$name"
	[ "$f" -eq 0 ] || grep -E 'not ok|FAIL|failed|error' "$logs/$name.log" | head -n 20 | sed 's/^/  | /'
}

step deps tests/deps.sh
step build make -s CGW_WERROR=1 all
counted kmatrix tests/kmatrix.sh --install
step guest-bin make -s -C tests/vm/guest
counted kunit tests/kunit/run.sh
step checkpatch tests/checkpatch.sh
# The netlink spec, the uapi header and the kernel's policies agree; one version.
step nlspec python3 tests/nlspec.py
step layering python3 tests/layering.py --selftest
counted unit make -s -C userspace test
counted fuzz tests/fuzz/run.sh 30
counted deploy tests/deploy.sh
counted deb tests/deb.sh
counted dkms tests/dkms.sh
counted vm-harness tests/vm/selftest.sh
counted bench-report tests/bench/selftest.sh
counted vm-suites tests/vm/run.sh --kernel all
# Real services (docs/services.md): learned, replayed 10 times in
# protect, attacked; each suite prints its "# service=" line.
counted services tests/vm/run.sh --kernel all tests/services/suites/*.sh
for f in "${CGW_VM_LOGS:-build/vm-logs}"/*/{postgres,redis,web}.log; do
	[ -f "$f" ] || continue
	grep -a '^# service=' "$f" | sort -u |
		sed "s|^# |  $(basename "$(dirname "$f")"): |"
done
counted fresh-demo tests/fresh-clone.sh
step report tests/robustness/report.sh --title "cgwarden robustness report (make check)" \
	-o "$logs/robustness.md"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
