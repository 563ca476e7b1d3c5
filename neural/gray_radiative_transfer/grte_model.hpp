#pragma once
// What the network models of gray radiative transfer share (apnn_grte_v1: micro-macro, apnn_grte_v2:
// even-odd): positive fields that hold their initial data by construction, material laws of T that stay
// differentiable, the initial data, the result fields rho, T, T_r, and their registrations' keys and checks.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "neural/training/model.hpp"

namespace kinetic::neural {

// u = u0(x) exp(t o): u(0, x) = u0(x) exactly, u > 0 where u0 > 0.
//   u_t = u (o + t o_t),  u_x = u (u0'/u0 + t o_x)
Jet positive_initial_lift(const torch::Tensor& t, const torch::Tensor& u0, const torch::Tensor& u0_x, const Jet& o);

class GrteModel : public Model {
 public:
  GrteModel(const Problem& problem, const NeuralOptions& options);

  torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) override {
    return rho_jet(t, x, Derivatives::None).v;
  }
  // rho, T and the radiation temperature T_r = (2 rho/(a c))^(1/4).
  std::vector<std::pair<std::string, torch::Tensor>> fields(const torch::Tensor& t, const torch::Tensor& x) override;
  // T against time at problem.probes (series probe_t, probe_x, probe_T_<k>, as the classical solvers write them).
  std::map<std::string, std::vector<double>> result_series(const std::vector<double>& x) override;

 protected:
  // rho(t, x) and T(t, x) from their networks and transforms (initial: u0(x) exp(t o); exp: exp(o);
  // rho only, equilibrium: (a c T^4/2) exp(o), the network's ratio to the local equilibrium; floor: T =
  // T_min + softplus(o), and rho = a c T_r^4/2 with T_r = T_min + softplus(o), T_min = temperature_floor()).
  // `T`: the same points' T jet when the caller has it (rho: equilibrium then does not evaluate T again).
  Jet rho_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode, const Jet* T = nullptr);
  Jet T_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode);

  // A material law q(T, x) (opacity, heat capacity) at the points, for T from the networks: the value q(T0)
  // plus q'(T0) (T - T0), T0 = T detached, q' by central differences. The loss sees q(T); its parameter
  // gradients are those of q(T(theta)) up to the O(h^2) difference error.
  torch::Tensor material(const Formula& q, const torch::Tensor& t, const torch::Tensor& x,
                         const torch::Tensor& T) const;
  // A residual of an equation that carries sigma: as it is, or times 1/sigma (detached) under
  // residual_scaling: opacity. `sigma` has the residual's first dimension (one value per point).
  torch::Tensor opacity_scaled(const torch::Tensor& residual, const torch::Tensor& sigma) const;
  // The energy equation's residual: opacity_scaled, and under residual_scaling: temperature also over
  // 4 a c T^3 at T = max(T, T_r) (held fixed): sigma (2 rho - a c T^4) ~ 4 a c T^3 sigma (T_r - T), so the
  // equilibrium misfit counts in keV rather than in energy density, which is ~T^4 and makes radiation in a
  // cold slab (T_r = 0.45 beside T = 0.01 keV: 2 rho - a c T^4 = 0.017) nearly free otherwise.
  torch::Tensor energy_scaled(const torch::Tensor& residual, const torch::Tensor& sigma, const Jet& T,
                              const Jet& rho) const;
  // Q(t, x)/(2 eps^2), the source in the macro (conservation) equation; zero without a source.
  torch::Tensor macro_source(const torch::Tensor& t, const torch::Tensor& x) const;

  // Initial data: T0(x), rho0(x) = <I0(x, .)> (each with its x-derivative) and I0 at (x_i, v_k) for nodes v
  // (I0 = a c T0^4/2 unless the problem gives initial.I).
  std::pair<torch::Tensor, torch::Tensor> initial_T(const torch::Tensor& x) const;
  std::pair<torch::Tensor, torch::Tensor> initial_rho(const torch::Tensor& x) const;
  torch::Tensor initial_I(const torch::Tensor& x, const torch::Tensor& v) const;
  // The isotropic intensity a c T_b(t)^4/2 entering through an inflow side at the times t.
  torch::Tensor inflow_intensity(const RadiationSide& side, const torch::Tensor& t) const;

  // The wall terms' derivatives (x-derivatives when a side is zero_gradient, else values only).
  Derivatives wall_derivatives() const;

  // ic_rho and ic_T: zero (no residual) with the "initial" transforms, else the misfit at t = 0 on x0.
  ResidualTerm initial_rho_term(const torch::Tensor& x0);
  ResidualTerm initial_T_term(const torch::Tensor& x0);

  // Energy balance in integral form (loss term "balance", off at weight 0). Both models' conservation law is
  //   (1/c) rho_t + F_x + (1/2) C_v(T) T_t - Q/(2 eps^2) = 0,   F = wall_flux (v1: <mu g>, v2: <mu j>_+),
  // and its integral over the slab [t_k, t_k+1] x [xL, xR] is
  //   B_k = int [rho/c + e(T)/2]_{t_k}^{t_k+1} dx + int (F(s, xR) - F(s, xL)) ds - int int Q/(2 eps^2),
  // e(T) = int C_v dT. The term is mean_k (B_k/(dt L))^2: the mean of the conservation residual over each of
  // kBalanceSlabs slabs of [0, horizon], in the residual's own units. Why: the collocation loss holds the
  // residual in mean square, not its mean, and a small residual of one sign everywhere creates energy
  // (measured on the Marshak wave: the networks' total energy 25-35 % above the reference's at 1 ns, the cold
  // slab heated from 0.010 to 0.02-0.07 keV at a residual the loss hardly sees). x by stratified random points
  // (one per cell of L/N, the same for every time), s likewise per slab and wall, redrawn with each batch.
  void sample_balance(PointSampler& sampler, int factor);
  ResidualTerm balance_term();
  // The flux F of the conservation law at points (t, x) (values; 1-D tensors of one size).
  virtual torch::Tensor wall_flux(const torch::Tensor& t, const torch::Tensor& x) = 0;

  // The smallest temperature of the initial and inflow data (the floor transforms' T_min).
  double temperature_floor() const;

  FieldNet rho_{nullptr}, T_{nullptr};
  double floor_ = 0;  // T_min of the floor transforms
  torch::Tensor balance_x_, balance_s_, balance_q_t_;  // the balance term's points (undefined: term off)
  torch::Tensor full_v_, full_w_;  // the velocity quadrature on [-1, 1] (weights sum to 1)
};

// The registrations' shared parts.
//   transforms: {rho: initial | exp | equilibrium | floor, T: initial | exp | floor}     (v1 adds g: plain |
//   relative, v2 r: exp | initial)
//   periodic_features: true
//   residual_scaling: none | opacity | temperature
void grte_defaults(NeuralOptions& o);
void parse_grte_transforms(const ConfigNode& section, NeuralOptions& o, const std::vector<std::string>& extra_keys);
void accept_grte_problem(const Problem& problem, const NeuralOptions& options);
// A tiny problem under which every loss term of both models is active (walls: inflow and zero gradient;
// T-dependent opacity and heat capacity), and its network section.
std::string grte_conformance_problem();
std::string grte_conformance_networks();

}  // namespace kinetic::neural
