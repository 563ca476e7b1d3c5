#!/usr/bin/env bash
# Warm start against cold start on the slides' Case I (examples/linear_transport/inflow_eps1e-3.yaml), same
# seeds and settings: a kinetic classical run (with f, at ten times) becomes supervision data; the warm run
# pre-trains rho, r and j on it for PRETRAIN Adam steps (each phase runs the config's whole learning-rate
# schedule, the physics phase with a 200-step warm-up), then trains on the APNN loss with the data term kept
# at weight 0.1. Prints, from the runs' train_log.csv, the training wall time, CPU time and step at which the
# relative l2 error of rho at t = 0.1 first drops below 1e-2 (for the warm run also within the physics
# phase), and the final errors. Expects a built tree (scripts/build.sh).
#   usage: scripts/warm-vs-cold.sh [out=results/warm_vs_cold] [pretrain=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
config=examples/linear_transport/inflow_eps1e-3.yaml
out=${1:-results/warm_vs_cold}
pretrain=${2:-2000}
k=build/app/kinetic
mkdir -p "$out"
"$k" solve "$config" -o "$out/reference.h5" -q
# Supervision data with f: a kinetic (micro-macro) run, at ten times.
"$k" solve "$config" -o "$out/kinetic.h5" -q --set "classical={method: micro_macro, nx: 800, nv: 32, save_f: true}" \
  --set "problem.output_times=[0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1]"
"$k" supervise "$config" --from "$out/kinetic.h5" -o "$out/supervision.h5" \
  --set coupling.supervision.mode=random --set coupling.supervision.points_per_time=256 \
  --set coupling.supervision.include_f=true
"$k" train "$config" -o "$out/cold.h5" --reference "$out/reference.h5" --set neural.log_every=25
"$k" train "$config" -o "$out/warm.h5" --reference "$out/reference.h5" --set neural.log_every=25 \
  --set neural.supervision.file="$out/supervision.h5" --set neural.supervision.pretrain_steps="$pretrain" \
  --set neural.supervision.weight=0.1 --set neural.optimizer.warmup=200 --set neural.steps=$((pretrain + 3000))
# First row of a log with err_t0.1 < 1e-2 at step >= $2, and the last row.
first_below() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) if ($i == "err_t0.1") c = i; next }
           { last = sprintf("step %6d  wall %7.1f s  err %.3e", $1, $2, $c) }
           c && !found && $1 >= from && $c < 1e-2 { printf "%-22s step %6d  wall %7.1f s  cpu %7.1f s  err %.3e\n", label, $1, $2, $3, $c; found = 1 }
           END { if (!found) printf "%-22s never below 1e-2\n", label; printf "%-22s final: %s\n", label, last }' \
    label="$3" from="$2" "$out/$1.h5.run/train_log.csv"
}
echo "== time to relative l2 < 1e-2 at t = 0.1 (training time; the reference took seconds)"
first_below cold 0 cold
first_below warm 0 "warm (any phase)"
first_below warm $((pretrain + 1)) "warm (physics phase)"
