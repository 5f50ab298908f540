#!/bin/bash
# Kernel style: scripts/checkpatch.pl --strict over the module sources,
# from the linux-source-6.1 tree the KUnit runner keeps in its cache.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
tree=${CGW_CACHE:-$HOME/.cache/cgwarden}/linux-source-6.1
cp=$tree/scripts/checkpatch.pl
[ -x "$cp" ] || { echo "checkpatch: no $cp (run tests/kunit/run.sh first)"; exit 1; }
cd "$repo"
"$cp" --strict --no-tree --quiet --show-types \
	-f kmod/*.c kmod/*.h kmod/tests/*.c include/uapi/cgwarden.h
