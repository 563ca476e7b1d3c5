#pragma once
// Steady slab linear transport by discrete ordinates, solved directly (Eigen SparseLU):
//   v f_x = (sigma_s/eps)(<f> - f) - eps sigma_a f + eps G(x,v),   f(xL,v>0) = f_L(v),  f(xR,v<0) = f_R(v),
// the steady state of `eps f_t + v f_x = ...` (the problem's time is ignored; data must not depend on t).
//
// Discretisation: the even-odd parity form on the positive ordinates v_k (Gauss-Legendre, even n):
//   r = (f(v)+f(-v))/2,  j = (f(v)-f(-v))/(2 eps),  rho = <f> = sum_{v_k>0} 2 w_k r_k,
//   j_k = (eps G_odd - v_k r_k,x) / s,  s = sigma_s + eps^2 sigma_a                  (odd equation)
//   eps^2 v_k j_k,x = sigma_s (rho - r_k) - eps^2 sigma_a r_k + eps^2 G_even          (even equation)
//   sum_k 2 w_k v_k j_k,x = -sigma_a rho + <G>                                         (macro = sum / eps^2)
// Vertex-centred finite volumes on a (possibly graded) grid: r_k, rho at nodes, j_k at half nodes, dual
// cells of width V_i. The unknowns per node are (rho, r_1..r_K); the K even equations and the macro equation
// are K+1 equations (together they imply rho = sum 2 w_k r_k). Keeping the macro equation with its eps^2
// divided out is what makes the solve AP: as eps -> 0 it is the 3-point diffusion scheme for
// (rho_x/(3 sigma_s))_x = sigma_a rho - <G>, with no O(eps^2) information lost to round-off.
// Inflow: f = r + eps j = f_L at xL for v > 0 gives the boundary flux j_k = (f_L - r_k)/eps (Robin
// condition); at the right j_k = (r_k - f_R(-v_k))/eps. The boundary macro row is scaled by min(eps, 1); on a
// grid coarser than eps it would reduce to the Marshak condition sum w v r = sum w v f_L (exact only for an
// isotropic inflow), which is why the grid resolves the layers instead.
// Kinetic boundary layers have width ~ eps v_min / sigma_s: the grid is graded geometrically towards both ends
// so the end cells resolve them for every eps (auto grading), which makes the solution a reference in every
// regime, including the Milne boundary values of anisotropic inflow at eps -> 0.
// Second order in dx (the solution of a linear f is reproduced to round-off).
//
// Config (`classical:`): method: steady, nx (cells, 2000), nv (ordinates, even, 16),
//   grading: auto | none (auto adds geometric cells at both ends that resolve the kinetic layers).
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

struct SteadyTransportOptions {
  int nx = 2000;        // cells of the uniform part (the grading adds cells at the ends)
  int nv = 16;          // ordinates (even)
  bool grading = true;  // resolve the kinetic layers with geometric end cells
};

struct SteadyTransportSolution {
  std::vector<double> x;     // nodes (graded)
  std::vector<double> rho;   // at the nodes
  std::vector<double> v, w;  // all ordinates (ascending) and measure weights
  std::vector<double> f;     // f(x_i, v_k), row-major (node, ordinate)
  int layer_cells = 0;       // cells added by the grading
  // Trapezoid weights of the nodes (for continuous L2 norms on the graded grid).
  std::vector<double> trapezoid_weights() const;
};

SteadyTransportOptions parse_steady_options(const ConfigNode& section);

// Throws InputError if the problem is not a steady-solvable slab transport problem.
SteadyTransportSolution solve_steady_transport(const Problem& problem, const SteadyTransportOptions& options);

// The `classical: {method: steady}` entry: one solve, the same snapshot written at every output time.
void solve_steady(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

// Nodes of [x_left, x_right]: nx near-uniform cells in the middle and, at each end, geometric cells
// h0, h0 ratio, h0 ratio^2, ... while they are smaller than the uniform width (uniform if h0 = 0).
std::vector<double> layer_graded_grid(double x_left, double x_right, int nx, double h0, double ratio);

}  // namespace kinetic::classical
