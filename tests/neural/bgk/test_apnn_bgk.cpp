// apnn_bgk: transforms, tangent derivatives against autograd and finite differences, and `train` writing
// density, momentum and energy (every loss term lowering under Adam: training/test_conformance.cpp).
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
TEST_CASE("apnn_bgk tangent derivatives equal autograd and finite differences (float64)", "[neural][bgk]") {
  auto model = make_bgk(1e-3, "  dtype: float64\n" + kWallTermsOn);
  auto t = f64({0.0, 0.02, 0.051, 0.09}), x = f64({-0.31, 0.0, 0.22, 0.47});
  SECTION("field jets: tangents = autograd of the raw networks through the transforms, and = central differences") {
    check_distribution_jets(*model, t, x);
    check_macro_jets(*model, t, x);
  }
  SECTION("loss terms and parameter gradients: tangent path = autograd path") {
    check_bgk_loss_paths_agree(*model, 5);
    // With the slides' transforms every term is a positive number on a random network.
    for (const auto& term : model->loss_terms(Derivatives::Tangent)) CHECK(term.item<double>() > 0);
  }
}

// Every loss term lowers under Adam (alone and weighted): tests/neural/training/test_conformance.cpp.

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
