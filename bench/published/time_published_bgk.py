#!/usr/bin/env python3
"""Cell-velocity updates per second of the published numpy BGK solver itself, imported from a checkout of its
repository (the slides' authors' code; not shipped here). Give the checkout's `numerical` folder, which holds
`bgk/bgk_solver.py`; this script only calls its public API (BGKSolver(config), set_initial(kn, f0),
solve(dt, n)) on the setup of bench_bgk: x in [-0.5, 0.5], Gauss-Legendre velocities on [-10, 10], the
slides' smooth initial Maxwellian, kn = 1e-3, dt = 0.9 dx / 10, extrapolating ("cauchy") walls, IMEX.
The solver module imports matplotlib for its plots; without it installed a stub stands in (no plot is drawn).
usage: time_published_bgk.py NUMERICAL_DIR [nx list, default 800,1600] [nv=60] [seconds=3]
Prints, per grid, updates per wall second overall and the best 10-step chunk per CPU second (one process).
"""
import importlib
import sys
import time
import types

import numpy as np

if len(sys.argv) < 2:
    sys.exit(__doc__)
sys.path.insert(0, sys.argv[1])
try:
    importlib.import_module("matplotlib.pyplot")
except ImportError:
    stub = types.ModuleType("matplotlib")
    stub.pyplot = types.ModuleType("matplotlib.pyplot")
    sys.modules["matplotlib"], sys.modules["matplotlib.pyplot"] = stub, stub.pyplot
try:
    from bgk.bgk_solver import BGKSolver
except ImportError as e:
    sys.exit(f"time_published_bgk.py: cannot import bgk.bgk_solver from {sys.argv[1]}: {e}")

nxs = [int(n) for n in (sys.argv[2] if len(sys.argv) > 2 else "800,1600").split(",")]
nv = int(sys.argv[3]) if len(sys.argv) > 3 else 60
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 3.0


def config(nx):
    return types.SimpleNamespace(xmin=-0.5, xmax=0.5, vmin=-10.0, vmax=10.0, nx=nx, nv=nv, stepper="IMEX",
                                 BC_type="cauchy")


for nx in nxs:
    solver = BGKSolver(config(nx))
    x = solver.x[:nx]
    rho = 1.5 + (0.625 - 1.5) * (np.sin(np.pi * x) + 1) / 2
    T = 1.5 + (0.75 - 1.5) * (np.sin(np.pi * x) + 1) / 2
    f0 = (rho / np.sqrt(2 * np.pi * T))[:, None] * np.exp(-(solver.v[None, :] ** 2) / (2 * T)[:, None])
    solver.set_initial(1e-3, f0)
    dt = 0.9 * solver.dx / 10.0
    solver.solve(dt, 5)  # warm-up
    steps, best = 0, 0.0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        c0 = time.process_time()
        solver.solve(dt, 10)
        best = max(best, 10 * nx * nv / (time.process_time() - c0))
        steps += 10
    wall = steps * nx * nv / (time.perf_counter() - start)
    print(f"published {nx}x{nv}: {wall:.4e} updates/wall-s, best {best:.4e} updates/cpu-s ({steps} steps, "
          f"mean rho {solver.density().mean():.6f})")
