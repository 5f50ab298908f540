#!/bin/bash
# The README's other command from a clean clone: `git clone` this
# repository's HEAD into a temporary directory and run `make demo` there,
# as a new user would.  The VM kernels, packages and caches are shared
# with this tree (they live outside it), so it costs a build and a boot.
# Last line: the demo's "N passed, M failed".
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if ! git clone -q "$repo" "$tmp/cgwarden"; then
	echo "fresh-clone: git clone failed"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "fresh-clone: $(git -C "$tmp/cgwarden" log --oneline -1)"
make -C "$tmp/cgwarden" demo
