#!/bin/bash
# Run cgwarden VM suites: for each kernel x suite, build an initramfs with the
# module, the CLI, lib.sh and the suite, boot it under qemu (TCG), and judge
# the serial console: TAP results, plan, exit status, kernel warnings.
#
#   tests/vm/run.sh [--kernel 6.1|6.12|all] [--timeout SECS] [--jobs N] [SUITE...]
#
# SUITE defaults to tests/integration/[0-9]*.sh.  Per suite, the files in
# <suite-dir>/<name>.d/ and tests/vm/guest-bin/* are copied into /cgw too, and
# a line "# cgw-vm-timeout: 900" gives a long suite more than --timeout
# seconds (the larger of the two holds), a line
# "# cgw-vm-kmods: veth overlay" in the suite lists kernel modules of
# the guest kernel to load before it runs, and "# cgw-vm-bins: /usr/sbin/runc"
# host programs to copy into /cgw (with their shared libraries), and
# "# cgw-vm-prep: tests/services/rootfs.sh redis" a command run on the
# host (from the repository's top) that makes files for the suite and
# prints their specs (SRC[=DEST], as for mkinitramfs.sh), one a line, and
# "# cgw-vm-env: CGW_NLFUZZ_COUNT" host environment variables the suite
# reads: those set on the host are set in the guest too (/cgw/env, which
# /init sources), so `CGW_NLFUZZ_COUNT=10000000 tests/vm/run.sh ...`
# works.  A line "# cgw-vm-make: CGW_FAULT_INJECT=1" builds that suite's
# module with these make variables, in a directory of its own
# (<out>-<variables>).
#
# Environment:
#   CGW_VM_NO_CLI=1        do not build or include userspace/cgwardenctl
#   CGW_VM_CLI=PATH        use PATH as /cgw/cgwardenctl instead of building
#   CGW_VM_MODULE_BUILD    command building the module(s) per kernel instead
#                          of "make kmod-out"; gets KNAME KVER KDIR OUT (and
#                          CGW_VM_MAKE_VARS, a suite's cgw-vm-make line) in
#                          the environment and must leave *.ko in $OUT
#   CGW_VM_OUT             build dir for modules (default build/<kernel>)
#   CGW_VM_KMODS           kernel modules to load in every guest
#   CGW_VM_GUEST_TIMEOUT   suite timeout inside the guest (default: a bit
#                          less than --timeout, so the guest can still report)
#   CGW_VM_SMP             vCPUs per VM (default 2)
#   CGW_VM_MTTCG=1         multi-threaded TCG (default: one host thread per
#                          VM; with MTTCG, 6.12 guests oops at random on
#                          "int3" when the kernel patches its own code)
#   CGW_VM_LOGS            log dir (default build/vm-logs)
#   CGW_VM_QEMU_ARGS       more qemu arguments (benchmarks: -icount shift=0,
#                          with CGW_VM_SMP=1)
#   CGW_VM_CMDLINE         more guest kernel command line words, for every
#                          suite (after the suite's own "# cgw-vm-cmdline:")
#
# Logs: build/vm-logs/<kernel>/<suite>.log.  Last line: "N passed, M failed";
# exit status 1 if anything failed.
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
vmdir=$repo/tests/vm
kernel_sel=all
timeout=300
jobs=2
suites=()

usage() {
	sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0" >&2
	exit 2
}

