#pragma once
// The diffusion limit's corner layers of slab linear transport (neural.corner_layer: diffusion), for the
// network models that build them into their fields (apnn_v1, apnn_v2).
//
// Where constant inflow data meet constant initial data, the limit's density jumps at the corners (t, x) =
// (0, xL) and (0, xR): there rho_t is not square-integrable, and a few collocation points near the corners
// dominate every batch's loss. The layers
//   L(t, x) = A erfc((x - xL + l)/(2 sqrt(D t))) + B erfc((xR + l - x)/(2 sqrt(D t))),  D = <v^2>/sigma_s,
// solve L_t = D L_xx exactly (A, B: the jumps of the inflow densities over the initial one). A model takes
// rho = L + (network) and its first-order flux -(v/sigma_s) L_x + (network) (g of the micro-macro model, j
// of the parity model), so that the singular parts cancel in the residuals as eps -> 0 and the networks
// carry only smooth remainders. l = q eps V/sigma_s is the Milne extrapolation length (q = 0.7104461, the
// continuous problem's value; V the velocity bound): the limit's solution with the first-order boundary
// condition rho - l rho_n = rho_b extrapolates to the boundary value at distance l outside the wall, which is
// what the interior solution sees at finite eps (negligible at eps = 1e-8, 7e-4 at eps = 1e-3).
//
// On short runs the layers ARE the solution: on the slides' Case I (x in [0, 1], t <= 0.1) the left layer
// alone is within 5e-5 of the diffusion limit, because the far wall has not been felt yet. A network result
// there would only say that training did not spoil the layer. With a decay time tau the fields carry
// chi L, chi = exp(-(t/tau)^2), instead: the singularity at the corner is still removed (the remainder
// rho - chi L is ~ (t/tau)^2 L near the corner, so (rho - chi L)/t, which `initial` transforms leave to a
// network, stays bounded and continuous), while at t >> tau the networks carry the whole solution; the macro
// residual keeps the smooth term chi' L for them to learn.
#include <torch/torch.h>

#include "core/problem.hpp"
#include "neural/nets/jet.hpp"

namespace kinetic::neural {

class CornerLayer {
 public:
  // InputError naming the key unless the problem is inflow with constant inflow, initial data and sigma_s,
  // sigma_a = source = 0 and a symmetric velocity range whose measure has <1> = 1. Models call it at `check`.
  static void check_problem(const Problem& problem);

  // second_moment: sum_k w_k v_k^2 of the model's rule for <.> (so that the macro residual's discrete
  // <v flux_x> cancels L_t to round-off).
  // decay_time tau > 0: the layers times exp(-(t/tau)^2) (0: no decay).
  CornerLayer(const Problem& problem, double second_moment, double decay_time);

  // L and its derivatives at (t, x) (broadcast shapes).
  struct Values {
    torch::Tensor v, t, x, xx, xt;
  };
  Values operator()(const torch::Tensor& t, const torch::Tensor& x) const;

  // The layer as a density jet {L, L_t, L_x}, and as the flux jet -(v/sigma_s) {L_x, L_xt, L_xx} at ordinates
  // v (broadcast against the points); tangents only if `tangents`.
  static Jet density(const Values& L, bool tangents);
  Jet flux(const Values& L, const torch::Tensor& v, bool tangents) const;

 private:
  double sigma_ = 1, left_ = 0, right_ = 0, D_ = 0, shift_ = 0, x_left_ = 0, x_right_ = 1, decay_ = 0;
};

}  // namespace kinetic::neural
