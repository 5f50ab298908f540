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

# A policy that would open everything, and a model seed: what a container
# root would love to push.
printf 'rules:\n  - cgroups: ["/**"]\n    mode: "off"\n' >/tmp/open.yaml
printf 'rules:\n  - cgroups: [/perm]\n    allow:\n      files:\n        - path: /etc/shadow\n          access: rw\n' >/tmp/seed.yaml
chmod 644 /tmp/open.yaml /tmp/seed.yaml
cgwardenctl policy load /tmp/seed.yaml
cgwardenctl policy show >/tmp/policy.before
cgw_in_cg perm cgw-probe open /etc/hostname r >/dev/null
entries=$(cgw_cg_field /perm entries)

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
	tap_check_fails "$who: policy load refused" $run cgwardenctl policy load /tmp/open.yaml
	tap_check_fails "$who: policy show refused" $run cgwardenctl policy show
	tap_check_fails "$who: policy clear refused" $run cgwardenctl policy clear
	tap_check_fails "$who: model import refused" $run cgwardenctl model import "$id" /tmp/seed.yaml
done
tap_eq "nothing changed: the policy" "$(cgwardenctl policy show)" "$(cat /tmp/policy.before)"
tap_eq "nothing changed: the model" "$(cgw_cg_field /perm entries)" "$entries"
tap_eq "nothing changed: the mode" "$(cgw_cg_field /perm mode)" learn
tap_eq "nothing changed: the default mode" \
	"$(cgwardenctl config --json | cgw_json_field default_mode)" off
tap_check_fails "container root cannot unload the module" as_userns rmmod cgwarden
tap_check "the module is still there" grep -q '^cgwarden ' /proc/modules
cgw_rmcg perm
tap_check "rmmod" cgw_unload
tap_done
