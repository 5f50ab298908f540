#!/bin/bash
# `make bench`: cgwarden's hook cost beside its peers, on each kernel, and
# bench/REPORT.md with plots.
#
#   tests/bench/run.sh [--kernel 6.1|6.12|all] [--quick] [--report-only]
#
# Per kernel, two boots:
#   hooks.sh       qemu -icount shift=0 -smp 1: guest ns = instructions,
#                  repeatable within 0.1%; cgwarden's modes and model sizes,
#                  a second cgroup, memory from slab statistics, then the
#                  peers (AppArmor, sysdig + scap, TOMOYO, auditd)
#   throughput.sh  -smp 2 without icount: decisions/s in protect, and the
#                  decision count checked against the operations performed
# --quick runs small counts (a 20k model instead of 100k): for development,
# not for the report's figures.  --report-only rebuilds the report from the
# logs of the last run.  Logs: build/bench/logs/<kernel>/.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
kernel=all
quick=0
report_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:?--kernel needs 6.1, 6.12 or all}; shift 2 ;;
	--quick) quick=1; shift ;;
	--report-only) report_only=1; shift ;;
	*) sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2 ;;
	esac
done
out=$repo/build/bench
logs=$out/logs

# deps: what the peers and the plots need, besides tests/deps.sh
deps() {
	local pkgs=(gnuplot-nox apparmor tomoyo-tools sysdig auditd) missing=() p
	"$repo/tests/deps.sh"
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "bench: installing ${missing[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"${missing[@]}" >/dev/null
	fi
	# Falco's driver source, unpacked, not installed: installing the DKMS
	# package would build it for every kernel on this machine.
	if ! compgen -G "$out/scap-src/usr/src/scap-*/Makefile" >/dev/null; then
		rm -rf "$out/scap-src" "$out/scap-deb"
		mkdir -p "$out/scap-deb"
		if (cd "$out/scap-deb" && apt-get download falcosecurity-scap-dkms >/dev/null 2>&1); then
			dpkg-deb -x "$out"/scap-deb/*.deb "$out/scap-src"
		else
			echo "bench: apt-get download falcosecurity-scap-dkms failed: no sysdig peer" >&2
		fi
	fi
}

bench() {
	local src="" rc=0
	src=$(compgen -G "$out/scap-src/usr/src/scap-*" | head -n 1 || true)
	make -s -C "$repo/tests/vm/guest"
	rm -rf "$logs"
	mkdir -p "$logs"
	export CGW_VM_LOGS=$logs CGW_VM_OUT=$out/mod CGW_BENCH_SCAP_SRC=$src
	[ "$quick" = 1 ] && export CGW_VM_CMDLINE=cgw.bench_quick=1
	echo "bench: hook cost (icount, 1 vCPU)"
	CGW_VM_SMP=1 CGW_VM_QEMU_ARGS="-icount shift=0" \
		CGW_VM_MODULE_BUILD=$repo/tests/bench/build-modules.sh \
		"$repo/tests/vm/run.sh" --kernel "$kernel" --timeout 1500 \
		"$repo/tests/bench/hooks.sh" || rc=1
	echo "bench: throughput (2 vCPUs, wall clock)"
	# the modules built above
	CGW_VM_SMP=2 CGW_VM_MODULE_BUILD=true \
		"$repo/tests/vm/run.sh" --kernel "$kernel" --timeout 900 \
		"$repo/tests/bench/throughput.sh" || rc=1
	for k in "$out"/mod/*/; do
		[ -f "$k/scap.reason" ] && cp "$k/scap.reason" "$logs/$(basename "$k")/" 2>/dev/null
		# the module measured, disassembled: atomics and locks on its allow path
		[ -f "$k/cgwarden.ko" ] && [ -d "$logs/$(basename "$k")" ] &&
			"$repo/tests/bench/lockscan.sh" "$k/cgwarden.ko" >"$logs/$(basename "$k")/lockscan.md"
	done
	return $rc
}

rc=0
if [ "$report_only" = 0 ]; then
	deps
	bench || rc=1
fi
mkdir -p "$repo/bench"
"$repo/tests/bench/report.sh" "$logs" "$repo/bench"
echo "bench: $repo/bench/REPORT.md"
[ "$quick" = 0 ] || echo "bench: --quick figures are not for the report: run make bench"
exit $rc
