#!/usr/bin/env bash
# PINN against APNN v1 on the inflow problem at eps = 1e-8 (examples/linear_transport/inflow_eps1e-8.yaml):
# the PINN loss tends to the steady equation f = <f> as eps -> 0 and misses the diffusion limit; the APNN
# loss tends to the diffusion equation. Prints both error tables. Expects a built tree (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
config=examples/linear_transport/inflow_eps1e-8.yaml
out=${1:-results/pinn_vs_apnn}
mkdir -p "$out"
k=build/app/kinetic
"$k" solve "$config" -o "$out/reference.h5" -q
"$k" train "$config" -o "$out/apnn_v1.h5" --reference "$out/reference.h5"
"$k" train "$config" -o "$out/pinn.h5" --reference "$out/reference.h5" --set neural.method=pinn \
  --set "neural.transforms={f: exp}"   # the PINN has no rho network: its own transform key
echo "== APNN v1";  "$k" validate "$out/apnn_v1.h5" "$out/reference.h5" --report "$out/apnn_v1_report"
echo "== PINN";     "$k" validate "$out/pinn.h5" "$out/reference.h5" --report "$out/pinn_report"
