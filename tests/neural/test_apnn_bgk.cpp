// APNN v2 for BGK: transforms, tangent derivatives against autograd and finite differences, training lowers
// every loss term, and `train` writes density, momentum and energy.
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
#include "neural/apnn_bgk.hpp"
#include "neural/causal_weights.hpp"
#include "neural/sampler.hpp"
#include "neural/train.hpp"
#include "loss_paths.hpp"
#include "neural_test_problems.hpp"

using namespace kinetic;
using namespace kinetic::neural;

namespace {

// The slides' smooth BGK case (examples/bgk/smooth_eps1e-3.yaml) with a chosen eps.
std::string bgk_problem(double eps) {
  return "problem:\n"
         "  equation: bgk\n"
         "  eps: " + yaml_number(eps) + "\n"
         "  time: {end: 0.1}\n"
         "  space: [-0.5, 0.5]\n"
         "  velocity: {range: [-10, 10], measure: integral}\n"
         "  initial:\n"
         "    rho: \"1.5 + (0.625 - 1.5)*(sin(pi*x) + 1)/2\"\n"
         "    u: \"0\"\n"
         "    T: \"1.5 + (0.75 - 1.5)*(sin(pi*x) + 1)/2\"\n"
         "  boundary:\n"
         "    type: dirichlet\n"
         "    left: {rho: \"1.5\", u: \"0\", T: \"1.5\"}\n"
         "    right: {rho: \"0.625\", u: \"0\", T: \"0.75\"}\n"
         "  output_times: [0.05, 0.1]\n";
}

std::string tiny_bgk(const std::string& extra = "") {
  return testing::neural_section({"  method: apnn_bgk", "  networks: {kind: resnet, width: 10, depth: 1, activation: swish}",
                                  "  batch: {interior: 20, initial: 12}", "  quadrature: 16", "  log_every: 1000"},
                                 extra);
}

std::shared_ptr<ApnnBgk> make_bgk(double eps, const std::string& extra = "  dtype: float64\n", uint64_t seed = 1) {
  auto s = testing::make_setup(bgk_problem(eps), tiny_bgk(extra));
  torch::manual_seed(seed);
  auto model = std::dynamic_pointer_cast<ApnnBgk>(make_model(s.problem, s.options));
  REQUIRE(model);
  return model;
}

double max_abs(const torch::Tensor& a) { return a.abs().max().item<double>(); }

torch::Tensor f64(std::vector<double> values) { return torch::tensor(values, torch::kFloat64); }

// Central differences (h = 1e-6) in t and x of a field's values at the points (t_i, x_i).
std::pair<torch::Tensor, torch::Tensor> central_differences(
    const std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&)>& field, const torch::Tensor& t,
    const torch::Tensor& x) {
  torch::NoGradGuard no_grad;
  const double h = 1e-6;
  return {(field(t + h, x) - field(t - h, x)) / (2 * h), (field(t, x + h) - field(t, x - h)) / (2 * h)};
}

