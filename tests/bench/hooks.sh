#!/bin/sh
# Hook cost, in one boot: module not loaded, then loaded with the cgroup
# off, learning, and protecting its learned model.  Run by
# tests/bench/run.sh under qemu -icount shift=0 -smp 1, where the guest's
# nanoseconds are instructions.  Results are '# bench' lines; each TAP line
# only says a measurement ran.
# shellcheck source=../integration/lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

echo x >/tmp/bench-file
cgw_mkcg bench >/dev/null
N_OPEN=20000
N_NET=3000
N_EXEC=300

measure() {	# measure LABEL: one line per operation
	o=$(cgw_in_cg bench cgw-bench open /tmp/bench-file $N_OPEN)
	c=$(cgw_in_cg bench cgw-bench connect 7000 $N_NET)
	s=$(cgw_in_cg bench cgw-bench sendto $N_NET)
	e=$(cgw_in_cg bench cgw-bench exec $N_EXEC /cgw/cgw-probe)
	echo "# bench $1 open=$o connect=$c sendto=$s exec=$e"
	[ -n "$o" ] && [ -n "$c" ] && [ -n "$s" ] && [ -n "$e" ] &&
		tap_ok "measured: $1" || tap_fail "measured: $1" "$o $c $s $e"
}

measure unloaded
tap_check "insmod" cgw_load
measure off
cgwardenctl mode /bench learn
measure learn
cgwardenctl mode /bench protect
measure protect
tap_eq "protect: the benchmark itself was never refused" \
	"$(cgw_cg_field /bench denials)" 0
cgw_rmcg bench
tap_check "rmmod" cgw_unload
tap_done