die() {
	echo "run.sh: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) kernel_sel=${2:?--kernel needs 6.1, 6.12 or all}; shift 2 ;;
		--timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
		--jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
		-h | --help) usage ;;
		-*) echo "run.sh: unknown option $1" >&2; usage ;;
		*) suites+=("$1"); shift ;;
		esac
	done
	[[ $timeout =~ ^[0-9]+$ ]] || die "--timeout: not a number: $timeout"
	if [ ${#suites[@]} -eq 0 ]; then
		shopt -s nullglob
		suites=("$repo"/tests/integration/[0-9]*.sh)
		shopt -u nullglob
		[ ${#suites[@]} -gt 0 ] || die "no suites in tests/integration/"
	fi
	local s
	for s in "${suites[@]}"; do
		[ -f "$s" ] || die "no such suite: $s"
	done
}

# Kernel lines "<name> <kver> <vmlinuz> <headers>" selected by --kernel
select_kernels() {
	local all
	all=$("$vmdir/kernels.sh") || { echo "run.sh: kernels missing (see above)" >&2; return 1; }
	case $kernel_sel in
	all) printf '%s\n' "$all" ;;
	*) awk -v k="$kernel_sel" '$1 == k' <<<"$all" | grep . || {
		echo "run.sh: unknown kernel '$kernel_sel' (have: $(awk '{print $1}' <<<"$all" | xargs))" >&2
		return 1
	} ;;
	esac
}

build_cli() {
	[ "${CGW_VM_NO_CLI:-0}" = 1 ] && return 0
	if [ -n "${CGW_VM_CLI:-}" ]; then
		[ -x "$CGW_VM_CLI" ] || die "CGW_VM_CLI=$CGW_VM_CLI is not executable"
		return 0
	fi
	echo "run.sh: building the CLI (make cli)"
	make -s -C "$repo" cli >"$logs/cli-build.log" 2>&1 || {
		tail -n 40 "$logs/cli-build.log" >&2
		die "make cli failed (log: $logs/cli-build.log)"
	}
	[ -x "$repo/userspace/cgwardenctl" ] || die "make cli did not produce userspace/cgwardenctl"
}

# build_module NAME KVER KDIR OUT LOG [VAR=VALUE...]: build the module(s)
# for one kernel, with make variables VAR=VALUE
build_module() {
	local name=$1 kver=$2 kdir=$3 out=$4 log=$5
	shift 5
	mkdir -p "$out"
	if [ -n "${CGW_VM_MODULE_BUILD:-}" ]; then
		KNAME=$name KVER=$kver KDIR=$kdir OUT=$out CGW_VM_MAKE_VARS="$*" \
			bash -c "$CGW_VM_MODULE_BUILD" >"$log" 2>&1 || return 1
	else
		make -C "$repo" kmod-out KDIR="$kdir" OUT="$out" "$@" >"$log" 2>&1 || return 1
		[ -f "$out/cgwarden.ko" ] || { echo "no $out/cgwarden.ko" >>"$log"; return 1; }
	fi
	compgen -G "$out/*.ko" >/dev/null || { echo "no .ko in $out" >>"$log"; return 1; }
}

# suite_prep SUITE: run the suite's "# cgw-vm-prep:" commands; print the
# file specs they print
suite_prep() {
	local cmd
	while IFS= read -r cmd; do
		[ -n "$cmd" ] || continue
		(cd "$repo" && bash -c "$cmd") || { echo "run.sh: cgw-vm-prep failed: $cmd" >&2; return 1; }
	done < <(sed -n 's/^# cgw-vm-prep: *//p' "$1")
}

# suite_files SUITE MODDIR ENVFILE PREPFILE: initramfs FILE arguments for
# one suite
suite_files() {
	local suite=$1 moddir=$2 envfile=$3 prepfile=$4 base f
	base=$(basename "$suite" .sh)
	echo "$suite=suite.sh"
	echo "$repo/tests/integration/lib.sh"
	for f in "$moddir"/*.ko; do echo "$f"; done
	[ "${CGW_VM_NO_CLI:-0}" = 1 ] ||
		echo "${CGW_VM_CLI:-$repo/userspace/cgwardenctl}=cgwardenctl"
	for f in "$(dirname "$suite")/$base.d"/* "$vmdir"/guest-bin/*; do
		[ -e "$f" ] && echo "$f"
	done
	# Host programs a suite needs ("# cgw-vm-bins: /usr/sbin/runc"): they
	# come with their shared libraries.
	for f in $(sed -n 's/^# cgw-vm-bins://p' "$suite"); do
		[ -x "$f" ] || { echo "run.sh: $suite needs $f (not installed)" >&2; return 1; }
		echo "$f"
	done
	cat "$prepfile"
	echo "$envfile=env"
	return 0
}

# suite_env SUITE OUT: write the "# cgw-vm-env:" variables set on the host
# to OUT as sh assignments, single-quoted
suite_env() {
	local v
	: >"$2"
	for v in $(sed -n 's/^# cgw-vm-env://p' "$1"); do
		[[ $v =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "run.sh: $1: bad cgw-vm-env name '$v'" >&2; return 1; }
		[ -n "${!v+set}" ] || continue
		printf "export %s='%s'\n" "$v" "$(printf '%s' "${!v}" | sed "s/'/'\\\\''/g")" >>"$2"
	done
}

# suite_make_vars SUITE: make variables named in "# cgw-vm-make:" lines
suite_make_vars() {
	sed -n 's/^# cgw-vm-make://p' "$1" | xargs
}

# suite_kmods SUITE: kernel modules named in "# cgw-vm-kmods:" lines
suite_kmods() {
	sed -n 's/^# cgw-vm-kmods://p' "$1" | xargs
}

# suite_cmdline SUITE: kernel command line words of "# cgw-vm-cmdline:" lines
suite_cmdline() {
	sed -n 's/^# cgw-vm-cmdline://p' "$1" | xargs
}

# no_timer_check: under TCG on a loaded host the guest's early IO-APIC
# timer check can miss its ticks and panic ("IO-APIC + timer doesn't
# work"), failing a suite before it starts.
# suite_timeout SUITE: --timeout, or the suite's "# cgw-vm-timeout:" if larger
suite_timeout() {
	local t
	t=$(sed -n 's/^# cgw-vm-timeout: *\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	echo $((${t:-0} > timeout ? t : timeout))
}

boot() { # boot KNAME VMLINUZ INITRD LOG CMDLINE TIMEOUT: run one VM, bounded
	local kname=$1 vmlinuz=$2 initrd=$3 log=$4 extra=${5:-} guest_to rc=0
	local timeout=${6:-$timeout}
	# The guest gives up on the suite early enough to still report.
	guest_to=${CGW_VM_GUEST_TIMEOUT:-$((timeout > 90 ? timeout - 45 : timeout / 2))}
	timeout -k 10 "$timeout" qemu-system-x86_64 \
		-accel "$accel" -nographic -no-reboot -m 1024 -smp "$smp" -cpu max \
		${CGW_VM_QEMU_ARGS:-} \
		-nic none -monitor none -serial "file:$log" \
		-kernel "$vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 loglevel=5 no_timer_check rdinit=/init cgw.timeout=$guest_to${extra:+ $extra}" \
		</dev/null >"$log.qemu" 2>&1 || rc=$?
	[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && echo "host timeout after ${timeout}s" >>"$log.qemu"
	return 0
}

# Kernel messages that fail a suite whatever its TAP says.
# slub_debug's reports (a suite may boot with it) name the cache after BUG.
bad_re='WARNING:|BUG:|BUG [^ ]+ \((Not tainted|Tainted)|Redzone overwritten|Poison overwritten|[Pp]adding overwritten|Freepointer corrupt|Oops|Call Trace|Kernel panic|general protection fault|UBSAN:|KASAN:|kmemleak|refcount_t:|list_add corruption|list_del corruption|INFO: task .* blocked|soft lockup|hard LOCKUP|rcu_sched detected stall|rcu: INFO:|CGW-INIT: insmod'

# judge LOG: print "<passed> <failed> <reason>" for one console log
judge() {
	local log=$1 clean tap ok notok skip plan nplans exitrc reasons=() bad
	clean=$(tr -d '\r' <"$log")
	if grep -q '^CGW-TAP-END' <<<"$clean"; then
		tap=$(sed -n '/^CGW-TAP-BEGIN/,/^CGW-TAP-END/p' <<<"$clean")
	else
		tap=$(sed -n '/^CGW-SUITE-BEGIN/,$p' <<<"$clean")
	fi
	ok=$(grep -cE '^ok [0-9]+' <<<"$tap" || true)
	skip=$(grep -cE '^ok [0-9]+.*# *(SKIP|skip)' <<<"$tap" || true)
	notok=$(grep -cE '^not ok [0-9]+' <<<"$tap" || true)
	ok=$((ok - skip))
	nplans=$(grep -cE '^1\.\.[0-9]+ *$' <<<"$tap" || true)
	plan=$(grep -E '^1\.\.[0-9]+ *$' <<<"$tap" | head -n 1 | sed 's/^1\.\.//; s/ *$//')
	exitrc=$(sed -n 's/^CGW-SUITE-EXIT \([0-9]*\).*/\1/p' <<<"$clean" | tail -n 1)

	[ "$skip" -eq 0 ] || reasons+=("$skip skipped (skips are failures)")
	[ "$notok" -eq 0 ] || reasons+=("$notok not ok")
	if [ -z "$exitrc" ]; then
		local qemu_err
		qemu_err=$(grep -v '^$' "$log.qemu" 2>/dev/null | tail -n 1 || true)
		if grep -q 'host timeout' "$log.qemu" 2>/dev/null; then
			reasons+=("timeout: VM killed after $(sed -n 's/^host timeout after \([0-9]*\)s$/\1/p' "$log.qemu" | head -n 1)s")
		else
			reasons+=("VM did not finish (no CGW-SUITE-EXIT)${qemu_err:+: qemu: $qemu_err}")
		fi
	elif grep -q '^CGW-SUITE-TIMEOUT' <<<"$clean"; then
		reasons+=("timeout: suite killed in the guest after $(sed -n 's/^CGW-SUITE-TIMEOUT //p' <<<"$clean")")
	elif [ "$exitrc" -ne 0 ] && [ "$notok" -eq 0 ]; then
		reasons+=("suite exit status $exitrc")
	fi
	if [ "$nplans" -eq 0 ]; then
		reasons+=("no TAP plan")
	elif [ "$nplans" -gt 1 ]; then
		reasons+=("$nplans TAP plans")
	elif [ "$plan" -ne $((ok + notok + skip)) ]; then
		reasons+=("plan 1..$plan but $((ok + notok + skip)) tests ran")
	fi
	bad=$(grep -m 1 -E "$bad_re" <<<"$clean" || true)
	# "at /long/build/path/file.c:11 func" -> "at file.c:11 func": the
	# reason must name the function wherever the checkout lives.
	bad=$(sed -E 's@ at /[^ ]*/([^/ ]+:[0-9]+)@ at \1@' <<<"$bad")
	[ -z "$bad" ] || reasons+=("kernel: ${bad:0:160}")

	# Failures not already counted as a "not ok" (or skipped) test count as
	# one more failed test.
	local harness=0 r
	for r in "${reasons[@]}"; do
		case $r in *" not ok" | *" skipped (skips are failures)") ;; *) harness=1 ;; esac
	done
	local IFS=';'
	echo "$ok $((notok + skip + harness)) ${reasons[*]}"
}

