#!/bin/sh
# shellcheck source-path=SCRIPTDIR/../../../integration
# Self-test: "# cgw-vm-cmdline:" lines reach the guest kernel's command line
# (two lines, one word each, both kept).
# cgw-vm-cmdline: cgw.selftest=first
# cgw-vm-cmdline: cgw.selftest2=second
# shellcheck source=lib.sh
. "$CGW_DIR/lib.sh"
tap_check "first cmdline word" grep -q ' cgw.selftest=first' /proc/cmdline
tap_check "second cmdline word" grep -q ' cgw.selftest2=second' /proc/cmdline
tap_done
