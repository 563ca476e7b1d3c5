#!/usr/bin/env bash
# Our fused BGK IMEX kernel against the published numpy step, side by side in one session on one machine
# (issue 22): bench_bgk and bench/published/bgk_step.py, alternated ROUNDS times, each printing absolute
# cell-velocity updates per second (one process, one core each). Expects a built tree (scripts/build.sh).
# With PUBLISHED_BGK=<checkout of the published repository>/numerical, each round also times the published
# solver itself (bench/published/time_published_bgk.py imports it; its code is not shipped here).
#   usage: [PUBLISHED_BGK=dir] scripts/compare-published-bgk.sh [rounds=2]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
echo "machine: $(scripts/machine.sh), $(date -u +%Y-%m-%d)"
for ((r = 0; r < rounds; ++r)); do
  build/bench/bench_bgk 1 | grep -E "nx x nv|^(800|1600)x60 "
  /usr/bin/python3 bench/published/bgk_step.py 800,1600 60 3
  if [[ -n "${PUBLISHED_BGK:-}" ]]; then
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/published/time_published_bgk.py "$PUBLISHED_BGK" 800,1600 60 3
  fi
done
