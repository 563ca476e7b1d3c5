#!/usr/bin/env bash
# Builds and runs every benchmark in bench/ (each prints a table). Not part of the test suite: speed targets
# are measured here, on a quiet machine, never asserted in unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
for b in build/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" "$@"
  echo
done
