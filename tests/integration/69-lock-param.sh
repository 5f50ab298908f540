#!/bin/sh
# The lock from load on: insmod cgwarden.ko lock=1 (modprobe.d) locks once
# the module runs; the other parameters given with it still apply, even
# those the lock would refuse later; the module stays loaded and refuses
# downgrades from then on.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
P=/sys/module/cgwarden/parameters
st() { cgwardenctl status --json | cgw_json_field "$1"; }

tap_check "insmod lock=1 default_mode=learn max_cgroups=100" \
	cgw_load lock=1 default_mode=learn max_cgroups=100
tap_eq "locked" "$(st locked)" true
tap_eq "the parameters given at load apply" \
	"$(cat $P/default_mode) $(cat $P/max_cgroups) $(cat $P/lock)" "learn 100 Y"
tap_eq "an audit record of the lock" "$(cgw_audit_count op=lock verdict=allow locked=1)" 1
tap_eq "the module holds a reference on itself" "$(cat /sys/module/cgwarden/refcnt)" 1
tap_check_fails "rmmod is refused" rmmod cgwarden
tap_check_fails "rmmod -f is refused" rmmod -f cgwarden
tap_check_fails "unlocking is refused" sh -c "echo 0 >$P/lock"
tap_check_fails "a lower default mode is refused" cgwardenctl config --default-mode off
tap_check_fails "and through sysfs" sh -c "echo off >$P/default_mode"
tap_check "a higher one is not" cgwardenctl config --default-mode monitor
tap_eq "refusals counted" "$(st lock_refused)" 5
tap_check "the module is still loaded" grep -q '^cgwarden ' /proc/modules
tap_done
