#!/bin/sh
# Decision throughput, run by tests/bench/run.sh on 2 vCPUs without
# icount (wall clock): two processes in one cgroup in protect mode, with a
# learned model, doing a fixed count of open+close (then of UDP sendto) at
# full speed, released together.  The cgroup's decision counters must
# grow by exactly the operations performed: nothing lost, none undecided,
# no hook re-entry missed.
#
# Results: "# tput op=OP procs=P ops=N ns=T per_s=R decisions=D" lines.
# shellcheck source=../integration/lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

if grep -q 'cgw.bench_quick=1' /proc/cmdline; then N=20000; else N=200000; fi
P=2
echo "# guest-cpu $(grep -c '^processor' /proc/cpuinfo) x $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
mkdir -p /tmp/b
cp /cgw/cgw-bench /tmp/b/
echo x >/tmp/b/file
B=/tmp/b/cgw-bench

tap_check "insmod" cgw_load
cgw_mkcg tp >/dev/null
cgwardenctl mode /tp learn
cgw_in_cg tp $B par 1 1 open /tmp/b/file >/dev/null
cgw_in_cg tp $B par 1 1 sendto >/dev/null
cgwardenctl mode /tp protect
tap_note "model: $(cgw_cg_field /tp entries) entries"

missed() {
	cgwardenctl status --json | grep -o '"missed":[0-9]*' | cut -d: -f2 |
		awk '{ s += $1 } END { print s + 0 }'
}
undecided() { cgwardenctl status --json | cgw_json_field undecided; }

# run OP KEY ARGS...: KEY is the counter of list --json that OP feeds
run() {
	op=$1 key=$2
	shift 2
	# A run of one operation per process gives the fixed cost of starting
	# the processes (the exec of cgw-bench is decided too); the run of N
	# must add exactly P * (N - 1) decisions to it.
	c0=$(cgw_cg_field /tp "$key")
	cgw_in_cg tp $B par $P 1 "$@" >/dev/null
	m0=$(missed) u0=$(undecided) d0=$(cgw_cg_field /tp denials)
	c1=$(cgw_cg_field /tp "$key")
	r=$(cgw_in_cg tp $B par $P $N "$@")
	c2=$(cgw_cg_field /tp "$key")
	fixed=$((c1 - c0 - P))
	dec=$((c2 - c1 - fixed))
	echo "# tput op=$op procs=$P $r decisions=$dec fixed=$fixed"
	tap_check "$op: $P x $N operations ran ($r)" test -n "$r"
	tap_eq "$op: decisions counted = operations performed" "$dec" $((P * N))
	tap_eq "$op: no hook re-entry missed" "$(missed)" "$m0"
	tap_eq "$op: none undecided" "$(undecided)" "$u0"
	tap_eq "$op: nothing refused" "$(cgw_cg_field /tp denials)" "$d0"
}

run open open open /tmp/b/file
run sendto sendmsg sendto

cgwardenctl mode /tp off
cgw_rmcg tp
tap_check "rmmod" cgw_unload
tap_done
