// apnn_bgk: the micro-macro and Hermite ansatz for f, the initial macro transform, the problems it refuses and
// the causal weighting of its interior terms.
// LibTorch first: its glog CHECK macro is replaced by Catch's below.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/error.hpp"
#include "neural/training/causal_weights.hpp"
#include "neural/training/sampler.hpp"
#include "neural/train.hpp"
#include "apnn_bgk_test_support.hpp"

using namespace kinetic;
using namespace kinetic::neural;
using namespace kinetic::neural::testing;


// The f = M + eps P g~ ansatz, shared by transforms.f: micro_macro (g~ a network of (t, x, v)) and hermite
// (g~ = M sum_k a_k(t, x) He_k): exact moments, derivatives, wall terms, and training.
void check_micro_macro_ansatz(const std::string& f_transform) {
  const double eps = 1e-3;
  auto model = make_bgk(eps, "  dtype: float64\n  transforms: {macro: free, f: " + f_transform +
                                 "}\n  weights: {bc_f: 1, bc_flux: 10}\n", 4);
  REQUIRE(model->micro_macro());
  auto t = f64({0.0, 0.02, 0.051, 0.09}), x = f64({-0.31, 0.0, 0.22, 0.47});
  const auto v = model->velocities(), w = model->weights();
  SECTION("<m (f - M)> = 0 to round-off, while f - M itself is O(eps) and not zero") {
    torch::NoGradGuard no_grad;
    auto q = model->macro(t, x, Derivatives::None);
    auto M = ApnnBgk::maxwellian(q.rho.v, q.u.v, q.T.v, v);
    auto d = model->distribution(t, x, v, Derivatives::None).v - M;
    CHECK(max_abs(d) > 1e-2 * eps);
    CHECK(max_abs(d) < 1e3 * eps);
    // (so the moment terms measure only the quadrature error of M)
    for (const auto& m : {torch::ones_like(v), v, 0.5 * v * v}) CHECK(max_abs(torch::matmul(d, w * m)) <= 1e-15);
  }
  SECTION("loss terms and parameter gradients: tangent path = autograd path") { check_bgk_loss_paths_agree(*model, 6); }
  SECTION("tangent jets = autograd, and = central differences of f") { check_distribution_jets(*model, t, x); }
  SECTION("with the lifted walls f - M(wall) = eps g there: bc_f and bc_flux scale exactly like eps^2") {
    auto at_eps = [&f_transform](double e, const std::string& weights) {
      auto m = make_bgk(e, "  dtype: float64\n  transforms: {f: " + f_transform + "}\n" + weights, 4);
      PointSampler sampler("sobol", 7);
      m->resample(sampler, 1);
      return m->loss_terms(Derivatives::Tangent);
    };
    const std::string walls = "  weights: {bc_f: 1, bc_flux: 1}\n";
    const auto a = at_eps(1e-2, walls), b = at_eps(1e-3, walls);
    const auto unweighted = at_eps(1e-2, "");  // default weights 0: the wall terms are not evaluated
    const auto names = loss_term_names("apnn_bgk");
    for (const char* name : {"bc_f", "bc_flux"}) {
      INFO(name);
      const auto i = std::find(names.begin(), names.end(), name) - names.begin();
      REQUIRE(i < static_cast<long>(names.size()));
      CHECK(a[i].item<double>() > 1e-12);
      CHECK(b[i].item<double>() / a[i].item<double>() == Approx(1e-2).epsilon(1e-9));
      CHECK(unweighted[i].item<double>() == 0.0);
    }
  }
  SECTION("Adam on the weighted loss (with the flux wall term) lowers it, and bc_flux with it") {
    PointSampler sampler("sobol", 8);
    model->resample(sampler, 2);
    const auto names = loss_term_names("apnn_bgk");
    const auto bc = std::find(names.begin(), names.end(), "bc_flux") - names.begin();
    auto total = [&](std::vector<torch::Tensor>* terms_out = nullptr) {
      auto terms = model->loss_terms(Derivatives::Autograd);
      auto sum = torch::zeros({}, torch::kFloat64);
      for (std::size_t i = 0; i < terms.size(); ++i) sum = sum + (i == static_cast<std::size_t>(bc) ? 10.0 : 1.0) * terms[i];
      if (terms_out) *terms_out = terms;
      return sum;
    };
    std::vector<torch::Tensor> before, after;
    const double t0 = total(&before).item<double>();
    torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(3e-3));
    for (int step = 0; step < 100; ++step) {
      adam.zero_grad();
      total().backward();
      adam.step();
    }
    const double t1 = total(&after).item<double>();
    INFO(t0 << " -> " << t1);
    CHECK(t1 < 0.2 * t0);
    CHECK(after[bc].item<double>() < before[bc].item<double>());
  }
  SECTION("the ansatz lives on the quadrature nodes; other methods reject it") {
    CHECK_THROWS_WITH(model->distribution(t, x, f64({0.0, 1.0}), Derivatives::None),
                      Catch::Contains("quadrature nodes"));
    CHECK_THROWS_WITH(testing::make_setup(bgk_problem(eps), tiny_bgk("  transforms: {f: exp}\n")),
                      Catch::Contains("neural.transforms.f"));
  }
}

