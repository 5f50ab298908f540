#!/bin/sh
# The real auditd, in the guest: cgwarden's denials reach the audit log
# through auditd (not the printk fallback), lose nothing, and the stock
# tools find and interpret them: ausearch -m KERNEL_OTHER -i decodes the
# hex-encoded paths (spaces, a newline, a double quote), aureport counts
# them.  Then `cgwardenctl stats --prometheus` parses and has the counts.
#
# What auparse makes of each field is asserted as it is (audit 3.0.9,
# Debian bookworm): it interprets fields by name, whatever the record
# type.  cgwarden writes family and proto as numbers, as the audit
# subsystem does, so -i shows them as inet and tcp; mode=protect is read
# as a file mode ("000,000"): the raw record has it right, a test says so.
#
# cgw-vm-bins: /sbin/auditd /sbin/auditctl /sbin/ausearch /sbin/aureport
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

# --- auditd ------------------------------------------------------------------

mkdir -p /etc/audit/plugins.d /tmp/audit /var/run /var/log/audit
chmod 0700 /tmp/audit
[ -s /etc/passwd ] || echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd
grep -q '^root:' /etc/passwd || echo 'root:x:0:0:root:/root:/bin/sh' >>/etc/passwd
[ -s /etc/group ] || echo 'root:x:0:' >/etc/group
# auparse names protocol numbers with getprotobynumber(): as on any host.
[ -s /etc/protocols ] || printf 'ip\t0\tIP\ntcp\t6\tTCP\nudp\t17\tUDP\n' >/etc/protocols
grep -q '^root:' /etc/group || echo 'root:x:0:' >>/etc/group
cgw_auditd_start ENRICHED SYNC 64
auditd_pid=$CGW_AUDITD_PID
tap_eq "auditd registered with the kernel (auditctl -s pid)" \
	"$(auditctl -s 2>&1 | sed -n 's/^pid //p')" "$auditd_pid"
[ -s /tmp/auditd.out ] && tap_diag </tmp/auditd.out
tap_check "auditctl -b 8192" auditctl -b 8192
tap_eq "backlog_limit is 8192" "$(auditctl -s | sed -n 's/^backlog_limit //p')" 8192
tap_eq "auditing is enabled" "$(auditctl -s | sed -n 's/^enabled //p')" 1
tap_eq "no audit rule is needed (none loaded)" "$(auditctl -l)" "No rules"

# --- denials -----------------------------------------------------------------

mkdir -p /tmp/aud
plain=/tmp/aud/plain
space='/tmp/aud/with space'
nl='/tmp/aud/new
line'
quote='/tmp/aud/q"uote'
for f in /tmp/aud/known "$plain" "$space" "$nl" "$quote"; do echo x >"$f"; done
ln -sf /bin/busybox /tmp/aud/nc

tap_check "insmod" cgw_load
cgw_mkcg aud >/dev/null
id=$(stat -c %i /sys/fs/cgroup/aud)
tap_check "aud learns" cgwardenctl mode /aud learn
in_aud() { cgw_in_cg aud cgw-probe "$@"; }
in_aud open /tmp/aud/known r >/dev/null
in_aud connect tcp 127.0.0.1 8080 >/dev/null
cgw_in_cg aud cat /tmp/aud/known >/dev/null
tap_check "aud to protect" cgwardenctl mode /aud protect
tap_eq "deny: a plain path" "$(in_aud open "$plain" r)" EPERM
tap_eq "deny: a path with a space" "$(in_aud open "$space" r)" EPERM
tap_eq "deny: a path with a newline" "$(in_aud open "$nl" r)" EPERM
tap_eq "deny: a path with a double quote" "$(in_aud open "$quote" w)" EPERM
tap_eq "deny: a new endpoint" "$(in_aud connect tcp 127.0.0.1 9999)" EPERM
tap_eq "deny: a never-run applet (nc)" "$(in_aud exec /tmp/aud/nc nc -h)" EPERM
tap_eq "still allowed: what it learned" "$(in_aud open /tmp/aud/known r)" ok
tap_eq "cgwarden counted 6 denials" "$(cgw_cg_field /aud denials)" 6

