// The APNNs of gray radiative transfer (apnn_grte_v1: micro-macro, apnn_grte_v2: even-odd): the loss vanishes on an exact equilibrium,
// has a finite eps -> 0 limit (no 1/eps factor), and refuses bad keys. The registry's conformance tests cover
// the rest (tangent = autograd, J against differences, Adam lowers every term, bit-identical resume).
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/quadrature.hpp"
#include "core/result_file.hpp"
#include "neural/training/model.hpp"
#include "../model_helpers.hpp"
#include "neural/training/sampler.hpp"
#include "../neural_test_problems.hpp"

using namespace kinetic;
using namespace kinetic::neural;
using namespace kinetic::neural::testing;

namespace {

// a c = 2 and T = 1 make rho = a c T^4/2 = 1: the zero-output networks (T = exp(0), rho = exp(0), g = 0) and
// the "initial" transforms with zero output (T = T0, rho = rho0) are then both the equilibrium T = 1, I = 1.
std::string grte_problem(double eps, const std::string& boundary, const std::string& opacity = "10/T^3") {
  std::ostringstream e;
  e << std::setprecision(17) << eps;
  return "problem:\n  equation: gray_radiative_transfer\n  eps: " + e.str() +
         "\n  time: {end: 0.1}\n  space: [0, 2]\n  a: 2\n  c: 1\n  opacity: \"" + opacity +
         "\"\n  heat_capacity: \"0.1 + 0.05*T\"\n  initial: {T: \"1\"}\n  boundary: " + boundary +
         "\n  output_times: [0.1]\n";
}

const std::vector<std::string> kMethods = {"apnn_grte_v1", "apnn_grte_v2"};

std::shared_ptr<Model> grte_model(const std::string& method, double eps, const std::string& boundary,
                                  const std::string& extra, uint64_t seed = 3, const std::string& opacity = "10/T^3") {
  auto s = make_setup(grte_problem(eps, boundary, opacity), tiny_neural(method, "  dtype: float64\n" + extra));
  torch::manual_seed(seed);
  auto model = make_model(s.problem, s.options);
  PointSampler sampler("uniform", 11);
  model->resample(sampler);
  return model;
}

// The jets' chain rule through a model's transforms against autograd's own derivatives, term by term, on
// networks whose first term is not trivially zero.
void check_jets_against_autograd(Model& m) {
  const auto a = m.loss_terms(Derivatives::Tangent), b = m.loss_terms(Derivatives::Autograd);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("term " << i);
    CHECK(b[i].item<double>() == Approx(a[i].item<double>()).epsilon(1e-10).margin(1e-14));
  }
  CHECK(a.at(0).item<double>() > 1e-6);
}

// On the equilibrium T = T0 = 1, I = 1 (inflow at 1, a reflecting wall): every loss term of the model with
// these extra keys vanishes once its outputs are zero and the named output biases set.
void check_terms_vanish_at_equilibrium(const std::string& method, const std::string& extra,
                                       const std::map<std::string, double>& biases = {}) {
  auto eq = grte_model(method, 1e-3, "{left: {type: inflow, T: \"1\"}, right: {type: reflecting}}", extra);
  zero_outputs(*eq);
  for (const auto& [key, value] : biases) fill_parameter(*eq, key, value);
  for (const auto& term : eq->loss_terms(Derivatives::Tangent)) CHECK(term.item<double>() <= 1e-28);
}

}  // namespace

TEST_CASE("grte APNNs: every loss term vanishes on an exact equilibrium", "[neural][grte]") {
  const std::vector<std::string> boundaries = {"{type: periodic}",
                                               "{left: {type: inflow, T: \"1\"}, right: {type: reflecting}}",
                                               "{left: {type: zero_gradient}, right: {type: inflow, T: \"1\"}}"};
  for (const auto& method : kMethods)
  for (const std::string kind : {"initial", "exp"})
    for (const auto& boundary : boundaries) {
      const std::string transforms = "{rho: " + kind + ", T: " + kind + (method == "apnn_grte_v2" ? ", r: " + kind : "") + "}";
      INFO(method << " " << transforms << " " << boundary);
      auto model = grte_model(method, 1e-3, boundary, "  transforms: " + transforms + "\n");
      zero_outputs(*model);
      for (const auto mode : {Derivatives::Tangent, Derivatives::Autograd})
        for (const auto& term : model->loss_terms(mode)) CHECK(term.item<double>() <= 1e-28);
      // Not trivially zero: a warmer material leaves the equilibrium.
      fill_parameter(*model, "T.output.bias", 0.1);
      const auto terms = model->loss_terms(Derivatives::Tangent);
      CHECK(terms.at(2).item<double>() > 1e-3);  // energy: sigma (2 rho - a c T^4) != 0
    }
}

