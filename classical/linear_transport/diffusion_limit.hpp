#pragma once
// Diffusion limit (eps = 0) of slab linear transport, whatever problem.eps says:
//   rho_t = (D rho_x)_x - sigma_a rho + <G>,   D(x) = <v^2>/sigma_s(x),   rho(0) = <f0>,
// on the nodes of a uniform grid, periodic or with Dirichlet values from the inflow data through the Milne
// boundary weights (core/milne.hpp; for isotropic inflow simply f_in). Crank-Nicolson in time,
// second order, with Rannacher start-up: the first `startup_steps` steps are each replaced by two
// implicit-Euler half steps, which damp the non-smooth start (inflow data jumping from the initial state).
//
// Config (`classical:`): method: diffusion_limit, nx (cells, 200), nv (ordinates for <f0>, <G> and the
// boundary weights, even, 32), cfl (dt = cfl dx, 0.5), dt (override), startup_steps (2).
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

void solve_diffusion_limit(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

}  // namespace kinetic::classical