// f's tangent jets equal its autograd jets (1e-10) and central differences of its values (1e-6).
void check_distribution_jets(ApnnBgk& model, const torch::Tensor& t, const torch::Tensor& x) {
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
void check_macro_jets(ApnnBgk& model, const torch::Tensor& t, const torch::Tensor& x) {
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
void check_loss_paths_agree(ApnnBgk& model, std::uint64_t seed) {
  PointSampler sampler("sobol", seed);
  model.resample(sampler, 1);
  const auto terms = testing::check_loss_paths_agree(model, loss_term_names("apnn_bgk"));
  CHECK(terms[0].item<double>() > 0);  // the residual is never trivially zero
}

}  // namespace

TEST_CASE("apnn_bgk transforms hold the Dirichlet data exactly and keep f, rho, T positive", "[neural][bgk]") {
  auto model = make_bgk(1e-3);
  {  // Large random parameters: raw outputs of size O(10-100), the transforms must still hold.
    torch::NoGradGuard no_grad;
    for (auto& p : model->parameters()) p.mul_(6.0);
  }
  torch::NoGradGuard no_grad;
  auto t = f64({0.0, 0.013, 0.05, 0.1});
  for (const double xb : {-0.5, 0.5}) {
    INFO("x = " << xb);
    const auto state = xb < 0 ? model->left_state() : model->right_state();
    auto q = model->macro(t, torch::full_like(t, xb), Derivatives::None);
    CHECK(max_abs(q.rho.v - state[0]) <= 1e-15 * state[0]);
    CHECK(max_abs(q.u.v) == 0.0);
    CHECK(max_abs(q.T.v - state[2]) <= 1e-15 * state[2]);
    auto fields = model->fields(t, torch::full_like(t, xb));
    REQUIRE(fields.size() == 3);
    CHECK(fields[0].first == "rho");
    CHECK(fields[1].first == "momentum");
    CHECK(max_abs(fields[1].second) == 0.0);
    CHECK(max_abs(fields[2].second - 0.5 * state[0] * state[2]) <= 1e-14);
  }
  // Inside, the networks do move the fields away from the lift (the transforms are not trivial).
  auto xi = torch::linspace(-0.45, 0.45, 19, torch::kFloat64);
  auto ti = torch::full_like(xi, 0.05);
  auto q = model->macro(ti, xi, Derivatives::None);
  CHECK(max_abs(q.u.v) > 1e-3);
  CHECK(q.rho.v.min().item<double>() > 0);
  CHECK(q.T.v.min().item<double>() > 0);
  // f = softplus(.) > 0 on the quadrature nodes, including the tails where the raw output is very negative.
  Jet f = model->distribution(ti, xi, model->velocities(), Derivatives::None);
  CHECK(f.v.min().item<double>() > 0);
  CHECK(torch::isfinite(f.v).all().item<bool>());
}

// The wall terms are evaluated only when weighted; tests of every term weight them.
const std::string kWallTermsOn = "  weights: {bc_f: 1, bc_flux: 1}\n";

TEST_CASE("apnn_bgk tangent derivatives equal autograd and finite differences (float64)", "[neural][bgk]") {
  auto model = make_bgk(1e-3, "  dtype: float64\n" + kWallTermsOn);
  auto t = f64({0.0, 0.02, 0.051, 0.09}), x = f64({-0.31, 0.0, 0.22, 0.47});
  SECTION("field jets: tangents = autograd of the raw networks through the transforms, and = central differences") {
    check_distribution_jets(*model, t, x);
    check_macro_jets(*model, t, x);
  }
  SECTION("loss terms and parameter gradients: tangent path = autograd path") {
    check_loss_paths_agree(*model, 5);
    // With the slides' transforms every term is a positive number on a random network.
    for (const auto& term : model->loss_terms(Derivatives::Tangent)) CHECK(term.item<double>() > 0);
  }
}

// On one fixed batch (so that values before and after are comparable): (a) Adam on the weighted sum lowers the
// total a lot; (b) a few Adam steps on each term alone lower that term (every term's gradient is right and
// usable). Jointly, small terms may rise for a while as the large ones are traded down, so (b) is per term.
TEST_CASE("apnn_bgk: a few Adam steps lower every loss term", "[neural][bgk]") {
  const auto names = loss_term_names("apnn_bgk");
  const auto weights = default_weights("apnn_bgk");
  auto setup = [] {
    auto model = make_bgk(1e-3, "  dtype: float64\n" + kWallTermsOn, 2);
    PointSampler sampler("sobol", 3);
    model->resample(sampler, 2);
    return model;
  };
  auto values = [](const std::vector<torch::Tensor>& terms) {
    std::vector<double> out;
    for (const auto& term : terms) out.push_back(term.item<double>());
    return out;
  };
  // Adam steps on sum_i c_i term_i; returns the terms before and after.
  auto descend = [&](ApnnBgk& model, const std::vector<double>& c, int steps, double lr) {
    const auto before = values(model.loss_terms(Derivatives::Tangent));
    torch::optim::Adam adam(model.parameters(), torch::optim::AdamOptions(lr));
    for (int step = 0; step < steps; ++step) {
      adam.zero_grad();
      auto terms = model.loss_terms(Derivatives::Tangent);
      auto loss = torch::zeros({}, torch::kFloat64);
      for (std::size_t i = 0; i < terms.size(); ++i)
        if (c[i] != 0) loss = loss + c[i] * terms[i];
      loss.backward();
      adam.step();
    }
    return std::make_pair(before, values(model.loss_terms(Derivatives::Tangent)));
  };
  SECTION("weighted sum") {
    std::vector<double> c;
    for (const auto& name : names) c.push_back(weights.at(name));
    auto [before, after] = descend(*setup(), c, 100, 3e-3);
    double total_before = 0, total_after = 0;
    for (std::size_t i = 0; i < c.size(); ++i) total_before += c[i] * before[i], total_after += c[i] * after[i];
    INFO(total_before << " -> " << total_after);
    CHECK(total_after < 0.2 * total_before);
  }
  SECTION("each term alone") {
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::vector<double> c(names.size(), 0.0);
      c[i] = 1.0;
      auto [before, after] = descend(*setup(), c, 30, 1e-3);
      INFO(names[i] << ": " << before[i] << " -> " << after[i]);
      CHECK(after[i] < 0.8 * before[i]);
    }
  }
}

