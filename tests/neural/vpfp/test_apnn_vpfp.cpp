// The VPFP APNN (apnn_vpfp): every loss term vanishes on the uniform equilibrium, the loss has a finite
// eps -> 0 limit, the velocity collocation (Gauss-Hermite nodes, interpolation) reproduces polynomial data
// exactly, and bad keys are refused. The registry's conformance tests cover the rest (tangent = autograd,
// Adam lowers every term, bit-identical resume).
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "neural/training/model.hpp"
#include "neural/training/sampler.hpp"
#include "neural/vpfp/initial_layer.hpp"
#include "../model_helpers.hpp"
#include "vpfp_test_setup.hpp"

using namespace kinetic;
using namespace kinetic::neural;
using namespace kinetic::neural::testing;

namespace {

std::shared_ptr<Model> mc_model(const std::string& problem, const std::string& extra = "") {
  return vpfp_model("apnn_vpfp", problem, extra);
}

}  // namespace

TEST_CASE("apnn_vpfp: every loss term vanishes on the uniform equilibrium f = M0, h = 1", "[neural][vpfp]") {
  auto model = mc_model(vpfp_problem(0.1, kMaxwellian));
  zero_outputs(*model);  // rho = rho0 = 1, g = g0 = 1, phi = const
  for (const auto mode : {Derivatives::Tangent, Derivatives::Autograd})
    for (const auto& term : model->loss_terms(mode)) CHECK(term.item<double>() <= 1e-24);
  // Not trivially zero: a non-zero potential output puts a field on the uniform state.
  fill_parameter(*model, "phi.output.weight", 0.3);
  const auto terms = model->loss_terms(Derivatives::Tangent);
  CHECK(terms.at(0).item<double>() > 1e-6);  // kinetic: v E g != 0
  CHECK(terms.at(3).item<double>() > 1e-6);  // poisson: phi_xx != 0
}

TEST_CASE("apnn_vpfp: the loss has a finite limit as eps -> 0", "[neural][vpfp]") {
  // The same networks at eps = 1e-6 and 1e-9: every term agrees to O(eps) (relative 1e-5): no 1/eps factor;
  // the limit kinetic term is |L_E g|^2, whose kernel is the shifted Maxwellian (model header).
  const std::string f0 = "(1 + 0.3*cos(0.5*x))*" + kMaxwellian;
  auto a = mc_model(vpfp_problem(1e-6, f0)), b = mc_model(vpfp_problem(1e-9, f0));
  check_same_loss_terms(*a, *b, 1e-14);
  CHECK(b->loss_terms(Derivatives::Tangent).at(0).item<double>() > 1e-6);
}

TEST_CASE("apnn_vpfp: the velocity collocation reproduces polynomial data exactly", "[neural][vpfp]") {
  // f0 = (1 + 0.2 cos(x/2)) (1 + 0.3 v + 0.1 v^2) M0 - 0.1 M0: g0 = f0/M0 is a polynomial of degree 2 in v, so
  // the interpolant through the 12 Gauss-Hermite nodes is g0 itself, f(0, x, v) = f0 at any v, and the
  // constraint rho0 = int M0 g0 dv (Gauss-Hermite, exact to degree 23) holds at t = 0.
  const std::string f0 = "((1 + 0.2*cos(0.5*x))*(1 + 0.3*v + 0.1*v^2) - 0.1)*" + kMaxwellian;
  auto model = mc_model(vpfp_problem(0.5, f0));
  zero_outputs(*model);
  auto x = torch::tensor({0.3, 2.0, 7.7, 11.0}, torch::kFloat64), v = torch::tensor({-3.1, -0.4, 0.77, 2.5},
                                                                                      torch::kFloat64);
  auto f = model->distribution(torch::zeros_like(x), x, v);
  auto exact = ((1 + 0.2 * torch::cos(0.5 * x)) * (1 + 0.3 * v + 0.1 * v * v) - 0.1) *
               torch::exp(-0.5 * v * v) / std::sqrt(2 * M_PI);
  CHECK((f - exact).abs().max().item<double>() < 1e-12);
  // rho0 = (1 + 0.2 cos)(1 + 0.1) - 0.1 from the model equals the exact moment.
  const auto rho = model->density(torch::zeros_like(x), x);
  CHECK((rho - ((1 + 0.2 * torch::cos(0.5 * x)) * 1.1 - 0.1)).abs().max().item<double>() < 1e-10);
}

