#!/usr/bin/env python3
"""Cell-velocity updates per second of the published numpy BGK solver's IMEX step (the slides' authors'
discrete-velocity reference), rebuilt for side-by-side timing with bench_bgk (scripts/compare-published-bgk.sh).
Written here from the published scheme, not taken from its code: per step on an (nx + 4) x nv array with two
ghost cells a side (Dirichlet data held in the ghosts),
- fluxes split by v+ = max(v, 0) and v- = min(v, 0), each with a van Leer limited Lax-Wendroff correction
  (ratio of consecutive differences with 1e-8 added to the denominator), as whole-array numpy expressions;
- the moments (1, v, v^2) of the transported f by matrix-vector products with the Gauss weights, primitive
  variables, the Maxwellian on the full grid, the implicit relaxation f = (kn f* + dt M)/(kn + dt);
- the conservative correction f += (U - f C^T) (C C^T)^-1 C.
Grid: Gauss-Legendre velocities on [-10, 10]; the slides' smooth initial data; dt = 1e-3 x 800/nx.
usage: bgk_step.py [nx list, default 800,1600] [nv=60] [seconds=3]
"""
import sys
import time

import numpy as np

nxs = [int(n) for n in (sys.argv[1] if len(sys.argv) > 1 else "800,1600").split(",")]
nv = int(sys.argv[2]) if len(sys.argv) > 2 else 60
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
TINY = 1e-8


def van_leer(r):
    return (r + np.abs(r)) / (1.0 + np.abs(r))


def run(nx):
    x = np.linspace(-0.5, 0.5, nx, endpoint=False) + 0.5 / nx
    dx = 1.0 / nx
    nodes, weights = np.polynomial.legendre.leggauss(nv)
    v, w = 10.0 * nodes, 10.0 * weights
    vp, vm = np.maximum(v, 0.0), np.minimum(v, 0.0)
    C = np.vstack((w, v * w, v**2 * w))
    gram = np.linalg.inv(C @ C.T) @ C
    s = 0.5 * (np.sin(np.pi * x) + 1.0)
    rho0, T0 = 1.5 + (0.625 - 1.5) * s, 1.5 + (0.75 - 1.5) * s

    def maxwellian(rho, u, T):
        return (rho / np.sqrt(2 * np.pi * T))[:, None] * np.exp(-((v - u[:, None]) ** 2) / (2 * T)[:, None])

    f = np.zeros((nx + 4, nv))
    f[2:-2] = maxwellian(rho0, 0 * x, T0)
    f[:2] = maxwellian(np.full(2, 1.5), np.zeros(2), np.full(2, 1.5))
    f[-2:] = maxwellian(np.full(2, 0.625), np.zeros(2), np.full(2, 0.75))
    kn, dt = 1e-3, 1e-3 * 800 / nx

    def transport(f):
        d = f[1:] - f[:-1]  # d[i] = f[i+1] - f[i]
        r_p = d[:-1] / (d[1:] + TINY)
        F = f.copy()
        F[1:-1] += 0.5 * van_leer(r_p) * (1.0 - vp * dt / dx) * d[1:]
        plus = vp * (F[2:-2] - F[1:-3]) / dx
        r_m = d[1:] / (d[:-1] + TINY)
        G = f.copy()
        G[1:-1] += 0.5 * van_leer(r_m) * (-1.0 - vm * dt / dx) * d[:-1]
        minus = vm * (G[3:-1] - G[2:-2]) / dx
        return plus + minus

    def step(f):
        inner = f[2:-2]
        fs = inner - dt * transport(f)
        U = fs @ C.T
        rho = U[:, 0]
        u = U[:, 1] / rho
        T = U[:, 2] / rho - u**2
        g = kn / (kn + dt) * fs + dt / (kn + dt) * maxwellian(rho, u, T)
        f[2:-2] = g + (U - g @ C.T) @ gram

    step(f)  # warm-up
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step(f)
        steps += 1
    elapsed = time.perf_counter() - start
    return steps, steps * nx * nv / elapsed


print(f"published numpy BGK IMEX step (numpy {np.__version__}), one process")
print(f"{'nx x nv':<10} {'steps':>7} {'updates/s':>12}")
for nx in nxs:
    steps, rate = run(nx)
    print(f"{str(nx) + 'x' + str(nv):<10} {steps:>7} {rate:>12.4e}")
