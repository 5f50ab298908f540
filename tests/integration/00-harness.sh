#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# The guest environment the other suites rely on.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

tap_check "cgroup2 mounted on /sys/fs/cgroup" \
	sh -c 'grep -q "^cgroup2 /sys/fs/cgroup cgroup2 " /proc/mounts'
tap_check "cgroup.controllers readable" test -r /sys/fs/cgroup/cgroup.controllers
tap_check "lo is up" sh -c 'ip link show lo | grep -q "<.*UP.*>"'
tap_check "/cgw/cgwarden.ko exists" test -f "$CGW_DIR/cgwarden.ko"
tap_check "/cgw/cgwardenctl exists" test -x "$CGW_DIR/cgwardenctl"
tap_check "cgwardenctl --version runs (shared libraries resolve)" \
	"$CGW_DIR/cgwardenctl" --version

cg=$(cgw_mkcg cgw-harness)
tap_check "cgroup created" test -d "$cg"
tap_eq "cgw_in_cg runs in the cgroup" \
	"$(cgw_in_cg cgw-harness cat /proc/self/cgroup)" "0::/cgw-harness"
tap_eq "cgw_in_container: pid 1 in a new pid namespace" \
	"$(cgw_in_container cgw-harness sh -c 'echo $$')" 1
host_net=$(readlink /proc/self/ns/net)
cont_net=$(cgw_in_container cgw-harness readlink /proc/self/ns/net)
if [ -n "$cont_net" ] && [ "$cont_net" != "$host_net" ]; then
	tap_ok "cgw_in_container: own network namespace"
else
	tap_fail "cgw_in_container: own network namespace" "host $host_net, container '$cont_net'"
fi
tap_check "cgroup removed" cgw_rmcg cgw-harness

tap_done
