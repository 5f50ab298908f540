#!/bin/sh
# Drift: once a cgroup monitors or protects, a program changed since
# (written, created, renamed, linked, chmodded: its inode's change time
# moved) does not run, whatever its name and whatever the model says.
# The model here allows writing the program and running it, so drift is
# the only reason left to refuse.  Controls: the same steps in mode off;
# an unchanged program still runs; monitor alerts instead.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

echo 1000 >/proc/sys/kernel/printk_ratelimit_burst
mkdir -p /tmp/dr
cp /cgw/cgw-probe /tmp/dr/app
cp /cgw/cgw-probe /tmp/dr/other
# run NAME: run /tmp/dr/NAME (a copy of cgw-probe) in cgroup dr
run() { cgw_in_cg dr cgw-probe exec "/tmp/dr/$1" "$1" open /dev/null r; }

tap_check "insmod" cgw_load
cgw_mkcg dr >/dev/null
cgwardenctl mode /dr learn
tap_eq "learn: app runs" "$(run app)" ok
tap_eq "learn: other runs" "$(run other)" ok
cgw_in_cg dr cgw-probe open /tmp/dr/app a >/dev/null
# The shell's append, without writing: the times stay as they are.
cgw_in_cg dr sh -c ': >>/tmp/dr/other'
sleep 1	# file times are coarse: changes below are later, for sure
tap_check "protect" cgwardenctl mode /dr protect
tap_eq "protect: the unchanged program runs" "$(run app)" ok
tap_eq "protect: appending to it is in the model" \
	"$(cgw_in_cg dr cgw-probe open /tmp/dr/app a)" ok

echo "cgw-mark-drift" >/dev/kmsg
touch /tmp/dr/app	# from the host: its change time moves
tap_eq "protect: the changed program is refused" "$(run app)" EPERM
log=$(cgw_dmesg_since cgw-mark-drift)
echo "$log" | grep -q 'verdict=deny .*reason=drift .*severity=high.*path="/tmp/dr/app"' &&
	tap_ok "protect: the refusal is audited as drift, high" ||
	tap_fail "protect: the refusal is audited as drift, high" "$log"
tap_eq "protect: the unchanged neighbour still runs" "$(run other)" ok

# Written from inside the cgroup, through a name the model allows.
tap_check "protect: the shell may append to other (learned)" \
	cgw_in_cg dr sh -c 'echo >>/tmp/dr/other'
tap_eq "protect: a program the cgroup wrote to is refused" "$(run other)" EPERM
# A copy under a learned name: a new inode, made now.
cp /cgw/cgw-probe /tmp/dr/app.new && mv /tmp/dr/app.new /tmp/dr/app
tap_eq "protect: a new file renamed onto a learned name is refused" \
	"$(run app)" EPERM

tap_check "monitor" cgwardenctl mode /dr monitor
echo "cgw-mark-drift-mon" >/dev/kmsg
tap_eq "monitor: the changed program runs" "$(run app)" ok
cgw_dmesg_since cgw-mark-drift-mon | grep -q 'verdict=alert .*reason=drift' &&
	tap_ok "monitor: it is reported as drift" ||
	tap_fail "monitor: it is reported as drift" "$(cgw_dmesg_since cgw-mark-drift-mon)"

tap_check "off (the control)" cgwardenctl mode /dr off
tap_eq "off: the changed program runs" "$(run app)" ok
tap_eq "off: the program the cgroup wrote to runs" "$(run other)" ok

# Learning again starts from what is there now.
tap_check "learn again" cgwardenctl mode /dr learn
tap_eq "learn: app runs" "$(run app)" ok
sleep 1
tap_check "protect again" cgwardenctl mode /dr protect
tap_eq "protect: what was there when learning ended runs" "$(run app)" ok

cgw_rmcg dr
tap_check "rmmod" cgw_unload
tap_done
