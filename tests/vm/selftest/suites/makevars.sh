#!/bin/sh
# shellcheck source-path=SCRIPTDIR/../../../integration
# Self-test: a suite with its own module build.  The line below makes
# run.sh build with these make variables, and warnmod/build.sh then leaves
# a second module, cgw_marked.ko, which must reach this guest.
# cgw-vm-make: CGW_SELFTEST_MARK=1
# shellcheck source=lib.sh
. "$CGW_DIR/lib.sh"
tap_check "the suite's own build reached the guest" test -e "$CGW_DIR/cgw_marked.ko"
tap_done
