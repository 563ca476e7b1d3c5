#!/usr/bin/env bash
# The flagship demo: the slides' Case I (inflow 1/0, eps = 1e-3, t in [0, 0.1]).
#  1. classical side: the reference (diffusion limit with the Milne boundary layer correction, model error
#     ~2e-5 at eps = 1e-3, see the config) and the kinetic micro-macro AP scheme on 800 cells,
#  2. APNN v2 (even-odd parity) training, with the error against that reference in the progress line,
#  3. validation: error tables (network and AP scheme against the reference) and PNG plots in a Markdown
#     report.
# Installs and builds first (skipped when already done). Results: results/flagship/ (printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "== building in ./build (a clean build takes 6-12 minutes on 2 cores; ccache makes rebuilds fast)"
scripts/build.sh >/dev/null
config=examples/linear_transport/inflow_eps1e-3.yaml
out=${1:-results/flagship}
mkdir -p "$out"
kinetic=build/app/kinetic
echo "== 1/3 classical: reference and kinetic AP scheme: $config"
"$kinetic" solve "$config" -o "$out/reference.h5"
"$kinetic" solve "$config" -o "$out/micro_macro.h5" --set "classical={method: micro_macro, nx: 800, nv: 32}"
echo "== 2/3 APNN v2 training (progress: step, loss terms, error vs reference, ETA)"
"$kinetic" train "$config" -o "$out/apnn_v2.h5" --reference "$out/reference.h5"
echo "== 3/3 validation report"
echo "-- APNN v2 against the reference"
"$kinetic" validate "$out/apnn_v2.h5" "$out/reference.h5" --report "$out/report" --csv "$out/errors.csv"
echo "-- micro-macro AP scheme (800 cells) against the reference"
"$kinetic" validate "$out/micro_macro.h5" "$out/reference.h5" --csv "$out/errors_micro_macro.csv"
echo
echo "flagship results: $(cd "$out" && pwd) (report: $(cd "$out" && pwd)/report/report.md)"
