#!/bin/sh
# Learning that ends itself: a cgroup set to learn --until-quiet moves on
# once its model has had no new entry for that long (and not before, and
# not before --min), says so in the audit log, and list shows progress.
# The same as a default for new cgroups.  Quiet is also measured in the
# cgroup's own operations (--quiet-ops, quiet_ops): an idle or slowed-down
# cgroup is not quiet; --quiet-ops 0 is wall time alone.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

uptime_s() { cut -d. -f1 /proc/uptime; }
mode_of() { cgw_cg_field "$1" mode; }

tap_check "insmod" cgw_load
cgw_mkcg q1 >/dev/null
tap_eq "config: quiet_ops 1000 by default" \
	"$(cgwardenctl config --json | cgw_json_field quiet_ops)" 1000
tap_check "learn until 6 s quiet (wall time alone), then protect" \
	cgwardenctl mode /q1 learn --until-quiet 6s --then protect --quiet-ops 0
i=0
while [ $i -lt 4 ]; do	# new entries for ~4 s: no promotion meanwhile
	echo $i >/tmp/q$i
	cgw_in_cg q1 cgw-probe open /tmp/q$i r >/dev/null
	last=$(uptime_s)	# the last new entry, to the second (floored)
	sleep 1
	i=$((i + 1))
done
tap_eq "still learning while new entries come" "$(mode_of /q1)" learn
cgwardenctl list | tap_diag
tap_check "list shows the progress" sh -c 'cgwardenctl list | grep -q "learn>protect [0-9]*s/6s"'
case $(cgw_cg_json /q1) in
*'"learning":{"until_quiet_ms":6000,"then":"protect"'*) tap_ok "list --json says until_quiet_ms and then" ;;
*) tap_fail "list --json says until_quiet_ms and then" "$(cgw_cg_json /q1)" ;;
esac
sleep 3
tap_eq "3 s after the last new entry: still learning" "$(mode_of /q1)" learn
cgw_in_cg q1 cgw-probe open /tmp/q0 r >/dev/null	# known: not new
n=0
while [ "$(mode_of /q1)" = learn ] && [ $n -lt 20 ]; do sleep 1; n=$((n + 1)); done
took=$(($(uptime_s) - last))
tap_eq "then it moves on to protect by itself" "$(mode_of /q1)" protect
[ $took -ge 6 ] && [ $took -le 10 ] && tap_ok "on time: ${took}s after the last new entry (6 s asked, 2 s checks)" ||
	tap_fail "on time" "${took}s after the last new entry"
id=$(stat -c %i /sys/fs/cgroup/q1)
tap_eq "an audit record says so" \
	"$(cgw_audit_count op=promote mode=protect from=learn "cgroup_id=$id ")" 1
tap_eq "and protect holds: learned read" "$(cgw_in_cg q1 cgw-probe open /tmp/q3 r)" ok
echo n >/tmp/qnew
tap_eq "and protect holds: new read refused" "$(cgw_in_cg q1 cgw-probe open /tmp/qnew r)" EPERM

# --min: quiet is not enough before the minimum learning time.
cgw_mkcg q2 >/dev/null
cgwardenctl mode /q2 learn --until-quiet 2s --then monitor --min 8s --quiet-ops 0
start=$(uptime_s)
cgw_in_cg q2 cgw-probe open /tmp/q0 r >/dev/null
sleep 5
tap_eq "quiet, but under --min: still learning" "$(mode_of /q2)" learn
n=0
while [ "$(mode_of /q2)" = learn ] && [ $n -lt 20 ]; do sleep 1; n=$((n + 1)); done
took=$(($(uptime_s) - start))
tap_eq "after --min it moves on to monitor" "$(mode_of /q2)" monitor
[ $took -ge 8 ] && tap_ok "not before --min (${took}s)" || tap_fail "not before --min" "${took}s"

# A default for new cgroups.
tap_check "new cgroups: learn until 3 s quiet, then protect" \
	cgwardenctl config --default-mode learn --until-quiet 3s --then protect --quiet-ops 0
cgwardenctl config | tap_diag
cgw_in_cg q3 cgw-probe open /tmp/q0 r >/dev/null
tap_eq "a new cgroup starts learning" "$(mode_of /q3)" learn
n=0
while [ "$(mode_of /q3)" = learn ] && [ $n -lt 20 ]; do sleep 1; n=$((n + 1)); done
tap_eq "and ends it by itself" "$(mode_of /q3)" protect
cgwardenctl config --default-mode off --until-quiet 0 --quiet-ops 1000

