#!/bin/sh
# Only an administrator of the host may use cgwarden: root in a user
# namespace, a non-root user and any other network namespace are refused
# every command, and nothing changes.  Changing state takes CAP_SYS_ADMIN
# or CAP_MAC_ADMIN, and a caller outside every watched cgroup: CAP_NET_ADMIN
# alone reads (status, list, model show, policy show) and nothing more, and
# root in a monitored cgroup is refused.  Controls: the same changes from
# a cgroup in mode off and from the host's root cgroup succeed.
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

# CAP_NET_ADMIN alone, in the host's namespaces (root without CAP_SYS_ADMIN
# and CAP_MAC_ADMIN): it reads, but changes nothing and hears no events.
netonly() { cgw-caps sys_admin,mac_admin "$@"; }
tap_check "net admin only: it still has CAP_NET_ADMIN (status answers)" \
	netonly cgwardenctl status
tap_check "net admin only: list answers" netonly cgwardenctl list
tap_check "net admin only: model show answers" netonly cgwardenctl model show "$id"
tap_check "net admin only: policy show answers" netonly cgwardenctl policy show
# change DESC CMD...: refused for the CAP_NET_ADMIN-only caller, saying why
change() {
	_d=$1
	shift
	if _o=$(netonly "$@" 2>&1); then
		tap_fail "net admin only: $_d refused" "command succeeded: $*" "$_o"
	else
		case $_o in
		*"needs CAP_SYS_ADMIN or CAP_MAC_ADMIN"*) tap_ok "net admin only: $_d refused" ;;
		*) tap_fail "net admin only: $_d refused, saying why" "$_o" ;;
		esac
	fi
}
change "mode change" cgwardenctl mode "$id" off
change "model clear" cgwardenctl model clear "$id"
change "config" cgwardenctl config --default-mode protect
change "policy load" cgwardenctl policy load /tmp/open.yaml
change "policy clear" cgwardenctl policy clear
change "model import" cgwardenctl model import "$id" /tmp/seed.yaml
change "model accept" cgwardenctl model accept "$id" --all
change "model remove" cgwardenctl model remove "$id" 1
change "lock" cgwardenctl lock
# watch_joins [WRAPPER...]: cgwardenctl watch is still listening after 1 s
watch_joins() {
	"$@" cgwardenctl watch >/tmp/watch.out 2>&1 &
	_p=$!
	sleep 1
	if kill -0 $_p 2>/dev/null; then
		kill $_p
		wait $_p
		return 0
	fi
	wait $_p
	cat /tmp/watch.out
	return 1
}
tap_check_fails "net admin only: joining the event group refused" watch_joins netonly
tap_check "net admin only: ... with permission denied" grep -q "permission denied" /tmp/watch.out
tap_eq "nothing changed: the policy" "$(cgwardenctl policy show)" "$(cat /tmp/policy.before)"
tap_eq "nothing changed: the model" "$(cgw_cg_field /perm entries)" "$entries"
tap_eq "nothing changed: the mode" "$(cgw_cg_field /perm mode)" learn
tap_eq "nothing changed: not locked" "$(cgwardenctl status --json | cgw_json_field locked)" false

# Root with every capability, but in a cgroup cgwarden watches (or below
# one): refused too.  A cgroup in mode off, and the host's, may.
cgw_mkcg watched/below >/dev/null
cgw_mkcg offcg >/dev/null
cgwardenctl mode /watched monitor
tap_check_fails "root in a monitored cgroup: mode change refused" \
	cgw_in_cg watched cgwardenctl mode /perm off
tap_check_fails "root in a monitored cgroup: config refused" \
	cgw_in_cg watched cgwardenctl config --default-mode protect
tap_check_fails "root below a monitored cgroup: policy clear refused" \
	cgw_in_cg watched/below cgwardenctl policy clear
out=$(cgw_in_cg watched cgwardenctl lock 2>&1)
case $out in
*"a cgroup cgwarden watches"*) tap_ok "root in a monitored cgroup: lock refused, saying why" ;;
*) tap_fail "root in a monitored cgroup: lock refused, saying why" "$out" ;;
esac
tap_check "root in a monitored cgroup may still read (status)" \
	cgw_in_cg watched cgwardenctl status
tap_eq "nothing changed: the mode" "$(cgw_cg_field /perm mode)" learn
tap_eq "nothing changed: the policy" "$(cgwardenctl policy show)" "$(cat /tmp/policy.before)"
tap_eq "nothing changed: not locked" "$(cgwardenctl status --json | cgw_json_field locked)" false

# Controls: the same changes succeed for a real administrator.
tap_check "control: root in a cgroup in mode off changes a mode" \
	cgw_in_cg offcg cgwardenctl mode /perm monitor
tap_eq "control: the mode changed" "$(cgw_cg_field /perm mode)" monitor
tap_check "control: the host's root changes it back" cgwardenctl mode /perm learn
tap_check "control: the host's root loads and clears a policy" \
	sh -c 'cgwardenctl policy load /tmp/open.yaml && cgwardenctl policy clear && cgwardenctl policy load /tmp/seed.yaml'
tap_check "control: the host's root joins the event group" watch_joins
cgw_rmcg watched
cgw_rmcg offcg

tap_check_fails "container root cannot unload the module" as_userns rmmod cgwarden
tap_check "the module is still there" grep -q '^cgwarden ' /proc/modules
cgw_rmcg perm
tap_check "rmmod" cgw_unload
tap_done
