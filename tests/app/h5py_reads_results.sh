#!/usr/bin/env bash
# A result file written by `kinetic solve` opens in h5py with no knowledge of this code (issue 2 contract):
# datasets t, x, rho (n_t x n_x) and root attributes equation, eps, method, config.
set -euo pipefail
kinetic=$1
source_dir=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$kinetic" solve "$source_dir/examples/linear_transport/periodic_eps1.yaml" -o "$out/r.h5" -q >/dev/null
/usr/bin/python3 - "$out/r.h5" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
t, x, rho = f["t"][()], f["x"][()], f["rho"][()]
assert rho.shape == (len(t), len(x)), rho.shape
assert list(t) == [0.05, 0.1], t
a = f.attrs
assert a["equation"] == "linear_transport" and a["eps"] == 1.0 and a["method"] == "spectral", dict(a)
assert "problem:" in a["config"]
# The mean density of the periodic problem is conserved: <f0> averaged over x and v.
assert abs(rho.mean(axis=1) - rho[0].mean()).max() < 1e-12
print("h5py reads", sys.argv[1], rho.shape)
PY
