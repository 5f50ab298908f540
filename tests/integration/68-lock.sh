#!/bin/sh
# The lock: after `cgwardenctl lock`, until reboot, the module cannot be
# unloaded (rmmod and rmmod -f fail) and whatever would weaken enforcement
# is refused with a reason, an audit record and a counter: mode downgrades
# (off < learn < monitor < protect) of a cgroup, of one below it, of the
# default mode and of --then; policy load and clear; model clear, import
# and accept for monitored and protected cgroups; lowering max-cgroups and
# max_candidates, raising the alert window, longer learning, generalising
# sooner, exe pairing off, name collapsing on (netlink and sysfs alike);
# unlocking; delete_module() through the 32-bit entry (int $0x80), forced
# or not.  Upgrades and learning still work, and the module goes on
# enforcing.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

# Audit records are read from the kernel log: no printk rate limit.
echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
echo s >/tmp/secret
P=/sys/module/cgwarden/parameters

# Controls for the 32-bit entry: unlocked, delete_module() through int
# $0x80 reaches the kernel (no such module) and really unloads cgwarden.
tap_check "insmod" cgw_load
tap_eq "control: 32-bit delete_module reaches the kernel" \
	"$(cgw-del32 no_such_module 0x800)" ENOENT
tap_eq "control: unlocked, it unloads cgwarden" "$(cgw-del32 cgwarden 0x800)" ok
tap_check_fails "control: ... which is gone" grep -q '^cgwarden ' /proc/modules
tap_check "insmod again" cgw_load
st() { cgwardenctl status --json | cgw_json_field "$1"; }
tap_eq "not locked at first" "$(st locked)" false
tap_eq "the lock parameter says N" "$(cat $P/lock)" N

# lk protected (with lk/sub below it), lm monitored, ll learning.
cgw_mkcg lk/sub >/dev/null
cgw_mkcg lm >/dev/null
cgw_mkcg ll >/dev/null
cgwardenctl mode /lk learn
cgw_in_cg lk cgw-probe open /etc/hostname r >/dev/null
cgw_in_cg lk/sub cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /lk protect
cgwardenctl mode /lm learn
cgw_in_cg lm cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /lm monitor
cgwardenctl mode /ll learn
cgw_in_cg lk cgw-probe open /tmp/secret r >/dev/null	# a candidate
printf 'rules:\n  - cgroups: [/lk]\n    deny:\n      files:\n        - path: /tmp/secret\n' >/tmp/pol.yaml
printf 'rules:\n  - cgroups: [/lk]\n    allow:\n      files:\n        - path: /tmp/secret\n          access: r\n' >/tmp/seed.yaml
cgwardenctl policy load /tmp/pol.yaml
cgwardenctl config --default-mode learn --max-cgroups 1000 --alert-window-ms 5000 \
	--until-quiet 60s --min-learn 10s --collapse-names off
tap_eq "protect refuses before the lock" \
	"$(cgw_in_cg lk cgw-probe open /tmp/secret r)" EPERM

cgwardenctl mode /lk protect --breaker 2	# set before the lock
locks0=$(cgw_audit_count op=lock verdict=allow locked=1)
tap_check "cgwardenctl lock" sh -c 'cgwardenctl lock | grep -q "locked until reboot"'
tap_eq "status: locked" "$(st locked)" true
tap_check "the human status says so" \
	sh -c 'cgwardenctl status | grep -q "^locked: until reboot (0 request(s) refused)"'
tap_eq "the lock parameter says Y" "$(cat $P/lock)" Y
tap_eq "an audit record of the lock" \
	"$(cgw_audit_count op=lock verdict=allow locked=1)" $((locks0 + 1))
tap_check "locking again is harmless" cgwardenctl lock
tap_eq "the module holds a reference on itself" "$(cat /sys/module/cgwarden/refcnt)" 1