// Three steps of `train` on the tiny BGK model (eps = 1e-2, 11 output points), in memory.
ResultData train_tiny_bgk(long seed = 1, const std::string& reference = "", const std::string& run_dir = "") {
  const auto config = ConfigNode::from_string(
      bgk_problem(1e-2) + tiny_bgk("  steps: 3\n  eval_nx: 11\n  seed: " + std::to_string(seed) + "\n"), "test");
  const Problem problem = Problem::from_config(config.child("problem"));
  ResultData header;
  header.equation = "bgk";
  ResultWriter writer("", header);
  TrainContext context;
  context.threads = 1;
  context.reference_path = reference;
  context.run_dir = run_dir;
  train(problem, config.child("neural"), writer, context);
  return writer.data();
}

TEST_CASE("apnn_bgk trains through `train` and writes density, momentum and energy", "[neural][bgk]") {
  const ResultData data = train_tiny_bgk();
  CHECK(data.method == "apnn_bgk");
  REQUIRE(data.nt() == 2);
  REQUIRE(data.nx() == 11);
  for (const char* name : {"rho", "momentum", "energy"}) {
    INFO(name);
    REQUIRE(data.fields.count(name) == 1);
    CHECK(data.fields.at(name).size() == 22);
  }
  const auto rho = data.field_at("rho", 1), mom = data.field_at("momentum", 1), E = data.field_at("energy", 1);
  CHECK(rho.front() == Approx(1.5).epsilon(1e-14));
  CHECK(rho.back() == Approx(0.625).epsilon(1e-14));
  CHECK(mom.front() == 0.0);
  CHECK(mom.back() == 0.0);
  CHECK(E.front() == Approx(0.5 * 1.5 * 1.5).epsilon(1e-14));
}

TEST_CASE("apnn_bgk training errors cover momentum and energy when the reference holds them", "[neural][bgk]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("kinetic_bgk_errors_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto run = [&](const std::string& reference, long seed) {
    return train_tiny_bgk(seed, reference, (dir / ("run" + std::to_string(seed))).string());
  };
  // The reference: a run of the same model; the same seed reproduces it, another seed does not.
  const ResultData first = run("", 1);
  const std::string reference = (dir / "reference.h5").string();
  write_result(reference, first);
  const ResultData same = run(reference, 1), other = run(reference, 2);
  for (const char* name : {"momentum", "energy"}) {
    INFO(name);
    const std::string key = std::string("train_reference_rel_l2_") + name;
    REQUIRE(same.number_attributes.count(key) == 1);
    CHECK(same.number_attributes.at(key) == 0.0);
    CHECK(other.number_attributes.at(key) > 1e-4);
  }
  std::ifstream log(dir / "run2" / "train_log.csv");
  std::string header_line;
  std::getline(log, header_line);
  CHECK_THAT(header_line, Catch::Contains("err_t0.1") && Catch::Contains("err_momentum_t0.1") &&
                              Catch::Contains("err_energy_t0.05"));
  fs::remove_all(dir);
}

TEST_CASE("apnn_bgk 'free' macro transform leaves the walls to the kinetic inflow term", "[neural][bgk]") {
  auto model = make_bgk(1e-3, "  dtype: float64\n  transforms: {macro: free}\n  weights: {bc_f: 10}\n", 3);
  const auto wall = f64({-0.5, 0.5}), t = f64({0.05, 0.05});
  const auto q = model->macro(t, wall, Derivatives::None);
  // Not forced to the Dirichlet states (1.5, 0, 1.5) | (0.625, 0, 0.75), but still positive.
  CHECK(std::abs(q.rho.v[0].item<double>() - 1.5) > 1e-6);
  CHECK(std::abs(q.u.v[1].item<double>()) > 1e-6);
  CHECK(q.rho.v.min().item<double>() > 0);
  CHECK(q.T.v.min().item<double>() > 0);
  // bc_f goes down under a few Adam steps on it alone.
  PointSampler sampler("sobol", 4);
  model->resample(sampler, 1);
  const auto names = loss_term_names("apnn_bgk");
  const auto at = std::find(names.begin(), names.end(), "bc_f") - names.begin();
  REQUIRE(at < static_cast<long>(names.size()));
  auto bc = [&] { return model->loss_terms(Derivatives::Tangent)[at]; };
  const double before = bc().item<double>();
  torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-3));
  for (int i = 0; i < 30; ++i) {
    adam.zero_grad();
    bc().backward();
    adam.step();
  }
  CHECK(bc().item<double>() < 0.8 * before);
  // Only apnn_bgk has rho, u, T networks.
  CHECK_THROWS_WITH(testing::make_setup(testing::inflow_problem(1e-3),
                                        testing::tiny_neural("apnn_v2", "  transforms: {macro: free}\n")),
                    Catch::Contains("neural.transforms.macro"));
}

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
  SECTION("loss terms and parameter gradients: tangent path = autograd path") { check_loss_paths_agree(*model, 6); }
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
  check_loss_paths_agree(*model, 11);
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
  auto lt = testing::make_setup(testing::inflow_problem(1e-2), tiny_bgk());
  CHECK_THROWS_AS(make_model(lt.problem, lt.options), InputError);
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