TEST_CASE("apnn_bgk micro_macro ansatz: f = M + eps g with the moments of g zero, its residual and derivatives",
          "[neural][bgk]") {
  check_micro_macro_ansatz("micro_macro");
}

TEST_CASE("apnn_bgk hermite ansatz: f = M + eps g with the moments of g zero, its residual and derivatives",
          "[neural][bgk]") {
  check_micro_macro_ansatz("hermite");
}

// Projection onto span{M, v M, v^2 M} with the same moments (the hydrodynamic part Pi_M h), per point
// (rows), on the quadrature nodes: Pi_M h = M (alpha + beta v + gamma v^2), <m Pi_M h> = <m h>.
torch::Tensor hydrodynamic_part(const torch::Tensor& h, const torch::Tensor& M, const torch::Tensor& v,
                                const torch::Tensor& w) {
  auto basis = torch::stack({torch::ones_like(v), v, v * v}, 0);                   // (3 x K)
  auto moments = torch::matmul(h * w, basis.t());                                  // (N x 3): <v^a h>
  auto gram = torch::einsum("nk,ak,bk->nab", {M * w, basis, basis});                // <v^a v^b M>
  auto coef = torch::linalg_solve(gram, moments.unsqueeze(2)).squeeze(2);          // (N x 3)
  return M * torch::matmul(coef, basis);
}

TEST_CASE("apnn_bgk hermite ansatz: the modes are He_k(xi)/sqrt(k!), and He_3 carries the Chapman-Enskog "
          "correction", "[neural][bgk]") {
  const double eps = 1e-3;
  auto model = make_bgk(eps, "  dtype: float64\n  quadrature: 64\n  hermite_degree: 5\n"
                             "  transforms: {macro: free, f: hermite}\n", 9);
  auto t = f64({0.0, 0.02, 0.051, 0.09}), x = f64({-0.31, 0.0, 0.22, 0.47});
  const auto v = model->velocities(), w = model->weights();
  torch::NoGradGuard no_grad;
  auto q = model->macro(t, x, Derivatives::Tangent);
  auto M = ApnnBgk::maxwellian(q, v);
  auto xi = (v.unsqueeze(0) - q.u.v.unsqueeze(1)) / torch::sqrt(q.T.v).unsqueeze(1);
  // The f network's output becomes its bias alone: constant coefficients (a_3, a_4, a_5).
  auto set_coefficients = [&model](const std::vector<double>& a) {
    for (auto& p : model->named_parameters())
      if (p.key().rfind("f.", 0) == 0) p.value().zero_();
    model->named_parameters()["f.output.bias"].copy_(f64(a));
  };
  SECTION("constant coefficients (a_3, a_4, a_5) = (c3, c4, c5): f - M = eps (c3 He_3/sqrt(6) + c4 He_4/sqrt(24) + "
          "c5 He_5/sqrt(120)) M, to the quadrature error of its moments") {
    const double c3 = 0.7, c4 = -0.3, c5 = 0.2;
    set_coefficients({c3, c4, c5});
    auto he3 = xi.pow(3) - 3 * xi, he4 = xi.pow(4) - 6 * xi.pow(2) + 3, he5 = xi.pow(5) - 10 * xi.pow(3) + 15 * xi;
    auto expected = eps * M.v * (c3 * he3 / std::sqrt(6.0) + c4 * he4 / std::sqrt(24.0) + c5 * he5 / std::sqrt(120.0));
    auto d = model->distribution(t, x, v, Derivatives::None).v - M.v;
    CHECK(max_abs(expected) > 1e-4);
    CHECK(max_abs(d - expected) <= 1e-9 * max_abs(expected));  // P removes only quadrature errors of O(1e-12)
  }
  SECTION("(I - Pi_M)(M_t + v M_x) = T_x/(2 sqrt(T)) He_3(xi) M, and the ansatz with a_3 = -sqrt(6) T_x/(2 sqrt(T)) "
          "cancels it: g + (I - Pi_M)(M_t + v M_x) = 0 (the first-order Chapman-Enskog correction)") {
    auto h = M.t + v.unsqueeze(0) * M.x;
    auto micro_part = h - hydrodynamic_part(h, M.v, v, w);
    auto ce = (0.5 * q.T.x / torch::sqrt(q.T.v)).unsqueeze(1) * (xi.pow(3) - 3 * xi) * M.v;
    CHECK(max_abs(micro_part) > 1e-2);  // the networks' T_x is not zero
    CHECK(max_abs(micro_part - ce) <= 1e-9 * max_abs(micro_part));
    auto a3 = -std::sqrt(6.0) * q.T.x / (2 * torch::sqrt(q.T.v));
    for (long i = 0; i < t.numel(); ++i) {  // one point at a time: the coefficients are constants
      INFO("point " << i);
      set_coefficients({a3[i].item<double>(), 0.0, 0.0});
      auto ti = t.slice(0, i, i + 1), xi_ = x.slice(0, i, i + 1);
      auto g = (model->distribution(ti, xi_, v, Derivatives::None).v - M.v.slice(0, i, i + 1)) / eps;
      CHECK(max_abs(g + micro_part.slice(0, i, i + 1)) <= 1e-9 * max_abs(micro_part.slice(0, i, i + 1)));
    }
  }
  SECTION("hermite_degree is checked and belongs to the hermite ansatz") {
    CHECK_THROWS_WITH(testing::make_setup(bgk_problem(eps), tiny_bgk("  transforms: {f: hermite}\n  hermite_degree: 2\n")),
                      Catch::Contains("neural.hermite_degree") && Catch::Contains(">= 3"));
    CHECK_THROWS_WITH(testing::make_setup(bgk_problem(eps), tiny_bgk("  transforms: {f: micro_macro}\n  hermite_degree: 6\n")),
                      Catch::Contains("neural.hermite_degree") && Catch::Contains("hermite"));
    CHECK_THROWS_WITH(testing::make_setup(bgk_problem(eps), tiny_bgk("  transforms: {f: hermite}\n  quadrature: 6\n")),
                      Catch::Contains("neural.hermite_degree") && Catch::Contains("< neural.quadrature = 6"));
  }
}

