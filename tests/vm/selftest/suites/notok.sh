#!/bin/sh
# shellcheck source-path=SCRIPTDIR/../../../integration
# Self-test: one failing test: the runner must FAIL.
# shellcheck source=lib.sh
. "$CGW_DIR/lib.sh"
tap_ok "fine"
tap_check "false fails" false
tap_done
