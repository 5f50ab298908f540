#!/bin/sh
# Self-test: host environment variables named in a cgw-vm-env line reach
# the guest verbatim; declared ones the host did not set stay unset.
# cgw-vm-env: CGW_SELFTEST_ENV CGW_SELFTEST_UNSET
# shellcheck source-path=SCRIPTDIR/../../../integration
# shellcheck source=lib.sh
. "$CGW_DIR/lib.sh"
tap_eq "a host setting reaches the guest" "${CGW_SELFTEST_ENV:-}" "a b'c\$d"
tap_eq "an unset one stays unset" "${CGW_SELFTEST_UNSET-unset}" unset
tap_done
