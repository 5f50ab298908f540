#!/bin/sh
# Only an administrator of the host may use cgwarden: root in a user
# namespace, a non-root user and any other network namespace are refused
# every command, and nothing changes.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

tap_check "insmod" cgw_load
cgw_mkcg perm >/dev/null
cgwardenctl mode /perm learn
id=$(stat -c %i /sys/fs/cgroup/perm)

as_userns() { unshare -U -r "$@"; }
as_nobody() { cgw-probe as 65534 "$@"; }
as_netns() { unshare -n "$@"; }

for who in userns nobody netns; do
	run="as_$who"
	out=$($run cgwardenctl status 2>&1)
	rc=$?
	[ $rc -ne 0 ] && tap_ok "$who: status refused (exit $rc)" ||
		tap_fail "$who: status refused" "$out"
	case $who in
	netns) want="initial network namespace" ;;
	*) want="permission denied" ;;
	esac
	case $out in
	*"$want"*) tap_ok "$who: the refusal says why" ;;
	*) tap_fail "$who: the refusal says why" "$out" ;;
	esac
	tap_check_fails "$who: mode change refused" $run cgwardenctl mode "$id" off
	tap_check_fails "$who: list refused" $run cgwardenctl list
	tap_check_fails "$who: model show refused" $run cgwardenctl model show "$id"
	tap_check_fails "$who: model clear refused" $run cgwardenctl model clear "$id"
	tap_check_fails "$who: config refused" $run cgwardenctl config --default-mode protect
done
tap_eq "nothing changed: the mode" "$(cgw_cg_field /perm mode)" learn
tap_eq "nothing changed: the default mode" \
	"$(cgwardenctl config --json | cgw_json_field default_mode)" off
tap_check_fails "container root cannot unload the module" as_userns rmmod cgwarden
tap_check "the module is still there" grep -q '^cgwarden ' /proc/modules
cgw_rmcg perm
tap_check "rmmod" cgw_unload
tap_done