TEST_CASE("grte APNNs: rho = (a c T^4/2) exp(o) (transform rho: equilibrium)", "[neural][grte]") {
  for (const auto& method : kMethods) {
    INFO(method);
    // Zero output: rho is the local equilibrium a c T^4/2 for any T, so with T = T0 = 1 every term vanishes.
    check_terms_vanish_at_equilibrium(method, "  transforms: {rho: equilibrium, T: initial}\n");
    // On random networks: the jets' chain rule (rho_t = rho (4 T_t/T + o_t), rho_x likewise) against autograd's
    // own derivatives, term by term.
    auto m = grte_model(method, 1e-2, "{left: {type: inflow, T: \"1.2\"}, right: {type: zero_gradient}}",
                        "  transforms: {rho: equilibrium, T: exp}\n");
    check_jets_against_autograd(*m);
  }
}

TEST_CASE("grte APNNs: T and T_r above the data's smallest temperature (transforms floor)", "[neural][grte]") {
  for (const auto& method : kMethods) {
    INFO(method);
    // T0 = 1 everywhere and inflow at 1: the floor is 1, and with the output biases at -50 (softplus 2e-22)
    // T = T_r = 1 is the equilibrium, where every term vanishes.
    check_terms_vanish_at_equilibrium(method, "  transforms: {rho: floor, T: floor}\n",
                                      {{"T.output.bias", -50}, {"rho.output.bias", -50}});
    // Inflow at 0.8 below T0 = 1: the floor is 0.8; on random networks T and T_r stay above it, and the jets'
    // chain rule (T_r^4 through softplus) agrees with autograd's derivatives term by term.
    auto m = grte_model(method, 1e-2, "{left: {type: inflow, T: \"0.8\"}, right: {type: zero_gradient}}",
                        "  transforms: {rho: floor, T: floor}\n");
    fill_parameter(*m, "T.output.bias", -30);
    fill_parameter(*m, "rho.output.bias", -30);
    auto x = torch::linspace(0, 2, 41, torch::kFloat64), t = torch::full_like(x, 0.05);
    for (const auto& [name, value] : m->fields(t, x)) {
      if (name == "rho") continue;
      INFO(name);
      CHECK(value.min().item<double>() >= 0.8);
      CHECK(value.max().item<double>() == Approx(0.8).margin(1e-6));  // softplus(-30 + o) ~ 1e-13
    }
    fill_parameter(*m, "T.output.bias", 0.3);
    fill_parameter(*m, "rho.output.bias", 0.2);
    check_jets_against_autograd(*m);
  }
}