# report KNAME SUITE LOG PASSED FAILED REASON: print one result atomically
report() {
	local kname=$1 base=$2 log=$3 passed=$4 failed=$5 reason=$6
	{
		flock 9
		if [ "$failed" -eq 0 ]; then
			echo "PASS $kname $base ($passed ok)"
		else
			echo "FAIL $kname $base: ${reason//;/; } ($passed ok, $failed failed)"
			echo "---- last lines of $log ----"
			# the live output, not the dmesg copy at the end
			tr -d '\r' <"$log" | sed '/^CGW-TAP-BEGIN/,$d; s/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g' |
				tail -n 40 | sed 's/^/  | /'
			echo "----"
		fi
	} 9>"$workdir/lock"
}

# lane "NAME KVER VMLINUZ HEADERS": all suites on one kernel, in sequence
lane() {
	local name kver vmlinuz kdir out suite base log initrd res files vars sout
	local built=" "
	read -r name kver vmlinuz kdir <<<"$1"
	mkdir -p "$logs/$name"
	out=${CGW_VM_OUT:-$repo/build}/$name
	if ! build_module "$name" "$kver" "$kdir" "$out" "$logs/$name/module-build.log"; then
		report "$name" "module-build" "$logs/$name/module-build.log" 0 1 "module build failed for $kver"
		echo "0 1" >>"$workdir/totals"
		return 0
	fi
	for suite in "${suites[@]}"; do
		base=$(basename "$suite" .sh)
		log=$logs/$name/$base.log
		initrd=$workdir/$name-$base.cpio.gz
		rm -f "$log" "$log.qemu"
		suite_env "$suite" "$workdir/$name-$base.env" 2>"$log.qemu" || {
			cat "$log.qemu" >"$log"
			report "$name" "$base" "$log" 0 1 "$(tail -n 1 "$log.qemu")"
			echo "0 1" >>"$workdir/totals"
			continue
		}
		if ! suite_prep "$suite" >"$workdir/$name-$base.prep" 2>"$log.qemu"; then
			cat "$log.qemu" >"$log"
			report "$name" "$base" "$log" 0 1 "$(tail -n 1 "$log.qemu")"
			echo "0 1" >>"$workdir/totals"
			continue
		fi
		# A suite that wants its own build (cgw-vm-make) gets it, once.
		sout=$out
		vars=$(suite_make_vars "$suite")
		if [ -n "$vars" ]; then
			sout=$out-$(tr -c 'A-Za-z0-9_\n' _ <<<"${vars// /+}")
			case $built in
			*" $sout "*) ;;
			*)
				# shellcheck disable=SC2086 # one word per variable
				if ! build_module "$name" "$kver" "$kdir" "$sout" \
					"$logs/$name/module-build-$base.log" $vars; then
					report "$name" "$base" "$logs/$name/module-build-$base.log" 0 1 \
						"module build ($vars) failed for $kver"
					echo "0 1" >>"$workdir/totals"
					continue
				fi
				built="$built$sout "
				;;
			esac
		fi
		mapfile -t files < <(suite_files "$suite" "$sout" "$workdir/$name-$base.env" \
			"$workdir/$name-$base.prep")
		if ! CGW_VM_KMODS="${CGW_VM_KMODS:-} $(suite_kmods "$suite")" \
			"$vmdir/mkinitramfs.sh" "$initrd" "$kver" "${files[@]}" >"$log.qemu" 2>&1; then
			cat "$log.qemu" >"$log"
			report "$name" "$base" "$log" 0 1 "initramfs build failed: $(tail -n 1 "$log.qemu")"
			echo "0 1" >>"$workdir/totals"
			continue
		fi
		local t0=$SECONDS
		boot "$name" "$vmlinuz" "$initrd" "$log" \
			"$(suite_cmdline "$suite")${CGW_VM_CMDLINE:+ $CGW_VM_CMDLINE}" \
			"$(suite_timeout "$suite")"
		rm -f "$initrd"
		read -r passed failed res < <(judge "$log")
		report "$name" "$base [$((SECONDS - t0))s]" "$log" "$passed" "$failed" "$res"
		echo "$passed $failed" >>"$workdir/totals"
	done
}

