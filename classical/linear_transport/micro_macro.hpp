#pragma once
// Lemou-Mieussens micro-macro asymptotic-preserving scheme for slab linear transport (diffusive scaling),
//   eps f_t + v f_x = (sigma_s/eps)(<f> - f) - eps sigma_a f + eps G,   f = rho + eps g,  <g> = 0,
// on a staggered grid: rho on nodes, g on cell centres per ordinate. The micro equation is implicit in the
// collision term and explicit in transport (first-order upwind, or a van Leer limited Lax-Wendroff flux);
// the macro equation is in flux form with the new g, so the periodic total mass is conserved to round-off.
// As eps -> 0 the scheme becomes the explicit 3-point heat scheme for rho_t = (D rho_x)_x, D = <v^2>/sigma_s,
// with a time step dt = C (eps dx / vmax + sigma_min dx^2 / (2 <v^2>)) that does not shrink with eps.
//
// Config (`classical:`): method: micro_macro, nx (cells, 200), nv (ordinates, even, 32), cfl (C, 0.5),
// transport (first_order | second_order), time_integrator (imex_euler: Lemou-Mieussens, first order in time |
// ars222: second order), first_collision (false; true: the uncollided part is computed exactly along
// characteristics, classical/linear_transport/uncollided.hpp, and the scheme solves the smooth collided rest: for eps ~ 1 with
// jumps in the inflow data), quadrature (gauss | double_gauss: n/2 Gauss nodes per half range, for
// boundary problems), dt (optional override of the step), save_f (false).
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

void solve_micro_macro(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

// dt = C (eps dx / vmax + sigma_min dx^2 / (2 <v^2>)); for v in [-1,1] this is C (eps dx + dx^2 / (2 D_max)).
double micro_macro_time_step(double cfl, double eps, double dx, double vmax, double v2, double sigma_min);

// The ARS(2,2,2) integrator takes this fraction of the step above. A linear Fourier analysis of both
// integrators with upwind transport (16 ordinates, eps from 1 to 1e-5, dx from 0.05 to 0.001) finds IMEX
// Euler stable up to C = 0.5 for every eps, but ARS(2,2,2) only up to C = 0.2: above it a band of
// intermediate eps (eps ~ dx/4 .. dx) is unstable, because its explicit transport weights (1 + sqrt 2 in
// total) outgrow the implicit damping gamma dt sigma of its stages.
inline constexpr double kArs222StepFactor = 0.4;

}  // namespace kinetic::classical