TEST_CASE("apnn_grte_v1: g = rho (g~ - <g~>) (transform g: relative)", "[neural][grte]") {
  const std::string walls = "{left: {type: inflow, T: \"1.2\"}, right: {type: zero_gradient}}";
  // Zero outputs with the "initial" transforms: the equilibrium T = 1, I = 1 with g = rho 0; every term vanishes.
  check_terms_vanish_at_equilibrium("apnn_grte_v1", "  transforms: {rho: initial, T: initial, g: relative}\n");
  // The unscaled micro residual (eps^2/c) g_t + eps (mu g_x - <mu g_x>) + mu rho_x + sigma g is linear in
  // (rho, g); rho = exp(o) times e^b (output bias + b) scales g with it when g is relative, so the micro
  // term grows by exactly e^(2b); with g plain it does not.
  auto micro_ratio = [&](const std::string& g) {
    auto m = grte_model("apnn_grte_v1", 1e-1, walls, "  transforms: {rho: exp, T: exp, g: " + g + "}\n");
    fill_parameter(*m, "rho.output.bias", 0.0);
    const double m0 = m->loss_terms(Derivatives::Tangent).at(1).item<double>();
    fill_parameter(*m, "rho.output.bias", 1.0);
    return m->loss_terms(Derivatives::Tangent).at(1).item<double>() / m0;
  };
  CHECK(micro_ratio("relative") == Approx(std::exp(2.0)).epsilon(1e-12));
  CHECK(std::abs(micro_ratio("plain") - std::exp(2.0)) > 0.5);
  // The product rule of the jets (g_x = rho_x h + rho h_x, g_t likewise) against autograd, term by term.
  auto m = grte_model("apnn_grte_v1", 1e-2, walls, "  transforms: {rho: floor, T: floor, g: relative}\n");
  check_jets_against_autograd(*m);
  CHECK_THROWS_WITH(grte_model("apnn_grte_v1", 1e-3, walls, "  transforms: {g: scaled}\n"),
                    Catch::Contains("neural.transforms.g"));
  CHECK_THROWS_WITH(grte_model("apnn_grte_v2", 1e-3, walls, "  transforms: {g: relative}\n"), Catch::Contains("g"));
}

TEST_CASE("grte APNNs: the balance term is the mean of the conservation residual over each time slab",
          "[neural][grte]") {
  // Independent of the term's own quadrature: the model's conservation residual (v1: macro, v2: conservation)
  // averaged by a 12 x 240 Gauss-Legendre rule over each slab [k dt, (k+1) dt] x [0, 2] (8 slabs of t in
  // [0, 0.1]), against the term's stratified estimate; with a source Q(t, x) and a T-dependent C_v, on random
  // networks with walls of both kinds.
  for (const auto& [method, index] : std::vector<std::pair<std::string, int>>{{"apnn_grte_v1", 0}, {"apnn_grte_v2", 3}}) {
    INFO(method);
    std::string problem = grte_problem(1.0, "{left: {type: inflow, T: \"1.2\"}, right: {type: zero_gradient}}");
    problem.insert(problem.find("  output_times"), "  source: \"0.3*(1 + sin(3*x))*(1 + 5*t)\"\n");
    auto s = make_setup(problem, tiny_neural(method, "  dtype: float64\n  weights: {balance: 1}\n  transforms: "
                                                     "{rho: exp, T: exp}\n"));
    torch::manual_seed(5);
    auto model = make_model(s.problem, s.options);
    PointSampler sampler("uniform", 11);
    model->resample(sampler);
    const auto terms = model->residual_terms(Derivatives::Autograd);
    const auto B = terms.back().pieces.at(0).r.detach().reshape(-1);
    REQUIRE(B.size(0) == 8);
    const Quadrature qt = gauss_legendre(12, 0.0, 0.0125), qx = gauss_legendre(6, 0.0, 2.0 / 40);
    std::vector<double> t, x, w;
    for (int k = 0; k < 8; ++k)
      for (std::size_t a = 0; a < qt.nodes.size(); ++a)
        for (int cell = 0; cell < 40; ++cell)
          for (std::size_t b = 0; b < qx.nodes.size(); ++b) {
            t.push_back(k * 0.0125 + qt.nodes[a]), x.push_back(cell * 0.05 + qx.nodes[b]);
            w.push_back(qt.weights[a] * qx.weights[b] / (0.0125 * 2.0));
          }
    model->set_interior_points(torch::tensor(t, torch::kFloat64), torch::tensor(x, torch::kFloat64));
    const auto r = model->residual_terms(Derivatives::Autograd).at(index).pieces.at(0).r.detach().reshape(-1);
    const auto slab_mean = (r * torch::tensor(w, torch::kFloat64)).view({8, -1}).sum(1);
    INFO("term " << B << "\nquadrature " << slab_mean);
    CHECK(slab_mean.abs().min().item<double>() > 1e-2);  // not trivially zero
    CHECK((B - slab_mean).abs().max().item<double>() < 3e-3 * slab_mean.abs().max().item<double>());
  }
  // Off by default: no residual, nothing drawn.
  auto off = grte_model("apnn_grte_v1", 1e-2, "{type: periodic}", "");
  CHECK(off->residual_terms(Derivatives::Tangent).back().pieces.empty());
}

