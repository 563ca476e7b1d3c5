#!/usr/bin/env bash
# Our APNN v2 Case I training step against the published PyTorch step, side by side in one session on one
# machine (issue 22). bench/published/parity_step.py rebuilds the published step (its loss is our
# `parity_residuals: sampled`); bench_neural_step runs ours. Both are GEMM-bound, and on a 2-core VM the
# second core's speed drifts by +-30 % over minutes, so the runs are interleaved: ROUNDS rounds of [ours:
# symmetrize sampled, symmetrize nodes, fold nodes (autograd, one pass: the trainer's default); published], each
# the median of a few steps, and
# the table gives the median over rounds and the median and range of the per-round ratio ours/published.
# "nodes" (our default) puts the even and odd equations at all 30 nodes of every point: 30x the residual
# points of the published loss for 1.22x its GEMM work. The last column is a floor no implementation on this
# machine can beat: the step's hidden-layer GEMMs alone at the run's sgemm ceiling (bench_neural_step's
# torch::mm rate), as a ratio to the published step of the same round (the published loss: 130 GFLOP).
# Needs python3-torch and a built tree.
#   usage: scripts/compare-published-step.sh [rounds=6] [threads list, default "1,2"] [steps per run=3]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6}
threads=${2:-1,2}
steps=${3:-3}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "error: the published step needs PyTorch for Python: apt-get install python3-torch" >&2
  exit 2
fi
echo "machine: $(scripts/machine.sh), $(date -u +%Y-%m-%d), $rounds interleaved rounds, median of $steps steps per run"
printf "%-8s %-22s %12s %24s %8s %18s\n" threads "step" "median s" "ratio: median (range)" "GFLOP" "GEMM-only bound"
for th in ${threads//,/ }; do
  log=$(mktemp)
  for ((r = 0; r < rounds; ++r)); do
    # per configuration: seconds and hidden-GEMM GFLOP; the run's sgemm ceiling (GFLOP/s) as "ceiling"
    build/bench/bench_neural_step "$steps" "$th" 0 symmetrize:sampled,symmetrize:nodes,fold:nodes autograd |
      awk -v r="$r" '$2 ~ /^(symmetrize|fold)$/ { print r, $2 "_" $3, $6, $10 }
                     $2 == "sgemm" { print r, "ceiling", $4 }' >> "$log"
    /usr/bin/python3 bench/published/parity_step.py "$th" "$steps" |
      sed -n 's/.*median \([0-9.]*\) s.*/\1/p' | awk -v r="$r" '{ print r, "published", $1 }' >> "$log"
  done
  awk -v th="$th" '
    function median(a, n,   i, j, t) {
      for (i = 1; i <= n; ++i) for (j = i + 1; j <= n; ++j) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : 0.5 * (a[n / 2] + a[n / 2 + 1])
    }
    { s[$2, $1] = $3; if (NF > 3) gflop[$2] = $4; names[$2] = 1; rounds[$1] = 1 }
    END {
      split("published symmetrize_sampled symmetrize_nodes fold_nodes", order, " ")
      gflop["published"] = 130  # the published loss, counted in the README ("Speed of the neural step")
      for (k = 1; k <= 4; ++k) {
        name = order[k]; n = 0; m = 0; lo = 1e9; hi = 0; blo = 1e9; bhi = 0
        for (r in rounds) {
          v[++n] = s[name, r]; q = s[name, r] / s["published", r]; lo = q < lo ? q : lo; hi = q > hi ? q : hi
          qs[n] = q
          # GEMM-only bound: the hidden GEMMs at the sgemm ceiling of the round, against the published step of the round
          b = gflop[name] / s["ceiling", r] / s["published", r]; blo = b < blo ? b : blo; bhi = b > bhi ? b : bhi
        }
        label = name == "published" ? "published (PyTorch)" : name
        ratio = name == "published" ? "1" : sprintf("%.2f (%.2f .. %.2f)", median(qs, n), lo, hi)
        printf "%-8s %-22s %12.3f %24s %8.0f %18s\n", th, label, median(v, n), ratio, gflop[name], sprintf("%.2f .. %.2f", blo, bhi)
      }
    }' "$log"
  rm -f "$log"
done
