#!/bin/sh
# Copy what DKMS needs to build cgwarden.ko into DEST (normally
# /usr/src/cgwarden-<version>): Kbuild, dkms.conf, kmod/*.[ch] (not the
# KUnit suites of kmod/tests/, not build products) and include/.
# Used by tests/dkms.sh and debian/rules, so both ship the same files.
#
#   packaging/dkms-source.sh DEST
set -eu

dest=${1:?usage: dkms-source.sh DEST}
top=$(cd "$(dirname "$0")/.." && pwd)

mkdir -p "$dest/kmod" "$dest/include/uapi"
cp "$top/Kbuild" "$top/dkms.conf" "$dest/"
cp "$top"/kmod/*.c "$top"/kmod/*.h "$dest/kmod/"
cp "$top"/include/uapi/*.h "$dest/include/uapi/"