TEST_CASE("grte APNNs: the loss has a finite limit as eps -> 0", "[neural][grte]") {
  // The same networks (seed) at eps = 1e-6 and 1e-9: every term agrees to O(eps) (relative 1e-5), so no term
  // carries a 1/eps factor, and the limit terms are those of the equilibrium diffusion system (model header).
  const std::string walls = "{left: {type: inflow, T: \"1.2\"}, right: {type: vacuum}}";
  for (const auto& method : kMethods) {
  INFO(method);
  const std::string extra = "  transforms: {rho: exp, T: exp}\n";
  auto a = grte_model(method, 1e-6, walls, extra), b = grte_model(method, 1e-9, walls, extra);
  check_same_loss_terms(*a, *b, 1e-12);
  const auto tb = b->loss_terms(Derivatives::Tangent);
  CHECK(tb.at(0).item<double>() > 1e-6);  // macro, micro and energy are O(1) on random networks
  CHECK(tb.at(1).item<double>() > 1e-6);
  CHECK(tb.at(2).item<double>() > 1e-6);
  }
}

TEST_CASE("grte APNNs: residual_scaling: opacity divides the equations with sigma by sigma", "[neural][grte]") {
  // Constant sigma = 10: the same networks (seed) give the sigma-carrying terms / 100 (mean squares) and the
  // others unchanged (balance too: the conservation law carries no sigma). v1: macro, micro, energy; v2: r_eq,
  // j_eq, energy, conservation, constraint.
  const std::string walls = "{left: {type: inflow, T: \"1.2\"}, right: {type: zero_gradient}}";
  const std::map<std::string, std::vector<bool>> scaled = {{"apnn_grte_v1", {false, true, true}},
                                                           {"apnn_grte_v2", {true, true, true, false, false}}};
  for (const auto& method : kMethods) {
    INFO(method);
    const std::string extra = "  transforms: {rho: exp, T: exp}\n  weights: {balance: 1}\n";
    auto plain = grte_model(method, 1e-2, walls, extra, 3, "10");
    auto over = grte_model(method, 1e-2, walls, extra + "  residual_scaling: opacity\n", 3, "10");
    const auto a = plain->loss_terms(Derivatives::Tangent), b = over->loss_terms(Derivatives::Tangent);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      INFO("term " << i);
      const bool divided = i < scaled.at(method).size() && scaled.at(method)[i];
      CHECK(a[i].item<double>() > 1e-8);
      CHECK(b[i].item<double>() == Approx(a[i].item<double>() / (divided ? 100.0 : 1.0)).epsilon(1e-12));
    }
    // Still zero on the exact equilibrium with sigma = 10/T^3 (a factor of the residual, never a new term).
    auto eq = grte_model(method, 1e-3, "{type: periodic}", extra + "  residual_scaling: opacity\n");
    zero_outputs(*eq);
    for (const auto& term : eq->loss_terms(Derivatives::Tangent)) CHECK(term.item<double>() <= 1e-28);
  }
}

TEST_CASE("grte APNNs: residual_scaling: temperature counts the energy misfit in keV", "[neural][grte]") {
  // rho = 1 = a c T_r^4/2 (T_r = 1) and T = e^0.1 > T_r, both constant: the energy residual is the same at
  // every point, and under temperature it is the opacity-scaled one over 4 a c max(T, T_r)^3 = 8 e^0.3.
  const std::size_t energy_index = 2;  // v1: macro, micro, energy; v2: r_eq, j_eq, energy
  for (const auto& method : kMethods) {
    INFO(method);
    const std::string extra = "  transforms: {rho: exp, T: exp}\n";
    std::map<std::string, double> terms;
    for (const std::string scaling : {"opacity", "temperature"}) {
      auto m = grte_model(method, 1e-2, "{type: periodic}", extra + "  residual_scaling: " + scaling + "\n");
      zero_outputs(*m);
      fill_parameter(*m, "T.output.bias", 0.1);
      terms[scaling] = m->loss_terms(Derivatives::Tangent).at(energy_index).item<double>();
    }
    const double factor = 8 * std::exp(0.3);
    CHECK(terms["opacity"] > 1e-4);
    CHECK(terms["temperature"] == Approx(terms["opacity"] / (factor * factor)).epsilon(1e-12));
  }
}

