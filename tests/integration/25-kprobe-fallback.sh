#!/bin/sh
# When ftrace cannot take a function (a livepatch holds it), that hook falls
# back to a kprobe and still enforces; with force_kprobe=1 every hook does.
# Disarming all kprobes through debugfs is detected, reported in status
# and the audit log, and undone when they are armed again.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

hook_state() {
	cgwardenctl status --json | sed 's/},{/}\n{/g' |
		grep "\"symbol\":\"$1\"" | cgw_json_field state
}
echo secret >/tmp/secret

# 1. ftrace busy on security_file_open: that hook becomes a kprobe.
tap_check "a module holds ftrace's IPMODIFY on security_file_open" \
	insmod "$CGW_DIR/cgw_ipmodify_hog.ko"
tap_check "insmod cgwarden" cgw_load
tap_eq "open hook fell back to a kprobe" "$(hook_state security_file_open)" kprobe
tap_eq "exec hook is still ftrace" "$(hook_state security_bprm_check)" ftrace
tap_check "the fallback is in the kernel log" \
	sh -c 'dmesg | grep -q "ftrace on security_file_open failed (-16), trying a kprobe"'
cgw_mkcg kp1 >/dev/null
cgwardenctl mode /kp1 learn
cgw_in_cg kp1 cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /kp1 protect
tap_eq "the kprobe hook enforces: new read refused" \
	"$(cgw_in_cg kp1 cgw-probe open /tmp/secret r)" EPERM
tap_eq "the kprobe hook allows what was learned" \
	"$(cgw_in_cg kp1 cgw-probe open /etc/hostname r)" ok
tap_check "rmmod cgwarden" cgw_unload
tap_check "rmmod the IPMODIFY holder" rmmod cgw_ipmodify_hog
cgw_rmcg kp1

# 2. Every hook on kprobes.
tap_check "insmod force_kprobe=1" cgw_load force_kprobe=1
for sym in security_bprm_check security_bprm_committing_creds \
	security_file_open security_socket_connect security_socket_sendmsg; do
	tap_eq "$sym on a kprobe" "$(hook_state $sym)" kprobe
done
cgw_mkcg kp2 >/dev/null
cgwardenctl mode /kp2 learn
work='cat /etc/hostname; cgw-probe sendto udp 127.0.0.1 53'
learned=$(cgw_in_cg kp2 sh -c "$work")
cgwardenctl mode /kp2 protect
in2() { cgw_in_cg kp2 "$@"; }
tap_eq "kprobes: learned workload runs" "$(in2 sh -c "$work")" "$learned"
tap_eq "kprobes: no denials for it" "$(cgw_cg_field /kp2 denials)" 0
tap_eq "kprobes: new read refused" "$(in2 cgw-probe open /tmp/secret r)" EPERM
tap_eq "kprobes: new endpoint refused" "$(in2 cgw-probe sendto udp 127.0.0.1 54)" EPERM
tap_eq "kprobes: connect to a new endpoint refused" \
	"$(in2 cgw-probe connect tcp 127.0.0.1 9)" EPERM
tap_eq "kprobes: never-run applet refused" "$(in2 cgw-probe exec /bin/nc nc -h)" EPERM
tap_eq "kprobes: argv[0] trick killed" \
	"$(in2 sh -c 'cgw-probe exec /bin/sh nc -h; echo rc=$?' 2>/dev/null)" rc=137

# 3. Disarm every kprobe: detected, reported, re-armed.
tap_check "debugfs kprobes control exists" test -w /sys/kernel/debug/kprobes/enabled
echo 0 >/sys/kernel/debug/kprobes/enabled
tap_eq "status reports the hooks disarmed" \
	"$(hook_state security_file_open)" disarmed
tap_eq "status counts the tampering" \
	"$(cgwardenctl status --json | cgw_json_field tamper)" 1
tap_check "the human status warns" sh -c 'cgwardenctl status | grep -q "WARNING: hooks were found disarmed"'
tap_check "the kernel log says so" \
	sh -c 'dmesg | grep -q "cgwarden: kprobes were disarmed: operations pass unchecked"'
tap_eq "an audit record says so" "$(cgw_audit_count op=tamper verdict=alert)" 1
echo 1 >/sys/kernel/debug/kprobes/enabled
tap_eq "re-armed: status says kprobe again" "$(hook_state security_file_open)" kprobe
tap_eq "re-armed: enforcement is back" "$(in2 cgw-probe open /tmp/secret r)" EPERM
tap_check "rmmod" cgw_unload
cgw_rmcg kp2
tap_done