TEST_CASE("apnn_bgk hermite ansatz with one mode (degree 3): jets of f and of g = (f - M)/eps are exact",
          "[neural][bgk]") {
  const double eps = 1e-3;
  auto model = make_bgk(eps, "  dtype: float64\n  hermite_degree: 3\n  transforms: {macro: free, f: hermite}\n", 10);
  auto t = f64({0.0, 0.02, 0.051, 0.09}), x = f64({-0.31, 0.0, 0.22, 0.47});
  const auto v = model->velocities();
  check_distribution_jets(*model, t, x);
  // g directly (the eps-scaled part that the f check sees only at 1e-3 of its size).
  auto g_of = [&](const torch::Tensor& ts, const torch::Tensor& xs, Derivatives mode) {
    auto q = model->macro(ts, xs, mode);
    return (1.0 / eps) * (model->distribution(q, ts, xs, v, mode) - ApnnBgk::maxwellian(q, v));
  };
  Jet g = g_of(t, x, Derivatives::Tangent);
  auto [gt, gx] = central_differences(
      [&](const torch::Tensor& ts, const torch::Tensor& xs) { return g_of(ts, xs, Derivatives::None).v; }, t, x);
  CHECK(max_abs(g.v) > 1e-3);
  CHECK(max_abs(g.t - gt) <= 1e-6 * (1 + max_abs(gt)));
  CHECK(max_abs(g.x - gx) <= 1e-6 * (1 + max_abs(gx)));
  check_bgk_loss_paths_agree(*model, 11);
}

TEST_CASE("apnn_bgk 'initial' macro transform holds the initial state exactly, with exact derivatives",
          "[neural][bgk]") {
  auto model = make_bgk(1e-3, "  dtype: float64\n  transforms: {macro: initial, f: micro_macro}\n", 5);
  {  // Large parameters: the raw outputs are far from zero, the initial state must still hold.
    torch::NoGradGuard no_grad;
    for (auto& p : model->parameters()) p.mul_(4.0);
  }
  auto x = torch::linspace(-0.5, 0.5, 11, torch::kFloat64);
  {
    torch::NoGradGuard no_grad;
    auto q = model->macro(torch::zeros_like(x), x, Derivatives::None);
    auto s = (torch::sin(M_PI * x) + 1) / 2;
    CHECK(max_abs(q.rho.v - (1.5 + (0.625 - 1.5) * s)) <= 1e-14);
    CHECK(max_abs(q.u.v) == 0.0);
    CHECK(max_abs(q.T.v - (1.5 + (0.75 - 1.5) * s)) <= 1e-14);
    auto later = model->macro(torch::full_like(x, 0.05), x, Derivatives::None);
    CHECK(max_abs(later.u.v) > 1e-3);  // not trivial: the networks move the state for t > 0
  }
  // Jets: tangent = autograd, and both = central differences (t and x), including t = 0.
  check_macro_jets(*model, f64({0.0, 0.02, 0.051, 0.09}), f64({-0.31, 0.0, 0.22, 0.47}));
}