TEST_CASE("grte APNNs: bad keys are refused naming the key", "[neural][grte]") {
  const std::string periodic = "{type: periodic}";
  for (const auto& method : kMethods) {
    INFO(method);
    CHECK_THROWS_WITH(grte_model(method, 1e-3, periodic, "  transforms: {T: softplus}\n"),
                      Catch::Contains("neural.transforms.T"));
    CHECK_THROWS_WITH(grte_model(method, 1e-3, periodic, "  quadrature: 7\n"), Catch::Contains("neural.quadrature"));
    CHECK_THROWS_WITH(grte_model(method, 1e-3, periodic, "  residual_scaling: sigma\n"),
                      Catch::Contains("neural.residual_scaling"));
  }
  CHECK_THROWS_WITH(grte_model("apnn_grte_v1", 1e-3, periodic, "  transforms: {r: exp}\n"), Catch::Contains("r"));
  CHECK_THROWS_WITH(grte_model("apnn_grte_v2", 1e-3, periodic, "  transforms: {r: softplus}\n"),
                    Catch::Contains("neural.transforms.r"));
}

namespace {

// The equilibrium diffusion residual (apnn_grte_v1.cpp's header)
//   D = (1/c) rho_t + (1/2) C_v(T) T_t - ((1/(3 sigma(T))) rho_x)_x
// of the problem above (a = 2, c = 1, sigma = 0.5/T^3, C_v = 0.1 + 0.05 T), evaluated by central differences of
// the model's result fields rho and T only: nothing of the loss's code is used.
torch::Tensor diffusion_residual(Model& model, const torch::Tensor& t, const torch::Tensor& x, double third = 1.0 / 3) {
  torch::NoGradGuard no_grad;
  const double h = 2e-4;
  auto field = [&](const torch::Tensor& tt, const torch::Tensor& xx, const std::string& name) {
    for (auto& [key, value] : model.fields(tt, xx))
      if (key == name) return value.reshape(-1);
    throw std::runtime_error("no field " + name);
  };
  auto sigma = [](const torch::Tensor& T) { return 0.5 / T.pow(3); };
  auto flux = [&](const torch::Tensor& xx) {  // rho_x / (3 sigma(T)) at (t, xx)
    auto rho_x = (field(t, xx + h, "rho") - field(t, xx - h, "rho")) / (2 * h);
    return third * rho_x / sigma(field(t, xx, "T"));
  };
  auto rho_t = (field(t + h, x, "rho") - field(t - h, x, "rho")) / (2 * h);
  auto T_t = (field(t + h, x, "T") - field(t - h, x, "T")) / (2 * h);
  auto cv = 0.1 + 0.05 * field(t, x, "T");
  return rho_t + 0.5 * cv * T_t - (flux(x + h) - flux(x - h)) / (2 * h);
}

double relative_distance(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).norm().item<double>() / b.norm().item<double>();
}

}  // namespace

