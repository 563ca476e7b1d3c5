#!/usr/bin/env bash
# Convergence of the classical statistics with the rule's level, for the uncertainty examples
# (examples/uq/): each config's classical section at a sequence of levels, and the relative l2 change of
# rho_mean and rho_std at the last output time from one level to the next (their differences to the finest
# level, too). Writes examples/results/uq/levels.md. Usage: bash scripts/uq-levels.sh   (expects a built tree)
set -euo pipefail
cd "$(dirname "$0")/.."
k=build/app/kinetic
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=examples/results/uq/levels.md
mkdir -p "$(dirname "$out")"
# config | rule | levels
runs=("examples/uq/visible_eps1e-8.yaml tensor 2 4 8 16"
      "examples/uq/piecewise_d8_eps1e-3.yaml smolyak 1 2 3"
      "examples/uq/case2_eps1e-5.yaml halton 64 256 1024")
{
  echo "# Classical statistics against the rule's level"
  echo
  echo "Written by scripts/uq-levels.sh on $(date -u +%F) ($(bash scripts/machine.sh)). Relative l2 of rho_mean and"
  echo "rho_std at the last output time: change from the previous level, and difference to the finest level run."
  echo
  echo "| example | rule | level | samples | mean: change | std: change | mean: to finest | std: to finest | s |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$out"
for run in "${runs[@]}"; do
  read -r config rule levels <<< "$run"
  files=()
  for level in $levels; do
    f=$work/$(basename "$config" .yaml)_$level.h5
    start=$(date +%s%N)
    "$k" solve "$config" -o "$f" -q --set "classical.statistics={rule: $rule, level: $level}" > /dev/null
    echo "$(( ($(date +%s%N) - start) / 1000000 ))" > "$f.ms"
    files+=("$f")
  done
  /usr/bin/python3 - "$config" "$rule" "${files[@]}" >> "$out" <<'PY'
import sys, h5py, numpy as np
config, rule, files = sys.argv[1], sys.argv[2], sys.argv[3:]
def fields(f):
    with h5py.File(f) as h:
        return h["rho_mean"][-1], h["rho_std"][-1], int(h.attrs["statistics_level"]), int(h.attrs["statistics_samples"])
rows = [fields(f) for f in files]
def rel(a, b):
    n = np.linalg.norm(b)
    return np.linalg.norm(a - b) / n if n > 0 else float("nan")
finest = rows[-1]
for i, (m, s, level, n) in enumerate(rows):
    change = ("-", "-") if i == 0 else (f"{rel(m, rows[i-1][0]):.2e}", f"{rel(s, rows[i-1][1]):.2e}")
    to_finest = ("-", "-") if i == len(rows) - 1 else (f"{rel(m, finest[0]):.2e}", f"{rel(s, finest[1]):.2e}")
    seconds = float(open(files[i] + ".ms").read()) / 1000
    print(f"| {config.split('/')[-1]} | {rule} | {level} | {n} | {change[0]} | {change[1]} | {to_finest[0]} | {to_finest[1]} | {seconds:.1f} |")
PY
done
cat "$out"
