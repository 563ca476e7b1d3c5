#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
start=$(date +%s)
scripts/build.sh
built=$(date +%s)
echo "build time: $((built - start)) s"
ctest --test-dir build --output-on-failure -j "$(nproc)"
echo "test time: $(( $(date +%s) - built )) s"
