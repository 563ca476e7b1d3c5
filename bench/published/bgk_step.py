#!/usr/bin/env python3
"""Cell-velocity updates per second of the published numpy BGK solver's IMEX step (the slides' authors'
discrete-velocity reference), rebuilt for side-by-side timing with bench_bgk (scripts/compare-published-bgk.sh).
Written here from the published scheme, not taken from its code, with the same sequence of whole-array numpy
operations per step, so that it costs what the published step costs:
- copy f into an (nx + 4) x nv array with two ghost cells a side (zero-gradient ghosts);
- the transport term v+ D+(f) + v- D-(f), each a van Leer flux-limited Lax-Wendroff difference (ratio of
  consecutive differences with 1e-8 added to the denominator, a copy of f corrected at the faces); the
  published step evaluates this term twice (for the moments, then for the update), and so does this one;
- the moments (1, v, v^2) of f and of the transport term by products with the Gauss weights, the primitive
  variables, the Maxwellian on the full grid, the relaxation f = (kn (f - dt T) + dt M)/(kn + dt);
- copy back, and the conservative correction f += (U - f C^T) (C C^T)^-1 C.
Grid: Gauss-Legendre velocities on [-10, 10]; the slides' smooth initial data; kn = 1e-3; dt = 0.9 dx/10.
numpy's rate depends on the allocator: the ~0.8 MB temporaries page-fault whenever glibc maps them afresh. Measured
2026-12-05 on the 2-core AMD EPYC at 1600 x 60: 1.2-1.5e7 updates/s as is, 4.8e6 with
MALLOC_MMAP_THRESHOLD_=65536; the published code itself ran 7.6-8.9e6 in the same session.
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
    dx = 1.0 / nx
    x = -0.5 + dx * (np.arange(nx) + 0.5)
    nodes, weights = np.polynomial.legendre.leggauss(nv)
    v, w = 10.0 * nodes, 10.0 * weights
    vp, vm = 0.5 * (v + np.abs(v)), 0.5 * (v - np.abs(v))
    C = np.vstack((w, v * w, v**2 * w))
    gram = np.linalg.inv(C @ C.T) @ C
    s = 0.5 * (np.sin(np.pi * x) + 1.0)
    rho0, T0 = 1.5 + (0.625 - 1.5) * s, 1.5 + (0.75 - 1.5) * s
    kn, dt = 1e-3, 0.9 * dx / 10.0

    def maxwellian(rho, u, T):
        return (rho / np.sqrt(2 * np.pi * T))[:, None] * np.exp(-((u[:, None] - v) ** 2) / (2 * T)[:, None])

    def d_plus(f):  # upwind for v > 0
        r = (f[1:-1] - f[:-2]) / (f[2:] - f[1:-1] + TINY)
        F = f.copy()
        F[1:-1] += 0.5 * van_leer(r) * (1.0 - vp * dt / dx) * (f[2:] - f[1:-1])
        return (F[2:-2] - F[1:-3]) / dx

    def d_minus(f):  # upwind for v < 0
        r = (f[2:] - f[1:-1]) / (f[1:-1] - f[:-2] + TINY)
        F = f.copy()
        F[1:-1] += 0.5 * van_leer(r) * (-1.0 - vm * dt / dx) * (f[1:-1] - f[:-2])
        return (F[3:-1] - F[2:-2]) / dx

    def transport(fbc):
        return vp * d_plus(fbc) + vm * d_minus(fbc)

    state = {"f": maxwellian(rho0, 0 * x, T0), "fbc": np.zeros((nx + 4, nv))}

    def step():
        fbc = state["fbc"]
        fbc[2:-2] = state["f"].copy()
        fbc[0] = fbc[1] = fbc[2]
        fbc[-1] = fbc[-2] = fbc[-3]
        f = fbc[2:-2]
        grad = transport(fbc)
        rho = f @ w - dt * (grad @ w)
        m1 = (f * v) @ w - dt * ((grad * v) @ w)
        m2 = (f * v**2) @ w - dt * ((grad * v**2) @ w)
        U = np.vstack((rho, m1, m2))
        u = m1 / rho
        T = m2 / rho - u**2
        fbc[2:-2] = kn / (kn + dt) * (fbc[2:-2] - dt * transport(fbc)) + dt / (kn + dt) * maxwellian(rho, u, T)
        f = fbc[2:-2].copy()
        state["f"] = f + (U.T - f.dot(C.T)).dot(gram)

    step()  # warm-up
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    assert np.all(np.isfinite(state["f"])), "the step went unstable"
    return steps, steps * nx * nv / elapsed


print(f"the published numpy BGK IMEX step rebuilt with its array operations (numpy {np.__version__}), one process")
print(f"{'nx x nv':<10} {'steps':>7} {'updates/s':>12}")
for nx in nxs:
    steps, rate = run(nx)
    print(f"{str(nx) + 'x' + str(nv):<10} {steps:>7} {rate:>12.4e}")