refused=0
# refused DESC WANT CMD...: CMD fails, its output has WANT, and one more
# refusal is counted and audited (op=tamper verdict=deny)
refused() {
	_d=$1
	_w=$2
	shift 2
	_a0=$(cgw_audit_count op=tamper verdict=deny locked=1)
	if _o=$("$@" 2>&1); then
		tap_fail "$_d: refused" "command succeeded: $*" "$_o"
	else
		case $_o in
		*"$_w"*) tap_ok "$_d: refused ($(echo "$_o" | head -n 1))" ;;
		*) tap_fail "$_d: refused, saying why" "want: $_w" "$_o" ;;
		esac
	fi
	refused=$((refused + 1))
	tap_eq "$_d: counted" "$(st lock_refused)" $refused
	_n=0	# the audit record of a refused unload comes from a work item
	while [ "$(cgw_audit_count op=tamper verdict=deny locked=1)" -le "$_a0" ] &&
		[ $_n -lt 10 ]; do
		sleep 0.2
		_n=$((_n + 1))
	done
	tap_eq "$_d: audited" "$(cgw_audit_count op=tamper verdict=deny locked=1)" $((_a0 + 1))
}
L="cgwarden is locked"
refused "protect -> monitor" "$L: mode downgrade" cgwardenctl mode /lk monitor
refused "a circuit breaker" "$L: a circuit breaker" cgwardenctl mode /lk protect --breaker 5
refused "a longer start-up" "$L: a longer start-up" cgwardenctl mode /lk protect --startup 10m
tap_check "control: no start-up (none longer) is not refused" \
	cgwardenctl mode /lk protect --startup 0
i=0
while [ $i -lt 10 ]; do echo $i >/tmp/lk-storm$i; i=$((i + 1)); done
tap_eq "a breaker set before the lock does not trip: all refused" \
	"$(cgw_in_cg lk cgw-probe files /tmp/lk-storm 10 r)" "10 errors"
tap_eq "... and the cgroup stays protected" "$(cgw_cg_field /lk mode)" protect
refused "protect -> off" "$L: mode downgrade" cgwardenctl mode /lk off
refused "monitor -> learn" "$L: mode downgrade" cgwardenctl mode /lm learn
refused "protect -> monitor of a cgroup below" "$L: mode downgrade" \
	cgwardenctl mode /lk/sub monitor
refused "learn for the host, over a protected cgroup below it" \
	"$L: mode downgrade of a cgroup below" cgwardenctl mode / learn
refused "default mode learn -> off" "$L: this change would weaken" \
	cgwardenctl config --default-mode off
refused "lowering max-cgroups" "$L: this change would weaken" \
	cgwardenctl config --max-cgroups 10
refused "raising the alert window" "$L: this change would weaken" \
	cgwardenctl config --alert-window-ms 60000
refused "generalising sooner: dir names" "$L: this change would weaken" \
	cgwardenctl config --dir-names 2
refused "generalising at all: net addrs" "$L: this change would weaken" \
	cgwardenctl config --net-addrs 1
refused "exe pairing off" "$L: this change would weaken" \
	cgwardenctl config --exe-pairing off
refused "name collapsing on" "$L: this change would weaken" \
	cgwardenctl config --collapse-names on
refused "learning until told (quiet 0)" "$L: this change would weaken" \
	cgwardenctl config --until-quiet 0
refused "learning longer (quiet)" "$L: this change would weaken" \
	cgwardenctl config --until-quiet 10m
refused "learning longer (min)" "$L: this change would weaken" \
	cgwardenctl config --min-learn 1h
refused "max_candidates 0 through sysfs" "not permitted" sh -c "echo 0 >$P/max_candidates"
refused "dir_names through sysfs" "not permitted" sh -c "echo 1 >$P/dir_names"
refused "exe_pairing through sysfs" "not permitted" sh -c "echo N >$P/exe_pairing"
refused "collapse_names through sysfs" "not permitted" sh -c "echo Y >$P/collapse_names"
refused "policy clear" "$L: the policy is frozen" cgwardenctl policy clear
refused "policy load" "$L: the policy is frozen" cgwardenctl policy load /tmp/pol.yaml
refused "model clear, protected" "$L: the model of a monitored or protected cgroup is frozen" \
	cgwardenctl model clear /lk
