#!/usr/bin/env bash
# Time to accuracy of the second-order phase (neural.optimizer.second_order, Gauss-Newton with
# Levenberg-Marquardt damping) against today's schedule (Adam, then L-BFGS), same networks, same batches,
# same seed, in one session on one machine: for the slides' Case I (APNN v2), APNN v1 (inflow eps = 1e-8 and
# periodic eps = 1) and the BGK example. Each run trains for at most BUDGET seconds (interrupted runs keep
# their train_log.csv); the error of rho (BGK: also momentum) at the last output time against the example's
# classical reference is read from the logs at fixed wall times. Writes out/time_to_accuracy.md (the table,
# with the machine) and out/time_to_accuracy.png (error against wall time, one panel per case).
# Expects a built tree (scripts/build.sh).
#   usage: scripts/time-to-accuracy.sh [out=results/time_to_accuracy] [budget=600] [cases...]
#   cases: case1 v1_inflow v1_periodic bgk (default: all)
#   TRAIN=0 scripts/time-to-accuracy.sh ...   rebuilds the table and the plot from the logs already in out/
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/time_to_accuracy}
budget=${2:-600}
shift $(( $# > 2 ? 2 : $# ))
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(case1 v1_inflow v1_periodic bgk)
k=build/app/kinetic
mkdir -p "$out"

# The second-order schedule per case: the same Adam steps as the example (fewer where Gauss-Newton takes
# over), then Gauss-Newton instead of L-BFGS. Damping, CG iterations and batch as measured best here.
config_of() {
  case $1 in
    case1) echo examples/linear_transport/inflow_eps1e-3.yaml ;;
    v1_inflow) echo examples/linear_transport/inflow_eps1e-8.yaml ;;
    v1_periodic) echo examples/linear_transport/periodic_eps1.yaml ;;
    bgk) echo examples/bgk/smooth_eps1e-3.yaml ;;
    *) echo "unknown case '$1' (case1 v1_inflow v1_periodic bgk)" >&2; exit 2 ;;
  esac
}
second_order_of() {
  case $1 in
    case1) echo "neural.steps=1000|neural.optimizer.lbfgs_steps=0|neural.optimizer.second_order={steps: 100000, solver: cg, damping: 1.0e-2, cg_iterations: 100, cg_tolerance: 1.0e-4, resample_every: 20, batch_factor: 2}" ;;
    v1_inflow) echo "neural.steps=1000|neural.optimizer.lbfgs_steps=0|neural.optimizer.second_order={steps: 100000, solver: cg, damping: 1.0e-2, cg_iterations: 100, cg_tolerance: 1.0e-4, resample_every: 20, batch_factor: 2}" ;;
    v1_periodic) echo "neural.steps=700|neural.optimizer.lbfgs_steps=0|neural.optimizer.second_order={steps: 100000, solver: cg, damping: 1.0e-2, cg_iterations: 100, cg_tolerance: 1.0e-4, resample_every: 20, batch_factor: 2}" ;;
    bgk) echo "neural.steps=1000|neural.optimizer.lbfgs_steps=0|neural.optimizer.second_order={steps: 100000, solver: cg, damping: 1.0e-2, cg_iterations: 100, cg_tolerance: 1.0e-4, resample_every: 20}" ;;
  esac
}

threads=$(nproc)
[ "${TRAIN:-1}" = 0 ] && cases_to_train=() || cases_to_train=("${cases[@]}")
for c in "${cases_to_train[@]}"; do
  config=$(config_of "$c")
  "$k" solve "$config" -o "$out/$c.reference.h5" -q
  for schedule in today second_order; do
    sets=(--set neural.log_every=25 --set neural.threads="$threads")
    if [ "$schedule" = second_order ]; then
      IFS='|' read -ra extra <<< "$(second_order_of "$c")"
      for e in "${extra[@]}"; do sets+=(--set "$e"); done
    fi
    echo "== $c, $schedule: $config (at most $budget s)"
    timeout --signal=INT "$budget" "$k" train "$config" -o "$out/$c.$schedule.h5" -q \
      --reference "$out/$c.reference.h5" "${sets[@]}" || true
  done
done

# Table: error at the last output time after 60, 120, 300, 600 s of training and the best, per run.
{
  echo "# Time to accuracy: today's schedule (Adam, L-BFGS) against Gauss-Newton (LM), same networks"
  echo
  echo "Written by scripts/time-to-accuracy.sh on $(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 -E '^model\s' /proc/cpuinfo | cut -d: -f2 | xargs)), $threads threads, budget $budget s per run."
  echo "Relative l2 error of rho (BGK: and momentum) at the last output time against the example's classical reference, by training wall time."
  echo "A run that ended before a column's time shows its final error there. today: the example's own schedule (Adam, then L-BFGS);"
  echo "second_order: the same networks and batch, fewer Adam steps, then Gauss-Newton (the settings in scripts/time-to-accuracy.sh)."
  echo
  echo "| case | schedule | field | 60 s | 120 s | 300 s | 600 s | best (at s) |"
  echo "|---|---|---|---|---|---|---|---|"
  for c in "${cases[@]}"; do
    for schedule in today second_order; do
      log="$out/$c.$schedule.h5.run/train_log.csv"
      [ -f "$log" ] || continue
      awk -F, -v c="$c" -v s="$schedule" '
        NR == 1 { for (i = 1; i <= NF; ++i) { if ($i ~ /^err_t/) rho = i; if ($i ~ /^err_momentum_t/) mom = i } next }
        { w[NR] = $2; e[NR] = $rho; if (mom) m[NR] = $mom; n = NR }
        function at(arr, t,   i, v) { v = "-"; for (i = 2; i <= n; ++i) if (w[i] <= t) v = sprintf("%.2e", arr[i]); return v }
        function best(arr,   i, b, bw) { b = 1e300; for (i = 2; i <= n; ++i) if (arr[i] < b) { b = arr[i]; bw = w[i] } return sprintf("%.2e (%.0f)", b, bw) }
        END {
          printf "| %s | %s | rho | %s | %s | %s | %s | %s |\n", c, s, at(e, 60), at(e, 120), at(e, 300), at(e, 600), best(e)
          if (mom) printf "| %s | %s | momentum | %s | %s | %s | %s | %s |\n", c, s, at(m, 60), at(m, 120), at(m, 300), at(m, 600), best(m)
        }' "$log"
    done
  done
} > "$out/time_to_accuracy.md"
cat "$out/time_to_accuracy.md"

# One panel per case: error (log scale) against wall time, both schedules.
if command -v gnuplot >/dev/null; then
  n=${#cases[@]}
  {
    echo "set terminal pngcairo size $((420 * n)),380; set output '$out/time_to_accuracy.png'"
    echo "set datafile separator ','; set logscale y; set format y '%.0e'; set key top right"
    echo "set multiplot layout 1,$n"
    for c in "${cases[@]}"; do
      echo "set title '$c' noenhanced; set xlabel 'training wall time (s)'; set ylabel 'rel. l2 of rho'"
      col() { head -1 "$out/$c.$1.h5.run/train_log.csv" | tr ',' '\n' | grep -n '^err_t' | tail -1 | cut -d: -f1; }
      echo "plot '$out/$c.today.h5.run/train_log.csv' every ::1 using 2:$(col today) with lines title 'Adam + L-BFGS', \\"
      echo "     '$out/$c.second_order.h5.run/train_log.csv' every ::1 using 2:$(col second_order) with lines title 'Adam + Gauss-Newton'"
    done
    echo "unset multiplot"
  } | gnuplot && echo "plot: $out/time_to_accuracy.png"
fi
