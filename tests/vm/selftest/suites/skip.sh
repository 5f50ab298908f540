#!/bin/sh
# Self-test: a skipped test: the runner must FAIL (skips are not allowed).
echo "ok 1 - one"
echo "ok 2 - two # SKIP no reason"
echo "1..2"
