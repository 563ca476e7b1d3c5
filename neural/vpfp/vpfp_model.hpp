#pragma once
// What the two VPFP network models share (apnn_vpfp: mass-conservation based, apnn_vpfp_mm: micro-macro):
// the equations (core/equations/vpfp.cpp), with E = -phi_x,
//   f_t + v f_x = (1/eps) ((v - E) f + f_v)_v,    -phi_xx = rho - h,    rho = int f dv.
// Velocity: K Gauss-Hermite nodes v_k (probabilists', weights w_k summing to 1: int M0 q dv ~ sum_k w_k q(v_k),
// M0 = exp(-v^2/2)/sqrt(2 pi), exact for polynomials q of degree < 2K). A kinetic unknown is written M0 q and
// its network is one of (t, x) with K outputs, q at the nodes (the published f network takes v as an input;
// here v is collocated, and q_v, q_vv are those of the degree K-1 interpolant through the nodes, by the
// spectral differentiation matrix): K times fewer rows. With f = M0 q,
//   (1/M0) ((v - E) f + f_v)_v = q_vv - (v + E) q_v + v E q  =: L_E q,
// whose kernel is q ~ m(v; E) = exp(v E - E^2/2), i.e. f ~ M(v; E) = M0 m, the Maxwellian shifted by the field.
// The problem's velocity range only bounds the classical grid; the nodes are those of the Hermite rule.
// Networks rho(t, x), phi(t, x) and the kinetic one ("f", K outputs), all periodic in x by their features;
// rho(0) = rho0 by construction (rho = rho0 + t o). phi is free (its constant is irrelevant); E = -phi_x,
// and phi_xx, phi_xt by differentiating the tangent phi_x again (autograd).
// Output scales: the networks' outputs are O(1) at initialisation, the fields' changes are of the size of the
// initial charge perturbation delta = max |rho0 - h| (1e-2 for linear Landau damping), and a potential of
// that charge is delta (L/(2 pi))^2. So rho = rho0 + t delta o_rho, the kinetic output is delta o_f, phi =
// delta (L/(2 pi))^2 o_phi (delta = 1 without a perturbation). Measured on linear Landau damping at eps = 1
// (1000 Adam steps): without the scales the Poisson term stalled at the size of (rho - h)^2 and E was 100 % off.
// The residuals are divided by delta, so the loss terms read as squared relative errors (and the optimisers'
// absolute tolerances mean the same for every amplitude).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "neural/training/model.hpp"

namespace kinetic::neural {

class VpfpModel : public Model {
 public:
  VpfpModel(const Problem& problem, const NeuralOptions& options);

  void resample(PointSampler& sampler, int factor) override;
  int interior_term_count() const override { return 4; }
  torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) override {
    return rho_jet(t, x, Derivatives::None).v;
  }
  // rho and E = -phi_x (tangent propagation: no autograd, so it works under NoGradGuard).
  std::vector<std::pair<std::string, torch::Tensor>> fields(const torch::Tensor& t, const torch::Tensor& x) override;
  // The electric energy (1/2) int E^2 dx at 201 times on [0, t_end] (trapezoidal on the periodic grid x,
  // whose last point repeats the first), as the classical solvers write it per step.
  std::map<std::string, std::vector<double>> result_series(const std::vector<double>& x) override;

 protected:
  static torch::Tensor inputs(const torch::Tensor& t, const torch::Tensor& x) {
    return torch::stack({t.reshape(-1), x.reshape(-1)}, 1);
  }
  Jet rho_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode);
  // The kinetic network's nodal values (points x K) under neural.transforms.f, around q0 (the initial nodal
  // values, points x K) and their x-derivative:
  //   initial: q = q0 + t o, the initial data exactly;
  //   free:    q = base + o, the initial data by the ic_f term (base: q0 if free_around_initial, else 0);
  //   layer:   q = G - exp(-t/eps(x)) (G(0, x) - q0) with G = base + o (initial_layer.hpp), the initial data
  //            exactly and the initial layer in closed form.
  // o is delta times the network output.
  Jet kinetic_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode, const torch::Tensor& q0,
                  const torch::Tensor& q0_x, bool free_around_initial);
  // f0(x, v_k)/M0(v_k) at the points (points x K), and rho0 = int M0 g0 dv by the same Gauss-Hermite rule as
  // the models' moments, so that they hold at t = 0 exactly (the problem's Gauss-Legendre rule on [-V, V] with
  // K nodes misses int M0 dv by 3e-3 at K = 12).
  torch::Tensor initial_g(const torch::Tensor& x) const;
  torch::Tensor initial_rho(const torch::Tensor& x) const { return torch::matmul(initial_g(x), w_); }
  // phi_x, phi_xx and phi_xt at the points (phi_x by tangent propagation, its t- and x-derivative by autograd,
  // kept in the graph for the parameter gradient).
  struct Potential {
    torch::Tensor phi_x, phi_xx, phi_xt;
  };
  Potential potential(const torch::Tensor& t, const torch::Tensor& x);
  // The degree K-1 interpolant through the nodes of nodal values q (points x K), at one velocity per point.
  torch::Tensor interpolate(const torch::Tensor& q, const torch::Tensor& v) const;
  // m(v_k; E) = exp(v_k E - E^2/2) for E (points x 1): the shifted Maxwellian over M0 at the nodes.
  torch::Tensor shifted_maxwellian(const torch::Tensor& E) const {
    return torch::exp(v_.unsqueeze(0) * E - 0.5 * E * E);
  }
  torch::Tensor maxwellian0(const torch::Tensor& v) const { return torch::exp(-0.5 * v * v) / std::sqrt(2 * M_PI); }

  FieldNet rho_{nullptr}, phi_{nullptr}, f_{nullptr};
  torch::Tensor v_, w_, Dt_, D2t_, x0_;  // nodes, weights, (D, D^2) transposed, initial points
  double scale_ = 1.0, phi_scale_ = 1.0;
};

// The registrations' shared parts: the published networks and batch as defaults, the keys `transforms`
// ({rho: initial | none, f: initial | free | layer}) and `periodic_features`, and the problem checks.
void vpfp_defaults(NeuralOptions& o);
void parse_vpfp_options(const ConfigNode& section, NeuralOptions& o, const std::string& method);
void accept_vpfp_problem(const Problem& problem, const NeuralOptions& options, const std::string& method);
// The registry's conformance setup shared by both models: a small problem with eps varying in x, and small
// networks, batch and node set (the defaults are the published networks).
extern const char* const kVpfpConformanceProblem;
extern const char* const kVpfpConformanceNetworks;

}  // namespace kinetic::neural
