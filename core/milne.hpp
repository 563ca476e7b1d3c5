#pragma once
// Boundary value of the diffusion limit for inflow data (the Milne problem of the boundary layer):
//   rho_boundary = int_0^1 W(mu) f_in(mu) dmu,   W(mu) = (sqrt(3)/2) mu H(mu),
// H the Chandrasekhar H-function of conservative isotropic scattering, 1/H(mu) = int_0^1 mu' H(mu')/(2(mu+mu')) dmu'.
// On discrete ordinates the same equation with the half-range quadrature gives the discrete H-function, so
// the weights below are those of the discrete-ordinate problem. For isotropic data rho_boundary = f_in.
#include <vector>

namespace kinetic {

// H at the nodes mu_j in (0,1] of a half-range rule with weights a_j (sum a_j = 1).
std::vector<double> chandrasekhar_h(const std::vector<double>& mu, const std::vector<double>& a);

// Weights a_j W(mu_j) of the boundary value: rho_boundary = sum_j weight_j f_in(mu_j). They sum to 1.
std::vector<double> milne_boundary_weights(const std::vector<double>& mu, const std::vector<double>& a);

// Inflow data on the incoming ordinates replaced, in place, by its Milne boundary value sum_j W_j f(mu_j)
// (`weights` from milne_boundary_weights, zero where an entry is not incoming): the isotropic data with the
// same diffusion limit. The AP schemes' option `milne_inflow` uses it when the boundary layers are far below
// the grid (eps << dx): their boundary formulas then see the limit's boundary value instead of the
// half-range mean of anisotropic data. Entries with weight 0 (outgoing ordinates) are left alone.
void replace_by_milne_value(std::vector<double>& values, const std::vector<double>& weights);

// Extrapolation length q of the Milne problem, in mean free paths: the diffusion solution far from the wall
// extrapolates linearly to the boundary value at a distance q outside it, q = alpha_2 / alpha_1 with the
// moments alpha_n = int_0^1 mu^n H(mu) dmu (0.7104461 for the continuous problem). In the scaling of this
// toolkit the mean free path is eps / sigma_s, which gives the first-order (in eps) boundary condition
//   rho - q (eps/sigma_s) d rho/dn = rho_boundary    (n: the normal into the slab; rho_0 - l rho_x = b at xL)
// of the diffusion limit; its error is O(eps^2) instead of the O(eps) of the plain Dirichlet value.
double milne_extrapolation_length(const std::vector<double>& mu, const std::vector<double>& a);

}  // namespace kinetic
