#!/usr/bin/env bash
# The slides' RT-APNN benchmark (their Tables 2 and 3; examples/linear_transport/rt_apnn_eps1e-8.yaml):
# trains the ablation rows and the example on the same problem and prints the relative l2 error of rho at
# t = 0.04, 0.1, 0.3, 2 against the exact diffusion series (the reference every training logs when the problem
# has one), with the training wall time and the published rows beside them.
# The ablation adds the slides' ingredients one by one, on the example without its two additions (the corner
# layer and the last window past t = 2) and with 500 L-BFGS steps per window:
#   pinn        the PINN baseline (f = exp(-o)), fully connected, one window: rt_apnn_eps1e-8_pinn.yaml
#   apnn        APNN v1, fully connected 3 x 64, one window: rt_apnn_eps1e-8_apnn.yaml
#   resnet      + ResNet (2 blocks of width 64): rt_apnn_eps1e-8_apnn.yaml with ResNets
#   windows     + time windows (pre-training on [0, 0.1], [0, 0.3], [0, 2])
#   mcmc        + MCMC adaptive sampling (the slides' third ingredient; measured worse here, see the README)
#   example     the example as it is (windows, the decaying corner layer, the last window to 2.4, L-BFGS 1500
#               per window), with its seed; example_seedN: the same with seed N (the spread over seeds)
# The one-window configs have n times the per-window Adam and L-BFGS steps (and an n times slower rate decay)
# for the n windows, so that every ablation row takes the same number of optimiser steps. A finished row is not
# trained again (delete its .h5 to redo it); a row interrupted mid-training resumes from its checkpoint.
# Usage: bash scripts/rt-apnn-table.sh [out-dir] [rows...]     (expects a built tree: scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
config=examples/linear_transport/rt_apnn_eps1e-8.yaml
out=${1:-results/rt_apnn}
shift || true
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(pinn apnn resnet windows mcmc example example_seed2 example_seed3)
k=build/app/kinetic
mkdir -p "$out"

# The ablation's base for the windowed rows: the example without the corner layer, its windows ending at t = 2,
# 500 L-BFGS steps per window; the one-window rows have configs of their own.
base="$out/ablation_base.yaml"
sed '/^  corner_layer:/d' "$config" > "$base"
pinn=examples/linear_transport/rt_apnn_eps1e-8_pinn.yaml apnn=examples/linear_transport/rt_apnn_eps1e-8_apnn.yaml
ablation=(--set "neural.windows.ends=[0.1, 0.3, 2.0]" --set neural.optimizer.lbfgs_steps=500)
mcmc=(--set "neural.mcmc={steps: 10, proposal: [0.05, 0.05], every: 100, uniform_fraction: 0.5, power: 1}")
for row in "${rows[@]}"; do
  cfg=$base
  case "$row" in
    pinn) cfg=$pinn sets=() ;;
    apnn) cfg=$apnn sets=() ;;
    resnet) cfg=$apnn sets=(--set "neural.networks={kind: resnet, depth: 2, width: 64, activation: tanh}") ;;
    windows) sets=("${ablation[@]}") ;;
    mcmc) sets=("${ablation[@]}" "${mcmc[@]}") ;;
    example) cfg=$config sets=() ;;
    example_seed[0-9]*) cfg=$config sets=(--set "neural.seed=${row#example_seed}") ;;
    *) echo "unknown row '$row' (rows: pinn apnn resnet windows mcmc example example_seedN)" >&2; exit 2 ;;
  esac
  if [ -f "$out/$row.h5" ]; then echo "== $row: done before ($out/$row.h5)"; continue; fi
  resume=()
  [ -f "$out/$row.run/checkpoint.pt" ] && resume=(--resume)
  echo "== $row"
  "$k" train "$cfg" -o "$out/$row.h5.tmp" --run-dir "$out/$row.run" "${resume[@]}" "${sets[@]}" -q
  mv "$out/$row.h5.tmp" "$out/$row.h5"
done

# The table: the last row of each training log (errors against the series, training wall time).
python3 - "$out" "$(bash scripts/machine.sh)" "$(sed -n 's/^  seed: \([0-9]*\).*/\1/p' "$config")" "${rows[@]}" <<'PY'
import csv, os, sys, datetime
out, machine, seed, rows = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
times = ["0.04", "0.1", "0.3", "2"]
published = [("PINN (slides, Table 2)", ["7.05e-01", "7.57e-01", "7.49e-01", "3.63e-01"]),
             ("APNN (slides, Table 2)", ["4.54e-02", "1.62e-02", "5.31e-03", "5.78e-03"]),
             ("RT-APNN (slides, Table 2)", ["1.61e-02", "4.73e-03", "3.64e-03", "1.55e-03"]),
             ("APNN, 1e4 Adam steps (slides, Table 3)", ["2.99e-02", "9.14e-03", "3.84e-03", "4.54e-04"]),
             ("+ ResNet (Table 3)", ["1.24e-02", "6.17e-03", "4.02e-03", "2.98e-03"]),
             ("+ pre-training (Table 3)", ["1.34e-02", "6.04e-03", "6.10e-03", "1.94e-03"]),
             ("+ MCMC = RT-APNN (Table 3)", ["1.55e-02", "6.89e-03", "2.33e-03", "9.89e-04"])]
names = {"pinn": "PINN", "apnn": "APNN v1 (fc 3 x 64)", "resnet": "+ ResNet", "windows": "+ time windows",
         "mcmc": "+ MCMC", "example": "RT-APNN here (the example: windows, decaying corner layer, last window "
         "to 2.4, L-BFGS 1500), seed " + seed}
names.update({f"example_seed{s}": f"the example, seed {s}" for s in range(100)})
lines = ["# RT-APNN benchmark: the slides' Ex 1 at eps = 1e-8 to t = 2", "",
         f"Written by scripts/rt-apnn-table.sh on {datetime.date.today()} ({machine}). Relative l2 error of rho "
         "against the exact diffusion series; train s: wall time of the training (threads from the config).", "",
         "| row | t = 0.04 | 0.1 | 0.3 | 2.0 | train s |", "|---|---|---|---|---|---|"]
for row in rows:
    log = os.path.join(out, row + ".run", "train_log.csv")
    if not os.path.exists(log):
        continue
    with open(log) as f:
        last = list(csv.DictReader(f))[-1]
    errs = [f"{float(last['err_t' + t]):.2e}" for t in times]
    lines.append(f"| {names.get(row, row)} | " + " | ".join(errs) + f" | {float(last['wall_s']):.0f} |")
for name, errs in published:
    lines.append(f"| {name} | " + " | ".join(errs) + " | - |")
text = "\n".join(lines) + "\n"
open(os.path.join(out, "rt_apnn_table.md"), "w").write(text)
print(text)
PY
