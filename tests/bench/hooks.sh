#!/bin/sh
# Hook cost, in one boot, under qemu -icount shift=0 -smp 1 (run by
# tests/bench/run.sh), where the guest's nanoseconds are instructions:
#
#   cgwarden: not loaded; loaded with no hook attached (a benchmark
#   build); loaded with the cgroup off; learn; monitor;
#   protect with models of 20, 1k, 10k and 100k entries; a second cgroup
#   in protect while the first holds the 100k model; memory per model
#   entry and per tracked cgroup from slab statistics.
#   peers, each after its own fresh baseline, in an order where none
#   leaves state behind for the next: AppArmor (enforce), sysdig with
#   Falco's scap driver, TOMOYO (a learned domain, enforcing; it cannot be
#   deactivated once loaded), auditd with syscall rules (last: once audit
#   is on, every new task carries an audit context).
#
# Results are "# bench LABEL op=N ..." (instructions per operation, median
# of 5 runs), "# peer NAME measured|not measured: REASON", "# mem ..."
# lines; tests/bench/report.sh turns them into bench/REPORT.md.  TAP lines
# say that a measurement ran and that what it measured was what it claims
# (nothing refused, each peer shown active).
#
# The kernel command line keeps Debian's LSM order and adds TOMOYO (not
# active until its loader runs); its loader and trigger are ours.
# cgw-vm-cmdline: lsm=landlock,lockdown,yama,loadpin,safesetid,integrity,apparmor,tomoyo,bpf
# cgw-vm-cmdline: TOMOYO_loader=/cgw/tomoyo-loader TOMOYO_trigger=/cgw/tomoyo-trigger
# cgw-vm-bins: /sbin/apparmor_parser /sbin/auditd /sbin/auditctl /usr/bin/sysdig
# cgw-vm-bins: /usr/sbin/tomoyo-setprofile /usr/sbin/tomoyo-savepolicy
# shellcheck source=../integration/lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

if grep -q 'cgw.bench_quick=1' /proc/cmdline; then
	N_OPEN=500 N_CONN=100 N_SEND=500 N_EXEC=10 N_NAMES=100 BIG=20000
else
	N_OPEN=5000 N_CONN=1000 N_SEND=5000 N_EXEC=100 N_NAMES=1000 BIG=100000
fi
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
echo "# guest-cpu $(grep -c '^processor' /proc/cpuinfo) x $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "# guest-lsm $(cat /sys/kernel/security/lsm 2>/dev/null || echo '?')"
echo "# bench-config open=$N_OPEN connect=$N_CONN sendto=$N_SEND exec=$N_EXEC names=$N_NAMES mmap=$N_OPEN runs=5 big=$BIG"

# Everything the benchmarks touch is on tmpfs, the same for every row.
mkdir -p /tmp/b
cp /cgw/cgw-bench /cgw/cgw-true /tmp/b/
echo x >/tmp/b/file
echo y >/tmp/b/other
mkdir -p /tmp/b/n
# Without ASLR, exec touches the same page tables every time: fork+exec
# repeats as well as the other figures.
echo 0 >/proc/sys/kernel/randomize_va_space
cgw_mkcg bench >/dev/null

B=/tmp/b/cgw-bench

# measure LABEL [CGROUP]: one "# bench" line; ok when every figure came
# (cgw-bench prints none when any operation failed)
measure() {
	_c=${2:-bench}
	_o=$(cgw_in_cg "$_c" $B open /tmp/b/file $N_OPEN)
	_e=$(cgw_in_cg "$_c" $B exec $N_EXEC /tmp/b/cgw-true)
	_n=$(cgw_in_cg "$_c" $B connect 7000 $N_CONN)
	_s=$(cgw_in_cg "$_c" $B sendto $N_SEND)
	_a=$(cgw_in_cg "$_c" $B names /tmp/b/n $N_NAMES)
	_m=$(cgw_in_cg "$_c" $B mmap /tmp/b/cgw-true $N_OPEN)
	echo "# bench $1 open=$_o exec=$_e connect=$_n sendto=$_s names=$_a mmap=$_m"
	if [ -n "$_o" ] && [ -n "$_e" ] && [ -n "$_n" ] && [ -n "$_s" ] &&
		[ -n "$_a" ] && [ -n "$_m" ]; then
		tap_ok "measured: $1"
	else
		tap_fail "measured: $1 (an operation failed)" \
			"open=$_o exec=$_e connect=$_n sendto=$_s names=$_a mmap=$_m"
	fi
}

