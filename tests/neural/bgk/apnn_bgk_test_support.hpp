#pragma once
// Shared set-up of the apnn_bgk tests: a tiny model on the slides' smooth BGK problem (bgk_problem), and checks of its jets
// (tangent = autograd = central differences) and of its two loss paths. Include after Catch.
#include <torch/torch.h>

#include <cstdint>
#include <functional>

#include "core/config.hpp"
#include "neural/bgk/apnn_bgk.hpp"
#include "neural/training/sampler.hpp"
#include "../loss_paths.hpp"
#include "../neural_test_problems.hpp"

namespace kinetic::neural::testing {

inline std::string tiny_bgk(const std::string& extra = "") {
  return neural_section({"  method: apnn_bgk", "  networks: {kind: resnet, width: 10, depth: 1, activation: swish}",
                         "  batch: {interior: 20, initial: 12}", "  quadrature: 16", "  log_every: 1000"},
                        extra);
}

inline std::shared_ptr<ApnnBgk> make_bgk(double eps, const std::string& extra = "  dtype: float64\n", uint64_t seed = 1) {
  auto s = make_setup(bgk_problem(eps), tiny_bgk(extra));
  torch::manual_seed(seed);
  auto model = std::dynamic_pointer_cast<ApnnBgk>(make_model(s.problem, s.options));
  REQUIRE(model);
  return model;
}

inline double max_abs(const torch::Tensor& a) { return a.abs().max().item<double>(); }

inline torch::Tensor f64(std::vector<double> values) { return torch::tensor(values, torch::kFloat64); }

// Central differences (h = 1e-6) in t and x of a field's values at the points (t_i, x_i).
inline std::pair<torch::Tensor, torch::Tensor> central_differences(
    const std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&)>& field, const torch::Tensor& t,
    const torch::Tensor& x) {
  torch::NoGradGuard no_grad;
  const double h = 1e-6;
  return {(field(t + h, x) - field(t - h, x)) / (2 * h), (field(t, x + h) - field(t, x - h)) / (2 * h)};
}

// f's tangent jets equal its autograd jets (1e-10) and central differences of its values (1e-6).
inline void check_distribution_jets(ApnnBgk& model, const torch::Tensor& t, const torch::Tensor& x) {
  const auto v = model.velocities();
  Jet fa = model.distribution(t, x, v, Derivatives::Tangent);
  Jet fb = model.distribution(t, x, v, Derivatives::Autograd);
  CHECK(max_abs(fa.t - fb.t) <= 1e-10 * (1 + max_abs(fb.t)));
  CHECK(max_abs(fa.x - fb.x) <= 1e-10 * (1 + max_abs(fb.x)));
  auto [dt, dx] = central_differences(
      [&](const torch::Tensor& ts, const torch::Tensor& xs) { return model.distribution(ts, xs, v, Derivatives::None).v; },
      t, x);
  CHECK(max_abs(fa.t - dt) <= 1e-6 * (1 + max_abs(fa.t)));
  CHECK(max_abs(fa.x - dx) <= 1e-6 * (1 + max_abs(fa.x)));
}

// rho, u, T: tangent jets = autograd jets (1e-10), and = central differences of the values (1e-6), which
// checks the transforms' chain rule shared by both paths.
inline void check_macro_jets(ApnnBgk& model, const torch::Tensor& t, const torch::Tensor& x) {
  auto qa = model.macro(t, x, Derivatives::Tangent), qb = model.macro(t, x, Derivatives::Autograd);
  using Field = Jet ApnnBgk::Macro::*;
  const std::vector<std::pair<const char*, Field>> fields = {
      {"rho", &ApnnBgk::Macro::rho}, {"u", &ApnnBgk::Macro::u}, {"T", &ApnnBgk::Macro::T}};
  for (const auto& [name, field] : fields) {
    INFO(name);
    const Jet &a = qa.*field, &b = qb.*field;
    CHECK(max_abs(a.t - b.t) <= 1e-10 * (1 + max_abs(b.t)));
    CHECK(max_abs(a.x - b.x) <= 1e-10 * (1 + max_abs(b.x)));
    auto [dt, dx] = central_differences(
        [&, f = field](const torch::Tensor& ts, const torch::Tensor& xs) {
          return (model.macro(ts, xs, Derivatives::None).*f).v;
        },
        t, x);
    CHECK(max_abs(a.t - dt) <= 1e-6 * (1 + max_abs(dt)));
    CHECK(max_abs(a.x - dx) <= 1e-6 * (1 + max_abs(dx)));
  }
}

// Loss terms and parameter gradients on one Sobol batch: tangent path = autograd path (loss_paths.hpp).
inline void check_bgk_loss_paths_agree(ApnnBgk& model, std::uint64_t seed) {
  PointSampler sampler("sobol", seed);
  model.resample(sampler, 1);
  const auto terms = check_loss_paths_agree(model, loss_term_names("apnn_bgk"));
  CHECK(terms[0].item<double>() > 0);  // the residual is never trivially zero
}


// Weights that switch on the kinetic wall terms (off by default: not in the slides' loss).
inline const std::string kWallTermsOn = "  weights: {bc_f: 1, bc_flux: 1}\n";

}  // namespace kinetic::neural::testing