cleanup() {
	local p
	# kill only the lanes this script started (their qemus die with timeout)
	for p in "${lane_pids[@]}"; do
		pkill -TERM -P "$p" 2>/dev/null || true
		kill "$p" 2>/dev/null || true
	done
	rm -rf "$workdir"
}

main() {
	parse_args "$@"
	command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
	logs=${CGW_VM_LOGS:-$repo/build/vm-logs}
	mkdir -p "$logs" "$repo/build/vm"
	workdir=$(mktemp -d "$repo/build/vm/run.XXXXXX")
	lane_pids=()
	trap cleanup EXIT
	trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

	local kernels
	kernels=$(select_kernels) || die "no kernel to run on"
	build_cli

	[ "$jobs" -ge 1 ] || jobs=1
	smp=${CGW_VM_SMP:-2}
	accel=tcg,thread=single
	[ "${CGW_VM_MTTCG:-0}" = 1 ] && accel=tcg,thread=multi
	: >"$workdir/totals"
	local k
	while read -r k; do
		if [ "$jobs" -gt 1 ]; then
			lane "$k" &
			lane_pids+=($!)
		else
			lane "$k"
		fi
	done <<<"$kernels"
	local p
	for p in "${lane_pids[@]}"; do wait "$p" || true; done
	lane_pids=()

	local passed failed
	read -r passed failed < <(awk '{p += $1; f += $2} END {print p + 0, f + 0}' "$workdir/totals")
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
