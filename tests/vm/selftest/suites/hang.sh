#!/bin/sh
# shellcheck source-path=SCRIPTDIR/../../../integration
# Self-test: hangs: the runner must FAIL by timeout.
# shellcheck source=lib.sh
. "$CGW_DIR/lib.sh"
tap_ok "before the hang"
sleep 1000 &
sleep 1000
tap_done
