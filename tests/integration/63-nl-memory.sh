#!/bin/sh
# Memory safety of the control plane, under slub_debug=FZPU (red zones,
# poisoning and sanity checks on every slab cache): a policy whose network
# pattern carries a path and a name is refused (the kernel once sized a
# policy without them and copied them past its end), policies with strings
# of odd lengths load, show, replace and clear, an import that fails
# changes nothing, the executable's file is let go of after alerts, and
# the module unloads while STATUS requests keep coming.  The slab caches
# are validated; any slub report fails the suite (and the harness fails
# any BUG or WARNING on the console).
# cgw-vm-cmdline: slub_debug=FZPU
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

# Audit records are read from the kernel log: no printk rate limit.
echo 10000 >/proc/sys/kernel/printk_ratelimit_burst

slub_re='BUG [^ ]+ \(|Redzone|Poison overwritten|[Pp]adding overwritten|Freepointer corrupt|Object already free|Left Redzone|Right Redzone'
slub_reports() { dmesg | grep -cE "$slub_re"; }
# Check every object of every cache now, not only when it is freed.
validate() { for f in /sys/kernel/slab/*/validate; do echo 1 >"$f" 2>/dev/null; done; }

tap_eq "slub_debug is on: red zones" "$(cat /sys/kernel/slab/kmalloc-256/red_zone)" 1
tap_eq "slub_debug is on: poisoning" "$(cat /sys/kernel/slab/kmalloc-256/poison)" 1
tap_eq "slub_debug is on: sanity checks" "$(cat /sys/kernel/slab/kmalloc-256/sanity_checks)" 1
tap_eq "no slub report before the module" "$(slub_reports)" 0

tap_check "insmod" cgw_load
cgw_mkcg mem >/dev/null
id=$(stat -c %i /sys/fs/cgroup/mem)
cgwardenctl mode /mem learn
cgw_in_cg mem cgw-probe open /etc/hostname r >/dev/null
entries=$(cgw_cg_field /mem entries)

cgw-nlbad "$id" >/tmp/bad.out
tap_diag </tmp/bad.out
line=$(grep '^net-path ' /tmp/bad.out)
case $line in
*EINVAL*"no path or name"*) tap_ok "a network pattern with a path and a name is refused" ;;
*) tap_fail "a network pattern with a path and a name is refused" "$line" ;;
esac
line=$(grep '^import-last-bad ' /tmp/bad.out)
case $line in
*EINVAL*) tap_ok "an import whose last entry is malformed is refused" ;;
*) tap_fail "an import whose last entry is malformed is refused" "$line" ;;
esac
tap_eq "no policy was installed" "$(cgwardenctl policy show)" "rules: []"
tap_eq "the model did not change" "$(cgw_cg_field /mem entries)" "$entries"

d=$CGW_DIR	# 63-nl-memory.d/ is copied there
tap_check "a policy with odd-length strings loads" cgwardenctl policy load $d/odd.yaml
cgwardenctl policy show >/tmp/shown1.yaml
tap_diag </tmp/shown1.yaml
tap_check "what it shows loads again" cgwardenctl policy load /tmp/shown1.yaml
cgwardenctl policy show >/tmp/shown2.yaml
tap_check "and shows the same (round trip)" cmp /tmp/shown1.yaml /tmp/shown2.yaml
tap_eq "it holds every rule" "$(grep -c '^ *- name: ' /tmp/shown2.yaml)" 3
i=0
while [ $i -lt 50 ]; do
	cgwardenctl policy load $d/odd.yaml || break
	i=$((i + 1))
done
tap_eq "50 replacements" "$i" 50
tap_check "policy clear" cgwardenctl policy clear
sleep 2	# the replaced policies are freed after a grace period
validate
tap_eq "no slub report after the policies" "$(slub_reports)" 0

# The executable's file: alerts and learning take a reference on it (the
# audit record's exe=, exe pairing) and must drop it.  A leaked reference
# keeps the file system busy after its programs are gone.
exe_fs() {
	mkdir -p /mnt/exe && mount -t tmpfs none /mnt/exe &&
		cp "$CGW_DIR/cgw-probe" /mnt/exe/ || return 1
	cgwardenctl mode /mem "$1"
	i=0
	while [ $i -lt 50 ]; do
		cgw_in_cg mem /mnt/exe/cgw-probe open /tmp/exe-$i r >/dev/null
		i=$((i + 1))
	done
	umount /mnt/exe
}
: >/tmp/exe-0
tap_check "learning from a program on a tmpfs, the tmpfs unmounts after" exe_fs learn
i=1
while [ $i -lt 50 ]; do : >/tmp/exe-$i; i=$((i + 1)); done
tap_check "alerting on it (monitor), the tmpfs unmounts after" exe_fs monitor
held() {
	mount -t tmpfs none /mnt/exe && cp "$CGW_DIR/cgw-probe" /mnt/exe/ || return 1
	exec 7</mnt/exe/cgw-probe
	umount /mnt/exe 2>/dev/null && return 1
	exec 7<&-
	umount /mnt/exe
}
tap_check "control: an open reference does keep it busy" held
alerted() { [ "$(cgw_audit_count 'exe="/mnt/exe/cgw-probe"')" -gt 0 ]; }
tap_check "the alerts named the program on the tmpfs" alerted

# The control plane goes first at unload: STATUS during rmmod.
(
	i=0
	while [ $i -lt 2000 ] && [ ! -e /tmp/stop ]; do
		cgwardenctl status >/dev/null 2>&1
		i=$((i + 1))
	done
) &
loop=$!
sleep 0.5
cgw_rmcg mem
tap_check "rmmod while STATUS requests run" cgw_unload
: >/tmp/stop
wait $loop
validate
tap_eq "no slub report at the end" "$(slub_reports)" 0
dmesg | grep -E "$slub_re" | head -n 20 | tap_diag
tap_done