TEST_CASE("apnn_vpfp, f: layer: the closed-form initial layer's derivatives match central differences",
          "[neural][vpfp]") {
  // o(t, x) and o0(x) = o(0, x) as closed forms with K = 3 outputs, eps(x) = 0.05 (1.5 + cos x) varying in x.
  auto o_at = [](const torch::Tensor& t, const torch::Tensor& x) {
    auto k = torch::arange(1, 4, torch::kFloat64).unsqueeze(0);
    return torch::sin(k * x + 0.7 * t) + 0.3 * k * t * t;
  };
  auto eps_at = [](const torch::Tensor& x) { return 0.05 * (1.5 + torch::cos(x)); };
  auto g0_at = [](const torch::Tensor& x) { return 1 + 0.1 * torch::cos(x).expand({-1, 3}); };
  auto layer = [&](const torch::Tensor& t, const torch::Tensor& x) {
    auto k = torch::arange(1, 4, torch::kFloat64).unsqueeze(0);
    Jet o{o_at(t, x), 0.7 * torch::cos(k * x + 0.7 * t) + 0.6 * k * t, k * torch::cos(k * x + 0.7 * t)};
    Jet o0{o_at(torch::zeros_like(t), x), {}, k * torch::cos(k * x)};
    return with_initial_layer(g0_at(x), -0.1 * torch::sin(x).expand({-1, 3}), o, o0, t, eps_at(x),
                              -0.05 * torch::sin(x));
  };
  auto t = torch::tensor({0.0, 0.01, 0.04, 2.0}, torch::kFloat64).unsqueeze(1);
  auto x = torch::tensor({0.4, 1.3, 2.9, 5.0}, torch::kFloat64).unsqueeze(1);
  const auto g = layer(t, x);
  const double h = 1e-6;
  auto g_t = (layer(t + h, x).v - layer(t - h, x).v) / (2 * h), g_x = (layer(t, x + h).v - layer(t, x - h).v) / (2 * h);
  CHECK((g.t - g_t).abs().max().item<double>() < 1e-6 * g_t.abs().max().item<double>());
  CHECK((g.x - g_x).abs().max().item<double>() < 1e-6 * g_x.abs().max().item<double>());
  // The initial data exactly at t = 0 (first row), whatever o is.
  CHECK((g.v[0] - g0_at(x)[0]).abs().max().item<double>() < 1e-15);
  // The layer term decays: at t = 2 >> eps(x) (at most 0.125) g is the outer solution g0 + o.
  CHECK((g.v[3] - (g0_at(x) + o_at(t, x))[3]).abs().max().item<double>() < 1e-4);
}

TEST_CASE("apnn_vpfp, f: layer: f(0) = f0 exactly with untrained networks, at eps = 1 and 1e-6", "[neural][vpfp]") {
  const std::string f0 = "((1 + 0.2*cos(0.5*x))*(1 + 0.3*v + 0.1*v^2) - 0.1)*" + kMaxwellian;
  auto x = torch::tensor({0.3, 2.0, 7.7, 11.0}, torch::kFloat64), v = torch::tensor({-3.1, -0.4, 0.77, 2.5},
                                                                                      torch::kFloat64);
  auto exact = ((1 + 0.2 * torch::cos(0.5 * x)) * (1 + 0.3 * v + 0.1 * v * v) - 0.1) *
               torch::exp(-0.5 * v * v) / std::sqrt(2 * M_PI);
  for (const double eps : {1.0, 1e-6}) {
    INFO("eps " << eps);
    auto model = mc_model(vpfp_problem(eps, f0, "  eps_profile: \"eps*(1.5 + cos(0.5*x))\"\n"),
                            "  transforms: {f: layer}\n");
    torch::NoGradGuard no_grad;
    auto f_start = model->distribution(torch::zeros_like(x), x, v);
    CHECK((f_start - exact).abs().max().item<double>() < 1e-12);
    // Not the initial data later on (the networks' outputs are not zero).
    CHECK((model->distribution(torch::full_like(x, 0.4), x, v) - exact).abs().max().item<double>() > 1e-6);
    for (const auto& term : model->loss_terms(Derivatives::Tangent)) CHECK(std::isfinite(term.item<double>()));
  }
}

TEST_CASE("apnn_vpfp: bad keys and problems are refused naming the key", "[neural][vpfp]") {
  const std::string f0 = "(1 + 0.3*cos(0.5*x))*" + kMaxwellian;
  CHECK_THROWS_WITH(mc_model(vpfp_problem(0.1, f0), "  transforms: {rho: exp}\n"),
                    Catch::Contains("neural.transforms.rho"));
  CHECK_THROWS_WITH(mc_model(vpfp_problem(0.1, f0), "  quadrature: 2\n"), Catch::Contains("quadrature"));
  CHECK_THROWS_WITH(mc_model(vpfp_problem(0.1, f0), "  periodic_features: false\n"),
                    Catch::Contains("periodic_features"));
  CHECK_THROWS_WITH(mc_model(vpfp_problem(1.0, f0, "  fokker_planck: false\n")), Catch::Contains("fokker_planck"));
}
