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
// Two generalisations keep the singular part removed where the premises hold only near the corners:
// - sigma_s may vary in x: each wall's layer takes sigma_s at that wall (D, l and the flux's 1/sigma_s). It
//   solves the limit exactly where sigma_s keeps its wall value; elsewhere the networks carry the difference,
//   so give the layer a decay time (it is then gone before it reaches far into the slab).
// - with random inputs the inflow values, the initial value and sigma_s may depend on z1 ... zd: every
//   sample is a problem of its own, and each point carries the layers of its own z.
#include <torch/torch.h>

#include "core/problem.hpp"
#include "neural/nets/jet.hpp"

namespace kinetic::neural {

class CornerLayer {
 public:
  // InputError naming the key unless the problem is inflow with inflow and initial data constant in t, x and
  // v, sigma_s > 0 constant in t (both may depend on the random inputs), sigma_a = source = 0 and a symmetric
  // velocity range whose measure has <1> = 1. Models call it at `check`.
  static void check_problem(const Problem& problem);

  // second_moment: sum_k w_k v_k^2 of the model's rule for <.> (so that the macro residual's discrete
  // <v flux_x> cancels L_t to round-off).
  // decay_time tau > 0: the layers times exp(-(t/tau)^2) (0: no decay).
  CornerLayer(const Problem& problem, double second_moment, double decay_time);

  // L and its derivatives at (t, x) (broadcast shapes), with q = sum over the walls of L_x(wall)/sigma_s(wall)
  // and its derivatives for the flux. With random inputs z (points x d) holds each point's z, the points being
  // the first dimension of the broadcast shape.
  struct Values {
    torch::Tensor v, t, x, xx, xt;
    torch::Tensor q, qt, qx;
  };
  Values operator()(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& z = {}) const;

  // The layer as a density jet {L, L_t, L_x}, and as the flux jet -v {q, q_t, q_x} (-(v/sigma_s) L_x per wall)
  // at ordinates v (broadcast against the points); tangents only if `tangents`.
  static Jet density(const Values& L, bool tangents);
  static Jet flux(const Values& L, const torch::Tensor& v, bool tangents);

 private:
  // The layers of amplitudes A (left), B (right) with sigma_s at the walls: doubles, or tensors of one value
  // per point.
  template <class Coefficient>
  Values layers(const torch::Tensor& t, const torch::Tensor& x, const Coefficient& A, const Coefficient& sigma_left,
                const Coefficient& B, const Coefficient& sigma_right) const;

  Formula f_left_, f_right_, f0_, sigma_s_;  // the problem's data (evaluated per point with random inputs)
  bool random_ = false;                      // some of them depend on z
  double left_ = 0, right_ = 0, sigma_left_ = 1, sigma_right_ = 1;  // without random inputs
  double x_left_ = 0, x_right_ = 1, decay_ = 0;
  double second_moment_ = 0, milne_scale_ = 0;  // D = second_moment / sigma_s, l = milne_scale / sigma_s
};

}  // namespace kinetic::neural
