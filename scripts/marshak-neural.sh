#!/usr/bin/env bash
# The Marshak wave (examples/grte/marshak_sigma30.yaml: sigma = 30/T^3, eps = 1) with the networks, started as
# the published runs start it: the classical micro_macro run to t = 0.1 ns (keeping its intensity), then the
# network and the classical reference both continue from that state (initial: from_result) to 1 ns. The clock
# restarts at 0.1 ns, so the output times 0.2, 0.4, 0.9 are 0.3, 0.5 and 1 ns. Then validate: relative l2 of T,
# the front where T = 0.5 keV, and the slides' figure (T_r profiles beside T at x = 0.0025 cm against time).
# The neural section below is the one measured in the README ("Gray radiative transfer (neural)"); extra
# arguments override it, e.g. --set neural.method=apnn_grte_v2 --set neural.steps=6000.
# Usage: bash scripts/marshak-neural.sh [out-dir, default results/marshak] [--set key=value ...]
# (expects a built tree: scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/marshak}
shift || true
k=build/app/kinetic
config=examples/grte/marshak_sigma30.yaml
mkdir -p "$out"
start="$out/start_0.1ns.h5"
[ -f "$start" ] || "$k" solve "$config" -q -o "$start" --set problem.time.end=0.1 --set "problem.output_times=[0.1]" \
  --set classical.save_f=true
later=(--set "problem.initial={from_result: $start, time: 0.1}" --set problem.time.end=0.9
       --set "problem.output_times=[0.2, 0.4, 0.9]")  # the example already has the figure's probe
[ -f "$out/reference.h5" ] || "$k" solve "$config" -q -o "$out/reference.h5" "${later[@]}"
neural="{method: apnn_grte_v1, residual_scaling: temperature, transforms: {rho: floor, T: floor, g: relative},
  networks: {kind: resnet, depth: 2, width: 64, activation: tanh}, batch: {interior: 512, boundary: 512, initial: 256},
  quadrature: 16, threads: 2, seed: 1, steps: 3000, weights: {micro: 30, balance: 10},
  mcmc: {steps: 10, proposal: [0.05, 0.02], every: 100, uniform_fraction: 0.3, power: 1},
  optimizer: {lr: 3.0e-3, schedule: exponential, decay: 0.5, decay_every: 1000, lbfgs_steps: 500},
  log_every: 100, checkpoint_every: 500, eval_nx: 401}"
resume=()
[ -f "$out/neural.h5.run/checkpoint.pt" ] && [ ! -f "$out/neural.h5" ] && resume=(--resume)
[ -f "$out/neural.h5" ] || "$k" train "$config" -o "$out/neural.h5" --reference "$out/reference.h5" "${later[@]}" \
  --set "neural=$neural" "$@" "${resume[@]}"
"$k" validate "$out/neural.h5" "$out/reference.h5" --field T --field T_r --front T=0.5 --report "$out/report"
