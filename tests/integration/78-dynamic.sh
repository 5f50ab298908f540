#!/bin/sh
# A dynamic baseline, end to end: a workload with fresh pids and mkstemp
# files learns a bounded model and replays in protect without a denial;
# directories and ports generalise past their thresholds, visibly, never
# for writes where programs and configuration live, and an operator can
# undo each widening; entries are bound to the program that used them, so
# a dropped binary cannot use what the server was allowed; alerts carry a
# severity; the circuit breaker drops a protected cgroup to monitor.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

entries() { cgw_cg_field "$1" entries; }
denials() { cgw_cg_field "$1" denials; }

tap_check "insmod" cgw_load
tap_eq "config: dir-names default" \
	"$(cgwardenctl config --json | cgw_json_field dir_names)" 32
tap_eq "config: exe pairing on by default" \
	"$(cgwardenctl config --json | cgw_json_field exe_pairing)" true

# --- the workload: fresh pids, per-request temp files ----------------------
cat >/tmp/dyn-work.sh <<'EOF'
i=0
while [ $i -lt 6 ]; do
	sh -c 'cat /proc/$$/stat >/dev/null; cat /proc/$$/status >/dev/null'
	f=$(mktemp /tmp/req.XXXXXX) && echo data >"$f" && cat "$f" >/dev/null
	rm -f "$f"
	f=$(mktemp) && echo x >>"$f" && rm -f "$f"
	i=$((i + 1))
done
echo done
EOF
cgw_mkcg dyn >/dev/null
cgwardenctl mode /dyn learn
runs=0
same=0
prev=-1
while [ $runs -lt 40 ] && [ $same -lt 3 ]; do
	cgw_in_cg dyn sh /tmp/dyn-work.sh >/dev/null
	runs=$((runs + 1))
	n=$(entries /dyn)
	if [ "$n" = "$prev" ]; then same=$((same + 1)); else same=0; fi
	prev=$n
done
tap_note "workload: $runs learning runs, model of $prev entries"
cgwardenctl model show /dyn | tap_diag
[ $same -ge 3 ] && tap_ok "the model stops growing ($prev entries after $runs runs)" ||
	tap_fail "the model stops growing" "still growing after $runs runs: $prev"
[ "${prev:-1000}" -le 150 ] && tap_ok "the model is bounded: $prev <= 150 entries" ||
	tap_fail "the model is bounded" "$prev entries"
tap_check "/proc/<pid> paths are one entry" \
	sh -c 'cgwardenctl model show /dyn | grep -q " /proc/\*/stat  exe=/bin/busybox$"'
tap_check "the temp directory stands for the files it made there, marked as such" \
	sh -c 'cgwardenctl model show /dyn | grep -q " /tmp/\*  (generalised: created: its own files)  exe=/bin/busybox$"'
cgwardenctl mode /dyn protect
ok=0
i=0
while [ $i -lt 10 ]; do
	[ "$(cgw_in_cg dyn sh /tmp/dyn-work.sh 2>&1)" = done ] && ok=$((ok + 1))
	i=$((i + 1))
done
tap_eq "protect: 10 replays complete" $ok 10
tap_eq "protect: zero denials in 10 replays" "$(denials /dyn)" 0
tap_eq "protect: the model did not grow" "$(entries /dyn)" "$prev"
cgw_rmcg dyn

# --- generalisation: visible, bounded to its access, undoable -------------
tap_check "dir-names 4, net-addrs 4" cgwardenctl config --dir-names 4 --net-addrs 4
mkdir -p /tmp/spool /etc/gentest
# Made by the host: names the cgroup made itself would be learned as its
# own files (wild: created, 96-created.sh), not counted for a DIR entry.
for f in job0 job1 job2 job3 job4 job5 new1 new2 more0 more1 more2 more3 \
	more4 more5 more6 more7; do
	: >/tmp/spool/$f
done
cgw_mkcg gen >/dev/null
cgwardenctl mode /gen learn
cgw_in_cg gen cgw-probe files /tmp/spool/job 6 w >/dev/null
cgw_in_cg gen cgw-probe files /etc/gentest/f 6 w >/dev/null
i=1
while [ $i -le 5 ]; do
	cgw_in_cg gen cgw-probe sendto udp 127.0.0.$i 9999 >/dev/null
	i=$((i + 1))
done
cgwardenctl model show /gen | tap_diag
tap_check "past 4 names, the directory is one entry, marked" \
	sh -c 'cgwardenctl model show /gen | grep -q "file  -w-- /tmp/spool/\*  (generalised: dir)"'
tap_check "... and stays in an export" \
	sh -c 'cgwardenctl model export /gen | grep -q "wild: dir"'
tap_eq "writes under /etc are never generalised" \
	"$(cgwardenctl model show /gen | grep -c '/etc/gentest/\*')" 0
tap_check "past 4 addresses, the port is one entry, marked" \
	sh -c 'cgwardenctl model show /gen | grep -q "udp .*:9999  (generalised: any address)"'
cgwardenctl mode /gen protect
tap_probe_in gen "protect: a new name in the generalised directory" ok open /tmp/spool/new1 w
tap_probe_in gen "protect: ... for its access only" EPERM open /tmp/spool/job0 r
tap_probe_in gen "protect: a new name under /etc is refused" EPERM open /etc/gentest/new w
tap_probe_in gen "protect: any address on the generalised port" ok sendto udp 127.0.0.77 9999
tap_probe_in gen "protect: ... not another port" EPERM sendto udp 127.0.0.77 9998
id=$(cgwardenctl model show /gen | awk '/spool\/\*  \(generalised: dir\)/ { print $1 }')
tap_check "model remove undoes the widening ($id)" cgwardenctl model remove /gen "$id"
tap_probe_in gen "after remove: a new name is refused" EPERM open /tmp/spool/new2 w
tap_probe_in gen "after remove: the learned names still open" ok open /tmp/spool/job3 w
cgwardenctl mode /gen learn
cgw_in_cg gen cgw-probe files /tmp/spool/more 8 w >/dev/null
tap_eq "a removed widening is not made again" \
	"$(cgwardenctl model show /gen | grep -c 'spool/\*  (generalised')" 0
