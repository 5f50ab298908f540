#!/bin/sh
# Alerts are meaningful: one audit record per cgroup+object+verdict in a
# window, a record with the suppressed count when the window closes, and a
# cap on records per second however many distinct objects are refused.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

tap_check "insmod" cgw_load alert_window_ms=2000
cgw_mkcg dd >/dev/null
cgwardenctl mode /dd learn
cgw_in_cg dd cgw-probe open /etc/hostname r >/dev/null
# a UDP socket and one endpoint: the flood below is refused at its sends
cgw_in_cg dd cgw-probe sendto udp 127.0.0.3 9 >/dev/null
cgwardenctl mode /dd protect
id=$(stat -c %i /sys/fs/cgroup/dd)
echo s >/tmp/storm

tap_eq "2000 refused opens of one file" \
	"$(cgw_in_cg dd cgw-probe repeat 2000 open /tmp/storm r)" "2000 errors"
tap_eq "all 2000 counted as denials" "$(cgw_cg_field /dd denials)" 2000
tap_eq "one audit record inside the window" \
	"$(cgw_audit_count "cgroup_id=$id " 'path="/tmp/storm"')" 1
sleep 4
tap_eq "when the window closes, one record carries the rest" \
	"$(cgw_audit_count "cgroup_id=$id " 'path="/tmp/storm"' suppressed=1999 summary=1)" 1
tap_eq "the next refusal after the window is recorded again" \
	"$(cgw_in_cg dd cgw-probe open /tmp/storm r)" EPERM
tap_eq "... as a new record" \
	"$(cgw_audit_count "cgroup_id=$id " 'path="/tmp/storm"' suppressed=0)" 2

# 100k distinct refusals: records are capped per second.
before=$(cgw_audit_count "cgroup_id=$id ")
start=$(cut -d. -f1 /proc/uptime)
tap_eq "100000 refused sends to distinct endpoints" \
	"$(cgw_in_cg dd cgw-probe udpflood 127.0.0.1 100000)" "100000 errors"
secs=$(($(cut -d. -f1 /proc/uptime) - start + 1))
after=$(cgw_audit_count "cgroup_id=$id ")
n=$((after - before))
tap_note "$n records for 100000 denials in ${secs}s"
# One cgroup spends its own budget: 8 at once, then 10 per second (plus a
# high-severity reserve these low alerts cannot spend), not the global 50.
limit=$((8 + 10 * (secs + 1)))
[ "$n" -le "$limit" ] && tap_ok "records stay under the cgroup's rate cap ($n <= $limit)" ||
	tap_fail "records stay under the cgroup's rate cap" "$n > $limit"
[ "$n" -ge 8 ] && tap_ok "but denials are still reported ($n)" ||
	tap_fail "but denials are still reported" "$n records"
held=$(cgw_cg_field /dd held)
[ "${held:-0}" -ge $((100000 - n)) ] && tap_ok "the cgroup counts what it held back ($held)" ||
	tap_fail "the cgroup counts what it held back" "held=$held"
sup=$(cgwardenctl status --json | cgw_json_field audit_suppressed)
[ "${sup:-0}" -ge $((100000 - n)) ] && tap_ok "the rest are counted as suppressed ($sup)" ||
	tap_fail "the rest are counted as suppressed" "audit_suppressed=$sup"
tap_eq "denials counted in full" "$(cgw_cg_field /dd denials)" 102001
tap_eq "no record was lost by the audit subsystem" \
	"$(dmesg | grep -c -e 'backlog limit exceeded' -e 'audit_lost=')" 0
cgw_rmcg dd
tap_check "rmmod" cgw_unload
tap_done