TEST_CASE("apnn_grte_v1: at eps -> 0 the macro residual is the diffusion residual plus a multiple of micro's",
          "[neural][grte]") {
  // At eps -> 0 the micro residual is m = mu rho_x + sigma g, so g = (m - mu rho_x)/sigma and
  //   macro = (1/c) rho_t + <mu g_x> + (1/2) C_v T_t = D + <mu (m/sigma)_x>:
  // the loss's macro term is the diffusion residual D wherever micro vanishes (and energy, 2 rho = a c T^4,
  // makes D the equilibrium diffusion equation of T alone). Checked on random networks, where m is O(1):
  // D from central differences of the result fields rho and T, (m/sigma)_x from the model's micro residual at
  // x -/+ h, and <.> by an 8-point Gauss-Legendre rule built here.
  auto model = grte_model("apnn_grte_v1", 1e-10, "{type: periodic}", "  transforms: {rho: exp, T: exp}\n", 3, "0.5/T^3");
  const auto [t, x] = model->interior_points();
  const double h = 2e-4;
  auto at = [&](const torch::Tensor& xx) {  // the (macro, micro) residuals at (t, xx)
    model->set_interior_points(t, xx);
    const auto terms = model->residual_terms(Derivatives::Autograd);
    model->set_interior_points(t, x);
    return std::make_pair(terms.at(0).pieces.at(0).r.detach().reshape(-1), terms.at(1).pieces.at(0).r.detach());
  };
  const auto T_at = [&](const torch::Tensor& xx) {
    for (auto& [key, value] : model->fields(t, xx))
      if (key == "T") return value.detach().reshape(-1);
    throw std::runtime_error("no field T");
  };
  const Quadrature gl = gauss_legendre(8);
  auto mu = torch::tensor(gl.nodes, torch::kFloat64), w = torch::tensor(gl.weights, torch::kFloat64) / 2;
  const auto [macro, micro] = at(x);
  REQUIRE(micro.size(1) == 8);
  auto m_over_sigma = [&](const torch::Tensor& xx) { return at(xx).second * (T_at(xx).pow(3) / 0.5).unsqueeze(1); };
  auto correction = torch::matmul(mu * (m_over_sigma(x + h) - m_over_sigma(x - h)) / (2 * h), w);
  const auto D = diffusion_residual(*model, t, x);
  INFO("|macro - D|/|D| = " << relative_distance(macro, D) << ", |D| = " << D.norm().item<double>());
  CHECK(relative_distance(macro, D) > 0.1);  // random networks: micro is O(1), the correction matters
  CHECK(relative_distance(macro, D + correction) < 1e-5);
  // The identity sees the diffusion coefficient: with 1/(2 sigma) in place of 1/(3 sigma) it fails.
  CHECK(relative_distance(macro, diffusion_residual(*model, t, x, 0.5) + correction) > 1e-2);
}

TEST_CASE("grte APNNs start from a result file's T and I (initial: from_result)", "[neural][grte][coupling]") {
  // A saved state with T = 1 + 0.1 cos(pi x) and an anisotropic I = (1 + 0.2 sin(pi x))(1 + 0.5 mu): with the
  // "initial" transforms the networks' T(0, x) is the file's T and rho(0, x) its <I> = 1 + 0.2 sin(pi x).
  const std::string path = (std::filesystem::temp_directory_path() / "kinetic_grte_neural_start.h5").string();
  ResultData r;
  for (int i = 0; i <= 400; ++i) r.x.push_back(2.0 * i / 400);
  const Quadrature gl = gauss_legendre(8);
  r.v = gl.nodes;
  std::vector<double> T, rho, I;
  for (double x : r.x) {
    T.push_back(1 + 0.1 * std::cos(M_PI * x)), rho.push_back(1 + 0.2 * std::sin(M_PI * x));
    for (double mu : r.v) I.push_back(rho.back() * (1 + 0.5 * mu));
  }
  r.add_snapshot(0.1, {{"rho", rho}, {"T", T}}, I);
  write_result(path, r);
  for (const auto& method : kMethods) {
    INFO(method);
    std::string problem = grte_problem(1e-3, "{type: periodic}");
    problem.replace(problem.find("{T: \"1\"}"), 8, "{from_result: " + path + ", time: 0.1}");
    auto s = make_setup(problem, tiny_neural(method, "  dtype: float64\n"));
    auto model = make_model(s.problem, s.options);
    auto x = torch::linspace(0.05, 1.95, 39, torch::kFloat64), t0 = torch::zeros_like(x);
    torch::Tensor T0, rho0;
    for (auto& [key, value] : model->fields(t0, x)) {
      if (key == "T") T0 = value.reshape(-1);
      if (key == "rho") rho0 = value.reshape(-1);
    }
    CHECK((T0 - (1 + 0.1 * torch::cos(M_PI * x))).abs().max().item<double>() < 1e-6);
    CHECK((rho0 - (1 + 0.2 * torch::sin(M_PI * x))).abs().max().item<double>() < 1e-6);
  }
  std::filesystem::remove(path);
}