# auditd writes asynchronously from the kernel's queue: wait for the six.
raw() { ausearch -m KERNEL_OTHER --raw 2>/dev/null | grep "cgroup_id=$id "; }
i=0
while [ $i -lt 100 ] && [ "$(raw | wc -l)" -lt 6 ]; do
	sleep 0.1
	i=$((i + 1))
done
tap_eq "ausearch --raw: six KERNEL_OTHER records of the cgroup" "$(raw | wc -l)" 6
tap_eq "the records went to auditd, not to the kernel log" \
	"$(cgw_audit_count "cgroup_id=$id ")" 0
raw | tap_diag
tap_eq "ausearch -m 1316 (by number) finds them too" \
	"$(ausearch -m 1316 --raw | grep -c "cgroup_id=$id ")" 6

interp=$(ausearch -m KERNEL_OTHER -i 2>&1)
echo "$interp" | tap_diag
# irec PATTERN: the interpreted record (one line) containing PATTERN
irec() { echo "$interp" | grep '^type=KERNEL_OTHER' | grep -F -e "$1"; }
tap_eq "ausearch -i: six records of the cgroup" \
	"$(echo "$interp" | grep '^type=KERNEL_OTHER' | grep -c "cgroup_id=$id ")" 6

# Every field of one record, as ausearch -i renders it.
rec=$(irec " path=/tmp/aud/plain ")
for f in op=open verdict=deny reason=not-in-model "cgroup_id=$id" \
	cgroup=/aud comm=cgw-probe exe=/cgw/cgw-probe path=/tmp/aud/plain \
	access=r suppressed=0; do
	case "$rec " in
	*" $f "*) tap_ok "ausearch -i: plain: $f" ;;
	*) tap_fail "ausearch -i: plain: $f" "$rec" ;;
	esac
done
pid=$(echo "$rec" | sed -n 's/.* pid=\([0-9][0-9]*\) .*/\1/p')
tap_check "ausearch -i: plain: pid is a number ($pid)" test -n "$pid"
case "$rec " in
*" mode=000,000 "*) tap_ok "ausearch -i: plain: mode=protect shown as auparse's file mode 000,000" ;;
*) tap_fail "ausearch -i: plain: mode=protect shown as auparse's file mode 000,000" "$rec" ;;
esac
tap_eq "raw: plain: mode=protect" \
	"$(raw | grep -c ' mode=protect .*path="/tmp/aud/plain"')" 1

# Hex-encoded values come back decoded.
tap_eq "raw: the path with a space is hex" \
	"$(raw | grep -c " path=$(printf '%s' "$space" | od -An -tx1 | tr -d ' \n') ")" 1
tap_eq "ausearch -i: the path with a space decoded" \
	"$(irec " path=/tmp/aud/with space access=r " | wc -l)" 1
tap_eq "ausearch -i: the newline shown as the octal escape \\012" \
	"$(irec ' path=/tmp/aud/new\012line access=r ' | wc -l)" 1
tap_eq "ausearch -i: the double quote kept as is" \
	"$(irec ' path=/tmp/aud/q"uote access=w ' | wc -l)" 1

rec=$(irec " op=connect ")
for f in verdict=deny reason=not-in-model "cgroup_id=$id" cgroup=/aud \
	daddr=127.0.0.1 dport=9999 comm=cgw-probe exe=/cgw/cgw-probe; do
	case "$rec " in
	*" $f "*) tap_ok "ausearch -i: connect: $f" ;;
	*) tap_fail "ausearch -i: connect: $f" "$rec" ;;
	esac
done
case "$rec " in
*" family=ipv4 "*" proto=tcp "*) tap_ok "ausearch -i: connect: family=ipv4 proto=tcp" ;;
*) tap_fail "ausearch -i: connect: family=ipv4 proto=tcp" "$rec" ;;
esac
tap_eq "raw: connect: family=2 daddr=127.0.0.1 dport=9999 proto=6" \
	"$(raw | grep -c ' op=connect .* family=2 daddr=127.0.0.1 dport=9999 proto=6 ')" 1

rec=$(irec " op=exec ")
for f in verdict=deny "cgroup_id=$id" path=/bin/busybox name=nc comm=cgw-probe; do
	case "$rec " in
	*" $f "*) tap_ok "ausearch -i: exec: $f" ;;
	*) tap_fail "ausearch -i: exec: $f" "$rec" ;;
	esac