# Quiet in the cgroup's own operations: idle is not quiet.
cgw_mkcg q4 >/dev/null
tap_check "learn until 2 s and 300 operations quiet, then protect" \
	cgwardenctl mode /q4 learn --until-quiet 2s --then protect --quiet-ops 300
cgw_in_cg q4 cgw-probe open /tmp/q1 r >/dev/null
sleep 6
tap_eq "idle for 6 s (3 times the quiet time): still learning" "$(mode_of /q4)" learn
cgwardenctl list | tap_diag
tap_check "list shows the operations counted" \
	sh -c 'cgwardenctl list | grep -q "learn>protect [0-9]*s/2s [0-9]*/300ops"'
case $(cgw_cg_json /q4) in
*'"quiet_ops":300,"ops_since_new":'*) tap_ok "list --json says quiet_ops and ops_since_new" ;;
*) tap_fail "list --json says quiet_ops and ops_since_new" "$(cgw_cg_json /q4)" ;;
esac
cgw_in_cg q4 cgw-probe loop 200 open /tmp/q1 r >/dev/null	# known: not new
cgw_in_cg q4 cgw-probe open /tmp/q2 r >/dev/null	# new: counting restarts
cgw_in_cg q4 cgw-probe loop 200 open /tmp/q1 r >/dev/null
sleep 5
tap_eq "a new entry restarts the count: still learning" "$(mode_of /q4)" learn
cgw_in_cg q4 cgw-probe loop 200 open /tmp/q1 r >/dev/null
n=0
while [ "$(mode_of /q4)" = learn ] && [ $n -lt 10 ]; do sleep 1; n=$((n + 1)); done
tap_eq "quiet in time and in operations: it moves on to protect" "$(mode_of /q4)" protect
tap_eq "and protect holds: learned read" "$(cgw_in_cg q4 cgw-probe open /tmp/q2 r)" ok

# A runtime's parent cgroup, where nothing runs, ends its learning with
# the container's below it (they share the model): a container made again
# there is born in protect, not learning.
cgw_mkcg q5 >/dev/null
cgwardenctl mode /q5 learn --until-quiet 2s --then protect --quiet-ops 100
cgw_mkcg q5/ctr >/dev/null
cgw_mkcg q6 >/dev/null	# control: a parent whose own task ran
cgwardenctl mode /q6 learn --until-quiet 2s --then protect --quiet-ops 100
cgw_mkcg q6/ctr >/dev/null
for c in q5 q6; do
	cgw_in_cg $c/ctr cgw-probe open /tmp/q1 r >/dev/null
	cgw_in_cg $c/ctr cgw-probe loop 150 open /tmp/q1 r >/dev/null
done
cgw_in_cg q6 cgw-probe open /tmp/q1 r >/dev/null
n=0
while { [ "$(mode_of /q5/ctr)" = learn ] || [ "$(mode_of /q6/ctr)" = learn ]; } &&
	[ $n -lt 15 ]; do
	sleep 1
	n=$((n + 1))
done
tap_eq "the container's cgroup moves on to protect" "$(mode_of /q5/ctr)" protect
tap_eq "its parent, where nothing ran, with it" "$(mode_of /q5)" protect
tap_eq "control: a parent whose task ran stays learning" "$(mode_of /q6)" learn
cgw_rmcg q5/ctr
cgw_rmcg q6/ctr
cgw_mkcg q5/ctr2 >/dev/null
cgw_mkcg q6/ctr2 >/dev/null
echo n >/tmp/qnew5
tap_eq "a container made again there: born in protect, a new read refused" \
	"$(cgw_in_cg q5/ctr2 cgw-probe open /tmp/qnew5 r)" EPERM
tap_eq "... its learned read allowed" "$(cgw_in_cg q5/ctr2 cgw-probe open /tmp/q1 r)" ok
tap_eq "control: made again below the learning parent, the read works" \
	"$(cgw_in_cg q6/ctr2 cgw-probe open /tmp/qnew5 r)" ok
for c in q1 q2 q3 q4 q5 q6; do cgw_rmcg $c; done
tap_check "rmmod" cgw_unload
tap_done