tap_check_fails "model remove: an unknown id is refused" cgwardenctl model remove /gen deadbeef
tap_check "stats count generalisations" \
	sh -c 'cgwardenctl status --json | grep -q "\"generalised\":[1-9]"'
cgw_rmcg gen
cgwardenctl config --dir-names 32 --net-addrs 16

# --- exe pairing: what the server may, a dropped binary may not ------------
cp /cgw/cgw-probe /tmp/server
cp /cgw/cgw-probe /tmp/dropped
echo secret >/tmp/secret.key
cgw_mkcg pair >/dev/null
cgwardenctl mode /pair learn
cgw_in_cg pair /tmp/server open /tmp/secret.key r >/dev/null
cgw_in_cg pair /tmp/server sendto udp 127.0.0.1 7777 >/dev/null
cgw_in_cg pair /tmp/dropped open /dev/null r >/dev/null
cgwardenctl mode /pair protect
tap_eq "pairing: the server reads its key (as itself)" \
	"$(cgw_in_cg pair /tmp/server open /tmp/secret.key r)" ok
tap_eq "pairing: the server reaches its endpoint" \
	"$(cgw_in_cg pair /tmp/server sendto udp 127.0.0.1 7777)" ok
tap_eq "pairing: a dropped binary may run what it ran" \
	"$(cgw_in_cg pair /tmp/dropped open /dev/null r)" ok
tap_eq "pairing: ... but not read the server's key" \
	"$(cgw_in_cg pair /tmp/dropped open /tmp/secret.key r)" EPERM
tap_eq "pairing: ... nor reach the server's endpoint" \
	"$(cgw_in_cg pair /tmp/dropped sendto udp 127.0.0.1 7777)" EPERM
tap_check "the model shows the binding" \
	sh -c 'cgwardenctl model show /pair | grep -q "/tmp/secret.key  exe=/tmp/server$"'
cgw_rmcg pair
tap_check "exe pairing off" cgwardenctl config --exe-pairing off
cgw_mkcg nopair >/dev/null
cgwardenctl mode /nopair learn
cgw_in_cg nopair /tmp/server open /tmp/secret.key r >/dev/null
cgw_in_cg nopair /tmp/dropped open /dev/null r >/dev/null
cgwardenctl mode /nopair protect
tap_eq "without pairing, any program of the cgroup may" \
	"$(cgw_in_cg nopair /tmp/dropped open /tmp/secret.key r)" ok
cgw_rmcg nopair
cgwardenctl config --exe-pairing on

# --- severity ---------------------------------------------------------------
cgw_mkcg sev >/dev/null
cgwardenctl mode /sev learn
cgw_in_cg sev cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /sev monitor
echo x >/tmp/sev-read
cgw_in_cg sev cgw-probe open /tmp/sev-read r >/dev/null
cgw_in_cg sev cp /cgw/cgw-probe /tmp/sev-bin
cgw_in_cg sev /tmp/sev-bin open /etc/hostname r >/dev/null
cgw_in_cg sev cgw-probe open /usr/bin/sev-planted w >/dev/null
rm -f /usr/bin/sev-planted
tap_eq "severity: a new read is low" \
	"$(cgw_audit_count 'op=open' 'severity=low' 'path="/tmp/sev-read"')" 1
tap_eq "severity: running a program written in the cgroup is high" \
	"$(cgw_audit_count 'op=exec' 'severity=high' 'path="/tmp/sev-bin"')" 1
tap_eq "severity: a write where programs live is high" \
	"$(cgw_audit_count 'op=open' 'severity=high' 'path="/usr/bin/sev-planted"')" 1
cgw_rmcg sev

# --- circuit breaker ----------------------------------------------------------
i=0
while [ $i -lt 200 ]; do echo $i >/tmp/brk-$i; i=$((i + 1)); done
cgw_mkcg brk >/dev/null
cgwardenctl mode /brk learn
cgw_in_cg brk cgw-probe open /etc/hostname r >/dev/null
tap_check "protect with a breaker of 5 denials/s" \
	cgwardenctl mode /brk protect --breaker 5
tap_check "list shows the breaker" sh -c 'cgwardenctl list | grep -q "breaker=5/s"'
tap_eq "breaker: not tripped by a few denials" \
	"$(cgw_in_cg brk cgw-probe files /tmp/brk- 3 r)" "3 errors"
tap_eq "breaker: still protect" "$(cgw_cg_field /brk mode)" protect
out=$(cgw_in_cg brk cgw-probe files /tmp/brk- 200 r)
tap_note "a denial storm: $out"
tap_eq "breaker: a denial storm drops it to monitor" "$(cgw_cg_field /brk mode)" monitor
case $out in
"200 errors") tap_fail "breaker: the rest of the storm passes" "$out" ;;
*) tap_ok "breaker: the rest of the storm passes ($out)" ;;
esac
tap_eq "breaker: one audit record says so" "$(cgw_audit_count 'op=breaker' 'from=protect')" 1
tap_check "breaker: the console says so" sh -c 'dmesg | grep -q "circuit breaker, now monitor"'
tap_check "breaker: counted in status" \
	sh -c 'cgwardenctl status --json | grep -q "\"breaker_trips\":1"'
cgw_rmcg brk
tap_check "rmmod" cgw_unload
tap_done
