#!/bin/sh
# shellcheck source-path=SCRIPTDIR/../../../integration
# Self-test: a passing suite.  Also checks that a dynamically linked binary
# (selftest.sh passes /usr/bin/env as the CLI) runs, i.e. its libs were copied.
# shellcheck source=lib.sh
. "$CGW_DIR/lib.sh"
tap_ok "trivial"
tap_eq "arithmetic" "$((6 * 7))" 42
tap_check "dynamically linked stand-in CLI runs" "$CGW_DIR/cgwardenctl" --version
tap_check "cgroup2 mounted" test -e /sys/fs/cgroup/cgroup.controllers
tap_check "kernel module from CGW_VM_KMODS loaded" grep -q '^veth ' /proc/modules
tap_done
