#!/bin/sh
# The module loads, hooks exec/open/connect/sendmsg, counts calls per
# operation and per cgroup, answers `status`, unloads and reloads.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

tap_check_fails "a bad default_mode is refused at load" \
	insmod "$CGW_DIR/cgwarden.ko" default_mode=bogus
tap_check "insmod cgwarden" cgw_load
tap_check "status answers" cgwardenctl status
st=$(cgwardenctl status --json)
tap_eq "status reports the version" \
	"$(echo "$st" | cgw_json_field version)" "0.1.0"
# Fault injection is for test builds (88-faults.sh) only.
tap_check "the production module has no fault_rate parameter" \
	sh -c '! modinfo -p "$CGW_DIR/cgwarden.ko" | grep -q fault_rate &&
		[ ! -e /sys/module/cgwarden/parameters/fault_rate ] &&
		! grep -q fault_rate "$CGW_DIR/cgwarden.ko"'
tap_check "and counts no injected faults" sh -c '! cgwardenctl status --json | grep -q faults_injected'
tap_eq "not locked" "$(echo "$st" | cgw_json_field locked)" false
for sym in security_bprm_check security_bprm_committing_creds \
	security_file_open security_socket_connect \
	security_socket_sendmsg security_socket_create security_socket_bind \
	security_socket_listen security_socket_accept \
	security_sctp_bind_connect security_unix_stream_connect \
	security_unix_may_send; do
	case $st in
	*"\"symbol\":\"$sym\",\"state\":\"ftrace\""*) tap_ok "$sym hooked by ftrace" ;;
	*) tap_fail "$sym hooked by ftrace" "$st" ;;
	esac
done
# The ftrace ops are PERMANENT: nobody switches ftrace off under them.
tap_check_fails "ftrace cannot be switched off while cgwarden is loaded" \
	sh -c 'echo 0 >/proc/sys/kernel/ftrace_enabled'
tap_eq "ftrace is still on" "$(cat /proc/sys/kernel/ftrace_enabled)" 1
# Every hook status --json lists has its line in the human status.
tap_check "the human status names every hook" sh -c '
	human=$(cgwardenctl status) n=0
	for s in $(cgwardenctl status --json | grep -o "\"symbol\": *\"[a-z0-9_]*\"" |
		sed "s/.*\"\([a-z0-9_]*\)\"$/\1/"); do
		echo "$human" | grep -qw "$s" || { echo "missing $s"; exit 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 30 ] || { echo "only $n hooks"; exit 1; }'

# A workload in its own cgroup, with its own namespaces.
count_workload() {
	cgw_in_container cgw-count sh -c '
		cgw-probe loop 50 open /etc/hostname r
		cgw-probe spawn 5 /bin/true
		cgw-probe connect tcp 127.0.0.1 9
		cgw-probe sendto udp 127.0.0.1 9
		cgw-probe sendto udp ::1 9' >/dev/null
}
cgw_mkcg cgw-count >/dev/null
# Nothing tracked and the default mode off: no state is made for it.
count_workload
tap_eq "an untracked cgroup gets no state" "$(cgw_cg_json /cgw-count)" ""
tap_eq "nor does any other" "$(cgwardenctl status --json | cgw_json_field cgroups)" 0
# Tracked (in mode off), its calls are counted.
tap_check "track it, in mode off" cgwardenctl mode /cgw-count off
count_workload
rec=$(cgw_cg_json /cgw-count)
tap_note "list: $rec"
ge() { [ "${1:-0}" -ge "$2" ] 2>/dev/null; }
ge "$(echo "$rec" | cgw_json_field open)" 50 &&
	tap_ok "open calls counted for the cgroup" ||
	tap_fail "open calls counted for the cgroup" "$rec"
ge "$(echo "$rec" | cgw_json_field exec)" 5 &&
	tap_ok "exec calls counted for the cgroup" ||
	tap_fail "exec calls counted for the cgroup" "$rec"
ge "$(echo "$rec" | cgw_json_field connect)" 1 &&
	tap_ok "connect calls counted for the cgroup" ||
	tap_fail "connect calls counted for the cgroup" "$rec"
ge "$(echo "$rec" | cgw_json_field sendmsg)" 2 &&
	tap_ok "sendto calls counted for the cgroup" ||
	tap_fail "sendto calls counted for the cgroup" "$rec"
tap_eq "it is listed in mode off" \
	"$(echo "$rec" | cgw_json_field mode)" off

calls() { cgwardenctl status --json | sed 's/},{/}\n{/g' | grep "\"op\":\"$1\"" | cgw_json_field calls; }
before=$(calls open)
cgw-probe loop 20 open /etc/hostname r >/dev/null
after=$(calls open)
ge "$after" $((before + 20)) && tap_ok "global open counter rises" ||
	tap_fail "global open counter rises" "before $before after $after"
tap_eq "no missed hooks" \
	"$(cgwardenctl status --json | grep -o '"missed":[0-9]*' | sort -u)" '"missed":0'

# The host itself is the root cgroup, and can be tracked too.
echo x >/tmp/host-file
tap_check "the host (root cgroup) to monitor" cgwardenctl mode / monitor
tap_check "the host learns nothing in monitor: its opens pass" \
	cgw-probe open /tmp/host-file r
a=$(cgw_cg_field / alerts)
[ "${a:-0}" -ge 1 ] && tap_ok "and are alerted on ($a)" ||
	tap_fail "and are alerted on" "$(cgw_cg_json /)"
tap_check "the host back to off" cgwardenctl mode / off

tap_check "cgroup removed" cgw_rmcg cgw-count
tap_check "rmmod cgwarden" cgw_unload
tap_check "hooks are gone: opens still work" cgw-probe open /etc/hostname r
tap_check "cgwardenctl says the module is not loaded" \
	sh -c 'cgwardenctl status 2>&1 | grep -q "not loaded"'
tap_check "reload" cgw_load
tap_check "status after reload" cgwardenctl status
tap_check "rmmod again" cgw_unload
tap_done