TEST_CASE("apnn_bgk rejects problems it does not model", "[neural][bgk]") {
  // A BGK model on a linear-transport problem: refused when the options are parsed (registered for bgk).
  CHECK_THROWS_AS(testing::make_setup(testing::inflow_problem(1e-2), tiny_bgk()), InputError);
  std::string periodic = bgk_problem(1e-2);
  const auto at = periodic.find("  boundary:");
  periodic = periodic.substr(0, at) + "  boundary: {type: periodic}\n  output_times: [0.1]\n";
  auto p = testing::make_setup(periodic, tiny_bgk());
  CHECK_THROWS_AS(make_model(p.problem, p.options), InputError);
  // Loss-term names are checked: the linear-transport names are not BGK weights.
  CHECK_THROWS_AS(testing::make_setup(bgk_problem(1e-2), tiny_bgk("  weights: {bc: 10}\n")), InputError);
}

TEST_CASE("causal weights: exp(-tolerance x the mean losses of the earlier time bins), detached", "[neural][causal]") {
  // Three bins over [0, 0.3]: points (0), (1, 3), (2, 4) (t = t_end joins the last bin), bin means 1, 2, 3,
  // so the weights are 1, exp(-0.5 x 1), exp(-0.5 x (1 + 2)).
  auto t = torch::tensor({0.05, 0.12, 0.25, 0.18, 0.3}, torch::kFloat64);
  auto loss = torch::tensor({1.0, 1.0, 3.0, 3.0, 3.0}, torch::kFloat64).requires_grad_(true);
  const auto w = causal_point_weights(t, loss * 1.0, 0.3, CausalOptions{3, 0.5});
  CHECK_FALSE(w.requires_grad());
  const double expect[] = {1.0, std::exp(-0.5), std::exp(-0.5 * 3.0), std::exp(-0.5), std::exp(-0.5 * 3.0)};
  for (int i = 0; i < 5; ++i) CHECK(w[i].item<double>() == Approx(expect[i]).epsilon(1e-15));
  // An empty middle bin adds nothing; bins 0: every weight 1.
  auto t2 = torch::tensor({0.01, 0.29}, torch::kFloat64), l2 = torch::tensor({2.0, 5.0}, torch::kFloat64);
  CHECK(causal_point_weights(t2, l2, 0.3, CausalOptions{3, 1.0})[1].item<double>() == Approx(std::exp(-2.0)));
  CHECK(causal_point_weights(t2, l2, 0.3, CausalOptions{0, 1.0}).sum().item<double>() == 2.0);
}

TEST_CASE("apnn_bgk causal option: interior terms are the causally weighted means, and bad keys are refused",
          "[neural][bgk][causal]") {
  const std::string transforms = "  dtype: float64\n  transforms: {macro: free, f: micro_macro}\n";
  auto terms_of = [&](const std::string& extra) {
    auto model = make_bgk(1e-3, transforms + extra, 5);
    PointSampler sampler("sobol", 9);
    model->resample(sampler, 1);
    return model->loss_terms(Derivatives::Tangent);
  };
  const auto plain = terms_of(""), loose = terms_of("  causal: {bins: 8, tolerance: 1.0e-12}\n"),
             strict = terms_of("  causal: {bins: 8, tolerance: 100}\n");
  const auto names = loss_term_names("apnn_bgk");
  for (const char* name : {"residual", "mass", "momentum", "energy"}) {
    INFO(name);
    const auto i = std::find(names.begin(), names.end(), name) - names.begin();
    // A vanishing tolerance gives weight 1 everywhere; a strict one down-weights the later bins.
    CHECK(loose[i].item<double>() == Approx(plain[i].item<double>()).epsilon(1e-9));
    CHECK(strict[i].item<double>() < 0.9 * plain[i].item<double>());
  }
  const auto ic = std::find(names.begin(), names.end(), "ic_rho") - names.begin();  // not an interior term
  CHECK(strict[ic].item<double>() == plain[ic].item<double>());
  CHECK_THROWS_WITH(make_bgk(1e-3, transforms + "  causal: {bins: 8, tolerance: 0}\n"),
                    Catch::Contains("neural.causal.tolerance"));
  CHECK_THROWS_WITH(make_bgk(1e-3, transforms + "  causal: {bins: -1}\n"), Catch::Contains("neural.causal.bins"));
  CHECK_THROWS_WITH(make_bgk(1e-3, transforms + "  causal: {bin: 8}\n"), Catch::Contains("bin"));
  CHECK_THROWS_WITH(testing::make_setup(testing::inflow_problem(1e-3),
                                        testing::tiny_neural("apnn_v2", "  causal: {bins: 4}\n")),
                    Catch::Contains("neural.causal"));
}