# once: every benchmark run briefly (to learn, or to create domains)
once() {
	cgw_in_cg "${1:-bench}" $B open /tmp/b/file 2 >/dev/null
	cgw_in_cg "${1:-bench}" $B exec 2 /tmp/b/cgw-true >/dev/null
	cgw_in_cg "${1:-bench}" $B connect 7000 2 >/dev/null
	cgw_in_cg "${1:-bench}" $B sendto 2 >/dev/null
	cgw_in_cg "${1:-bench}" $B names /tmp/b/n 2 >/dev/null
	cgw_in_cg "${1:-bench}" $B mmap /tmp/b/cgw-true 2 >/dev/null
}

# peer NAME STATUS...: the report's line for a peer
peer() {
	_p=$1
	shift
	echo "# peer $_p $*"
}

# filler CGROUP FROM TO: a model document of file entries FROM..TO-1
# (rules of at most 1000 patterns: a rule holds 1024)
filler() {
	awk -v cg="$1" -v a="$2" -v b="$3" 'BEGIN {
		print "rules:"
		for (i = a; i < b; i++) {
			if ((i - a) % 1000 == 0)
				print "  - name: filler" i "\n    cgroups:\n      - " cg "\n    allow:\n      files:"
			printf "        - path: /usr/lib/cgw-filler/d%03d/lib%06d.so\n          access: r\n", i % 1000, i
		}
	}'
}

# grow CGROUP N: import filler entries until the model holds N
# (in imports of at most 50000: the kernel takes 65536 entries at once)
grow() {
	_have=$(cgw_cg_field "$1" entries)
	while [ "$_have" -lt "$2" ]; do
		_to=$((_have + 50000))
		[ "$_to" -le "$2" ] || _to=$2
		filler "$1" "$_have" "$_to" >/tmp/filler.yaml
		cgwardenctl model import "$1" /tmp/filler.yaml >/dev/null || break
		_have=$_to
	done
	tap_eq "$1: the model holds $2 entries" "$(cgw_cg_field "$1" entries)" "$2"
}

