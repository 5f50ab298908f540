#!/bin/sh
# Malformed, truncated, oversized and type-confused requests each get an
# error (with the kernel's reason where it can give one), change nothing,
# and leave the module answering and enforcing.  Any kernel warning fails
# the suite (the harness reads the console).
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

tap_check "insmod" cgw_load
cgw_mkcg bad >/dev/null
id=$(stat -c %i /sys/fs/cgroup/bad)
cgwardenctl mode /bad learn
cgw_in_cg bad cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /bad protect
entries=$(cgw_cg_field /bad entries)

cgw-nlbad "$id" >/tmp/bad.out
cat /tmp/bad.out | tap_diag
# case errno [text the extack must contain]
while read -r name want text; do
	line=$(grep "^$name " /tmp/bad.out)
	case $line in
	"$name $want "*) tap_ok "$name refused with $want" ;;
	*) tap_fail "$name refused with $want" "$line" ;;
	esac
	[ -z "$text" ] && continue
	case $line in
	*"$text"*) tap_ok "$name: the kernel says why" ;;
	*) tap_fail "$name: the kernel says why ($text)" "$line" ;;
	esac
done <<'CASES'
short-u64 EINVAL
mode-range ERANGE
mode-missing EINVAL missing mode
unknown-attr EINVAL
truncated EINVAL
config-zero ERANGE
rule-no-cgroup EINVAL 1 to 64 cgroups
path-too-long EINVAL failed policy validation
bad-glob EINVAL whole path component
nest-garbage EINVAL
import-no-path EINVAL entry incomplete
net-path EINVAL no path or name
import-last-bad EINVAL entry incomplete
no-command EOPNOTSUPP
CASES

tap_eq "the mode did not change" "$(cgw_cg_field /bad mode)" protect
tap_eq "the limits did not change" \
	"$(cgwardenctl config --json | cgw_json_field max_entries)" 65536
tap_eq "no policy was installed" "$(cgwardenctl policy show)" "rules: []"
tap_eq "the model did not change" "$(cgw_cg_field /bad entries)" "$entries"
tap_check "the module still answers" cgwardenctl status
tap_eq "and still enforces" "$(cgw_in_cg bad cgw-probe open /etc/passwd r)" EPERM
cgw_rmcg bad
tap_check "rmmod" cgw_unload
tap_done
