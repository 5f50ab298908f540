#!/bin/sh
# shellcheck source-path=SCRIPTDIR/../../../integration
# Self-test: every TAP test passes, but the module WARNs: the runner must FAIL.
# shellcheck source=lib.sh
. "$CGW_DIR/lib.sh"
tap_check "insmod WARN module" insmod "$CGW_DIR/cgw_warn_selftest.ko"
tap_done