done

# One container's denials, by cgroup path (what docs/audit.md shows).
tap_eq "recipe: by cgroup path" \
	"$(ausearch -m KERNEL_OTHER -i | grep -c ' cgroup=/aud .*verdict=deny\| verdict=deny .* cgroup=/aud ')" 6
# In a syscall, the record joins the syscall's audit event: SYSCALL and
# PROCTITLE records with the same serial, which ausearch's own filters read.
tap_eq "the plain denial's event has a SYSCALL record: openat, EPERM" \
	"$(ausearch -m KERNEL_OTHER -i | grep '^type=SYSCALL' | grep " pid=$pid " |
		grep -c ' syscall=openat success=no exit=EPERM')" 1
tap_eq "recipe: follow a pid (ausearch -p)" \
	"$(ausearch -p "$pid" -m KERNEL_OTHER -i | grep -c '^type=KERNEL_OTHER.* path=/tmp/aud/plain ')" 1
tap_eq "recipe: by executable (ausearch -x)" \
	"$(ausearch -x /cgw/cgw-probe -m KERNEL_OTHER --raw | grep -c "^type=KERNEL_OTHER.*cgroup_id=$id ")" 6
tap_eq "recipe: failed operations (ausearch -sv no)" \
	"$(ausearch -sv no -m KERNEL_OTHER --raw | grep -c "^type=KERNEL_OTHER.*cgroup_id=$id ")" 6
csv=$(ausearch -m KERNEL_OTHER --format csv)
echo "$csv" | head -n 3 | tap_diag
tap_eq "recipe: CSV has a header and one row per record" \
	"$(echo "$csv" | grep -c '^,KERNEL_OTHER,')" 6
tap_eq "recipe: CSV's HOW column is the exe" \
	"$(echo "$csv" | grep -c ',/cgw/cgw-probe$')" 6
tap_eq "recipe: CSV's RESULT column says failed" \
	"$(echo "$csv" | grep -c ',failed,')" 6

rep=$(aureport -e -i 2>&1)
echo "$rep" | tap_diag
tap_eq "aureport -e lists the six as KERNEL_OTHER events" \
	"$(echo "$rep" | grep -c ' KERNEL_OTHER ')" 6
tap_check "aureport --summary counts events" \
	sh -c 'aureport --summary | grep -q "^Number of events: [1-9]"'

tap_eq "auditctl -s: lost 0" "$(auditctl -s | sed -n 's/^lost //p')" 0

# --- stats --prometheus -------------------------------------------------------

prom=$(cgwardenctl stats --prometheus)
echo "$prom" | tap_diag
tap_eq "stats --prometheus: every sample line parses" \
	"$(echo "$prom" | grep -v '^#' | grep -cvE '^[a-z_]+(\{[^}]*\})? [0-9]+$')" 0
tap_eq "stats --prometheus: HELP and TYPE for every family" \
	"$(echo "$prom" | grep -c '^# HELP cgwarden_')" \
	"$(echo "$prom" | grep -c '^# TYPE cgwarden_')"
tap_eq "stats --prometheus: the cgroup's denials" \
	"$(echo "$prom" | grep -c '^cgwarden_cgroup_denials_total{cgroup="/aud",container=""} 6$')" 1
tap_eq "stats --prometheus: the cgroup's mode" \
	"$(echo "$prom" | grep -c '^cgwarden_cgroup_mode{cgroup="/aud",mode="protect"} 1$')" 1
hookden=$(echo "$prom" | sed -n 's/^cgwarden_hook_denials_total{[^}]*} //p' | awk '{s += $1} END {print s + 0}')
tap_eq "stats --prometheus: hook denials sum to 6" "$hookden" 6
rec_total=$(echo "$prom" | sed -n 's/^cgwarden_audit_records_total //p')
tap_check "stats --prometheus: audit_records_total >= 6 ($rec_total)" test "${rec_total:-0}" -ge 6
tap_check "stats (human) runs" sh -c 'cgwardenctl stats | grep -q "denials"'

cgwardenctl mode /aud off
cgw_rmcg aud
tap_check "rmmod" cgw_unload
tap_eq "auditctl -s: still lost 0" "$(auditctl -s | sed -n 's/^lost //p')" 0
kill "$auditd_pid"
tap_done