# mem NAME: "SLAB_KB,VMALLOC_KB,USED_KB" from /proc/meminfo once it holds
# still (frees after an RCU grace period, such as a replaced hash bucket
# table, are done): two readings 2 s apart within 16 kB of Slab, at most
# 30 s.  Slab includes large kmallocs (rhashtable bucket tables); USED is
# MemTotal - MemFree.  Keeps /proc/slabinfo in /tmp/slabinfo.NAME.
mem() {
	sync
	_last=-1
	_i=0
	while [ $_i -lt 15 ]; do
		sleep 2
		_m=$(awk '/^Slab:/ { s = $2 } /^VmallocUsed:/ { v = $2 } /^MemTotal:/ { t = $2 }
			/^MemFree:/ { f = $2 } END { print s "," v "," t - f }' /proc/meminfo)
		_s=${_m%%,*}
		[ "$_last" -ge 0 ] && [ $((_s - _last)) -le 16 ] && [ $((_last - _s)) -le 16 ] && break
		_last=$_s
		_i=$((_i + 1))
	done
	cat /proc/slabinfo >"/tmp/slabinfo.$1"
	echo "$_m"
}

# slabdiff WHAT NAME1 NAME2: the caches that grew from mem NAME1 to NAME2
slabdiff() {
	awk -v w="$1" 'FNR == NR { if (FNR > 2) b[$1] = $2 * $4; next }
		FNR > 2 && ($2 * $4 - b[$1]) >= 16384 {
			printf "# slab %s %s +%d kB (objsize %d)\n", w, $1, ($2 * $4 - b[$1]) / 1024, $4 }' \
		"/tmp/slabinfo.$2" "/tmp/slabinfo.$3"
}

# settle: right after boot, work in the background (on 6.12 the first
# figures came out 1.6 to 2 times too high) is counted too, since the
# clock counts every instruction: wait until two open+close runs agree
# within 0.3%.
settle() {
	_prev=0
	_i=0
	while [ $_i -lt 10 ]; do
		_v=$(cgw_in_cg bench $B open /tmp/b/file $N_OPEN)
		echo "# settle open=$_v"
		awk -v a="$_v" -v b="$_prev" 'BEGIN { exit !(b > 0 && (a - b) / b < 0.003 && (b - a) / b < 0.003) }' &&
			return 0
		_prev=$_v
		_i=$((_i + 1))
		sleep 2
	done
	return 1
}

# ---------------------------------------------------------------- cgwarden --

if settle; then
	tap_ok "the guest settled (open+close repeats within 0.3%)"
else
	tap_fail "the guest did not settle: open+close does not repeat within 0.3%"
fi
measure unloaded
# The module loaded with no hook attached (a benchmark build): what its
# own allocations at load do to the operations measured, through the
# state they leave the slab allocator in.  Not a hook's cost, and in
# every row below.
# (with the same parameters: what they size, it allocates too)
params="max_entries=$((BIG * 2)) max_entries_total=$((BIG * 4)) max_cgroups=4096"
# shellcheck disable=SC2086
tap_check "insmod of the benchmark build with no hook attached" \
	insmod "$CGW_DIR/cgwarden-nohook.ko" $params
measure nohook
tap_check "its rmmod" rmmod cgwarden
# shellcheck disable=SC2086
tap_check "insmod (max_entries=$((BIG * 2)))" cgw_load $params
measure off
# Untracked while another cgroup is tracked: the gate is open, /bench has
# no state and no tracked ancestor.
cgw_mkcg bench-other >/dev/null
cgwardenctl mode /bench-other learn
measure untracked
tap_eq "untracked: /bench got no state" "$(cgw_cg_json /bench)" ""
cgwardenctl mode /bench learn
once
measure learn
learned=$(cgw_cg_field /bench entries)
tap_note "learned $learned entries:"
cgwardenctl model show /bench | tap_diag
cgwardenctl mode /bench monitor
measure monitor
tap_eq "monitor: no alert (everything was learned)" "$(cgw_cg_field /bench alerts)" 0
cgwardenctl mode /bench protect
# The smallest model is what the benchmarks learn (11 entries), and more.
for n in 20 1000 10000 $BIG; do
	if [ "$n" = $BIG ]; then
		m0=$(mem e0)
		grow /bench $BIG
		m1=$(mem e1)
		echo "# mem entries n=$((BIG - 10000)) path_bytes=37 before_kb=$m0 after_kb=$m1"
		slabdiff entries e0 e1
	else
		grow /bench "$n"
	fi
	measure "protect-$n"
done
tap_eq "protect: nothing was refused" "$(cgw_cg_field /bench denials)" 0

# A second cgroup, protecting its own 20-entry model, while /bench holds
# the big one.
cgw_mkcg bench2 >/dev/null
cgwardenctl mode /bench2 learn
once bench2
grow /bench2 20
cgwardenctl mode /bench2 protect
measure "cg2-protect-20" bench2
tap_eq "second cgroup: nothing was refused" "$(cgw_cg_field /bench2 denials)" 0
tap_eq "protect: a file outside the model is refused" \
	"$(cgw_in_cg bench $B try /tmp/b/other)" EPERM

# Memory per tracked cgroup: 1000 cgroups made first, then tracked at once
# by a policy that sets their mode.
cgw_mkcg_many memcg 1000
# Counted by path: a policy that sets modes gives state to other cgroups
# at their first call too (the root's shell), not only to these.
ntracked() { cgw_ntracked_many memcg; }
before=$(ntracked)
m0=$(mem c0)
cgwardenctl policy load /tmp/memcg.yaml >/dev/null
m1=$(mem c1)
after=$(ntracked)
echo "# mem cgroups n=$((after - before)) before_kb=$m0 after_kb=$m1"
slabdiff cgroups c0 c1
tap_eq "memory: 1000 more cgroups tracked" "$((after - before))" 1000
cgwardenctl policy clear >/dev/null
cgwardenctl mode /bench off
cgwardenctl mode /bench2 off
rmdir /sys/fs/cgroup/memcg/c[0-9]* /sys/fs/cgroup/memcg
cgwardenctl mode /bench-other off
cgw_rmcg bench2
cgw_rmcg bench-other
tap_check "rmmod" cgw_unload

# ------------------------------------------------------------------- peers --

# AppArmor: a profile of the benchmark in enforce mode.
measure apparmor-base
if ! grep -q apparmor /sys/kernel/security/lsm 2>/dev/null; then
	peer apparmor "not measured: AppArmor is not an active LSM ($(cat /sys/kernel/security/lsm 2>&1))"
	tap_fail "apparmor active"
elif ! out=$(mkdir -p /etc/apparmor && : >>/etc/apparmor/parser.conf &&
	apparmor_parser -r -K /cgw/cgwbench.apparmor 2>&1); then
	peer apparmor "not measured: apparmor_parser failed: $(echo "$out" | head -n 1)"
	tap_fail "apparmor_parser loads the profile" "$out"
else
	label=$(cgw_in_cg bench $B attr)
	tap_eq "apparmor: the benchmark runs confined" "$label" "cgwbench (enforce)"
	tap_eq "apparmor: the profile refuses what it does not list" \
		"$(cgw_in_cg bench $B try /tmp/b/other)" EACCES
	measure apparmor
	peer apparmor "measured: profile cgwbench, enforce, label '$label'"
	apparmor_parser -R /cgw/cgwbench.apparmor
fi

# sysdig with Falco's kernel driver (scap.ko, built from Debian's
# falcosecurity-scap-dkms by tests/bench/run.sh), its consumer reading
# every event on the same vCPU.
measure sysdig-base
if [ ! -f /cgw/scap.ko ]; then
	peer sysdig "not measured: scap.ko was not built for $(uname -r) (see the host's reason)"
	tap_ok "sysdig: no driver for this kernel (reported)"
elif ! out=$(insmod /cgw/scap.ko 2>&1); then
	peer sysdig "not measured: insmod scap.ko: $out"
	tap_fail "insmod scap.ko" "$out"
else
	# -q: no event printed; -S: the count of every event type at exit
	sysdig -q -S >/tmp/sysdig.out 2>&1 &
	sdpid=$!
	sleep 3
	if kill -0 $sdpid 2>/dev/null; then
		measure sysdig
		kill -INT $sdpid
		wait $sdpid
		head -n 12 /tmp/sysdig.out | tap_diag
		ev=$(awk 'NF == 3 && $3 ~ /^[0-9]+$/ { s += $3 } END { print s + 0 }' /tmp/sysdig.out)
		tap_check "sysdig: the driver delivered events ($ev)" test "${ev:-0}" -gt 0
		peer sysdig "measured: sysdig $(sysdig --version | awk '{print $3}') reading scap.ko, $ev events"
	else
		peer sysdig "not measured: sysdig exited: $(tail -n 1 /tmp/sysdig.out)"
		tap_fail "sysdig runs" "$(cat /tmp/sysdig.out)"
	fi
	rmmod scap
fi

# TOMOYO: activated by executing the trigger (the loader sets profiles),
# the benchmark's domains learned, then enforcing.
measure tomoyo-base
t=/sys/kernel/security/tomoyo
if ! grep -q tomoyo /sys/kernel/security/lsm 2>/dev/null; then
	peer tomoyo "not measured: TOMOYO is not an active LSM ($(cat /sys/kernel/security/lsm 2>&1))"
	tap_fail "tomoyo active"
else
	/cgw/tomoyo-trigger
	if ! dmesg | grep -q 'Mandatory Access Control activated'; then
		peer tomoyo "not measured: the loader did not activate TOMOYO"
		tap_fail "tomoyo activated" "$(dmesg | grep -i tomoyo)"
	else
		tap_ok "tomoyo: Mandatory Access Control activated"
		once	# the domains exist from here on
		for d in '<kernel> /tmp/b/cgw-bench' '<kernel> /tmp/b/cgw-true'; do
			printf 'select %s\nuse_profile 1\n' "$d" >$t/domain_policy
		done
		once	# learning
		once
		for d in '<kernel> /tmp/b/cgw-bench' '<kernel> /tmp/b/cgw-true'; do
			printf 'select %s\nuse_profile 3\n' "$d" >$t/domain_policy
		done
		awk '/^<kernel>/ { on = ($0 == "<kernel> /tmp/b/cgw-bench") } on && NF' \
			$t/domain_policy | tap_diag
		tap_eq "tomoyo: the benchmark's domain enforces" \
			"$(grep -A2 '^<kernel> /tmp/b/cgw-bench$' $t/domain_policy | sed -n 's/^use_profile //p')" 3
		tap_eq "tomoyo: the domain refuses what it did not learn" \
			"$(cgw_in_cg bench $B try /tmp/b/other)" EPERM
		measure tomoyo
		peer tomoyo "measured: learned domain <kernel> /tmp/b/cgw-bench, use_profile 3 (enforcing)"
		# Back to profile 0 (disabled) for auditd; TOMOYO stays loaded.
		for d in '<kernel> /tmp/b/cgw-bench' '<kernel> /tmp/b/cgw-true'; do
			printf 'select %s\nuse_profile 0\n' "$d" >$t/domain_policy
		done
	fi
fi

# auditd with syscall rules: the last peer, audit stays on.
measure auditd-base
cgw_auditd_start RAW NONE 1000
adpid=$CGW_AUDITD_PID
if [ "$(auditctl -s 2>/dev/null | sed -n 's/^pid //p')" != "$adpid" ]; then
	peer auditd "not measured: auditd did not register: $(cat /tmp/auditd.out)"
	tap_fail "auditd runs" "$(cat /tmp/auditd.out)"
else
	auditctl -b 8192 >/dev/null
	auditctl -a always,exit -F arch=b64 -S execve,openat,connect,sendto -k cgwbench >/dev/null
	auditctl -l | tap_diag
	l0=$(grep -c 'key="cgwbench"' /tmp/audit/audit.log)
	measure auditd
	sleep 2
	l1=$(grep -c 'key="cgwbench"' /tmp/audit/audit.log)
	tap_check "auditd: the log grew by the benchmark's syscalls ($((l1 - l0)) records)" \
		test $((l1 - l0)) -gt $((5 * N_OPEN))
	peer auditd "measured: rules execve,openat,connect,sendto (-k cgwbench), $((l1 - l0)) records, lost $(auditctl -s | sed -n 's/^lost //p')"
	auditctl -D >/dev/null
	kill $adpid
fi
cgw_rmcg bench
tap_done