refused "model clear, monitored" "$L: the model" cgwardenctl model clear /lm
refused "model import, protected" "$L: the model" cgwardenctl model import /lk /tmp/seed.yaml
refused "model accept, protected" "$L: the model" cgwardenctl model accept /lk --all
refused "default_mode through sysfs" "not permitted" sh -c "echo off >$P/default_mode"
refused "max_cgroups through sysfs" "not permitted" sh -c "echo 1 >$P/max_cgroups"
refused "unlock through sysfs" "not permitted" sh -c "echo 0 >$P/lock"
refused "rmmod" "not permitted" rmmod cgwarden
refused "rmmod -f" "not permitted" rmmod -f cgwarden
refused "delete_module through int \$0x80" EPERM cgw-del32 cgwarden 0x800
refused "forced, through int \$0x80" EPERM cgw-del32 cgwarden 0xa00
tap_check "the module is still loaded" grep -q '^cgwarden ' /proc/modules
tap_check "pinned on delete_module's common path: it uses itself" \
	grep -q '^cgwarden .* cgwarden,' /proc/modules
tap_check "the kernel says why" sh -c 'dmesg | grep -q "cgwarden: locked: refused unloading the module"'
tap_eq "nothing changed: modes" \
	"$(cgw_cg_field /lk mode) $(cgw_cg_field /lk/sub mode) $(cgw_cg_field /lm mode)" \
	"protect protect monitor"
tap_eq "nothing changed: config" \
	"$(cgwardenctl config --json | cgw_json_field default_mode) $(cat $P/max_cgroups) $(cat $P/alert_window_ms)" \
	"learn 1000 5000"
tap_eq "nothing changed: generalisation, pairing, candidates" \
	"$(cat $P/dir_names $P/net_addrs $P/exe_pairing $P/collapse_names $P/max_candidates | xargs)" \
	"32 16 Y N 1024"
tap_check "nothing changed: the policy" sh -c 'cgwardenctl policy show | grep -q /tmp/secret'

# What strengthens, or reads, still works.
tap_check "learn -> monitor" cgwardenctl mode /ll monitor
tap_check "monitor -> protect" cgwardenctl mode /lm protect
tap_check "a new cgroup: off -> learn" sh -c 'mkdir /sys/fs/cgroup/lnew && cgwardenctl mode /lnew learn'
tap_check "model clear of a learning cgroup" cgwardenctl model clear /lnew
tap_check "default mode learn -> protect" cgwardenctl config --default-mode protect
tap_check "then monitor -> protect" cgwardenctl config --then protect
tap_check "raising max-cgroups" cgwardenctl config --max-cgroups 2000
tap_check "lowering the alert window" cgwardenctl config --alert-window-ms 1000
tap_check "learning ends sooner" cgwardenctl config --until-quiet 30s --min-learn 5s
tap_check "generalising never" cgwardenctl config --dir-names 0 --net-addrs 0
tap_check "exe pairing on (it is)" cgwardenctl config --exe-pairing on
tap_check "more candidates kept" sh -c "echo 2048 >$P/max_candidates"
tap_check "model show, list, status" \
	sh -c 'cgwardenctl model show /lk >/dev/null && cgwardenctl list >/dev/null && cgwardenctl status >/dev/null'
tap_eq "only the refusals were counted" "$(st lock_refused)" $refused

# Still enforcing after all those attempts.
tap_eq "protect still refuses" "$(cgw_in_cg lk cgw-probe open /tmp/secret r)" EPERM
tap_eq "and still allows what it learned" "$(cgw_in_cg lk cgw-probe open /etc/hostname r)" ok
tap_eq "the cgroup below too" "$(cgw_in_cg lk/sub cgw-probe open /tmp/secret r)" EPERM
tap_check "the hooks are all still attached" \
	sh -c 'st=$(cgwardenctl status --json)
		[ "$(echo "$st" | grep -o "\"state\":\"ftrace\"" | wc -l)" -eq \
		  "$(echo "$st" | grep -o "\"symbol\":" | wc -l)" ]'
tap_done
