#!/bin/sh
# When ftrace cannot take a function (another ip-modifying owner holds it),
# that hook falls back to a kprobe and is reported "shadowed": the owner's
# ip change comes after a kprobe's, so a refusal may be lost.  With a
# holder that leaves the ip alone it still refuses; with a real livepatch
# the refusal is lost, which is why status says so.  With force_kprobe=1
# every hook is a kprobe and enforces.  Disarming all kprobes through
# debugfs is detected, reported in status and the audit log, and undone
# when they are armed again.
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
tap_eq "open hook fell back to a kprobe, reported shadowed" \
	"$(hook_state security_file_open)" shadowed
tap_check "the human status warns about it" \
	sh -c 'cgwardenctl status | grep -q "WARNING: security_file_open has another ip-modifying owner"'
tap_eq "an audit record says so" "$(cgw_audit_count op=tamper verdict=alert)" 1
tap_check "the kernel log names the function" \
	sh -c 'dmesg | grep -q "cgwarden: security_file_open has another ip-modifying owner: refusals may be lost"'
tap_eq "exec hook is still ftrace" "$(hook_state security_bprm_check)" ftrace
tap_check "the fallback is in the kernel log" \
	sh -c 'dmesg | grep -q "ftrace on security_file_open failed (-16), trying a kprobe"'
cgw_mkcg kp1 >/dev/null
cgwardenctl mode /kp1 learn
cgw_in_cg kp1 cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /kp1 protect
tap_eq "the holder leaves the ip alone: the kprobe refuses a new read" \
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
tampered=$(cgw_audit_count op=tamper verdict=alert)
echo 0 >/sys/kernel/debug/kprobes/enabled
tap_eq "status reports the hooks disarmed" \
	"$(hook_state security_file_open)" disarmed
tap_eq "status counts the tampering" \
	"$(cgwardenctl status --json | cgw_json_field tamper)" 1
tap_check "the human status warns" sh -c 'cgwardenctl status | grep -q "WARNING: hooks were tampered with or shadowed"'
tap_check "the kernel log says so" \
	sh -c 'dmesg | grep -q "cgwarden: kprobes were disarmed: operations pass unchecked"'
tap_eq "an audit record says so" "$(cgw_audit_count op=tamper verdict=alert)" \
	$((tampered + 1))
echo 1 >/sys/kernel/debug/kprobes/enabled
tap_eq "re-armed: status says kprobe again" "$(hook_state security_file_open)" kprobe
tap_eq "re-armed: enforcement is back" "$(in2 cgw-probe open /tmp/secret r)" EPERM
tap_check "rmmod" cgw_unload
cgw_rmcg kp2

# 4. A real livepatch of a hooked function: its ip change wins.
tap_check "a livepatch of security_socket_sendmsg loads" \
	insmod "$CGW_DIR/cgw_livepatch.ko"
tap_check "insmod cgwarden" cgw_load
tap_eq "the sendmsg hook is reported shadowed" \
	"$(hook_state security_socket_sendmsg)" shadowed
tap_check "the human status warns about it" \
	sh -c 'cgwardenctl status | grep -q "WARNING: security_socket_sendmsg has another ip-modifying owner"'
cgw_mkcg kp3 >/dev/null
cgwardenctl mode /kp3 learn
cgw_in_cg kp3 cgw-probe sendto udp 127.0.0.1 53 >/dev/null
cgwardenctl mode /kp3 protect
d0=$(cgw_cg_field /kp3 denials)
out=$(cgw_in_cg kp3 cgw-probe sendto udp 127.0.0.1 54)
tap_eq "shadowed: the refusal was decided and counted" \
	"$(cgw_cg_field /kp3 denials)" $((d0 + 1))
tap_eq "shadowed: ... and lost to the livepatch, as status warned" "$out" ok
tap_eq "an unshadowed hook still refuses: connect" \
	"$(cgw_in_cg kp3 cgw-probe connect tcp 127.0.0.1 9)" EPERM
tap_check "rmmod" cgw_unload
cgw_rmcg kp3
echo 0 >/sys/kernel/livepatch/cgw_livepatch/enabled
i=0
while [ "$(cat /sys/kernel/livepatch/cgw_livepatch/transition 2>/dev/null)" = 1 ] &&
	[ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
tap_check "the livepatch is disabled and unloaded" rmmod cgw_livepatch
tap_done
