// APNN v1 and v2 with random inputs (problem.random): z as extra network inputs, formulas at each point's z,
// draws of z independent of the other coordinates, statistics of the trained networks, refusals.
// LibTorch first: its logging defines CHECK, which Catch's must replace.
#include <torch/torch.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "../conformance_setup.hpp"
#include "../loss_paths.hpp"
#include "core/analytic_references.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/quadrature.hpp"
#include "core/result_file.hpp"
#include "neural/train.hpp"
#include "neural/training/model.hpp"
#include "neural/training/options.hpp"
#include "neural/training/sampler.hpp"

using namespace kinetic;
using namespace kinetic::neural;

namespace {

// The visible case of examples/uq: sigma_s = 1 + 0.5 z1, here also a random inflow value 1 + 0.2 z2.
std::string problem_yaml(const std::string& eps = "1.0e-8") {
  return "problem:\n  equation: linear_transport\n  eps: " + eps +
         "\n  time: {end: 0.1}\n  space: [0, 1]\n"
         "  random: {dim: 2, distribution: uniform, range: [-1, 1]}\n  sigma_s: 1 + 0.5*z1\n"
         "  initial: {f: \"0\"}\n  boundary: {type: inflow, left: \"1 + 0.2*z2\", right: \"0\"}\n"
         "  output_times: [0.05, 0.1]\n";
}

std::string neural_yaml(const std::string& method, const std::string& extra = "", int interior = 64,
                        const std::string& statistics = "{rule: tensor, level: 3}") {
  return "neural:\n  method: " + method +
         "\n  networks: {kind: fc, width: 16, depth: 2, activation: tanh}\n  dtype: float64\n"
         "  batch: {interior: " + std::to_string(interior) + ", boundary: 32, initial: 32}\n  quadrature: 8\n" +
         (method == "pinn" ? "" : "  transforms: {rho: exp}\n") + "  statistics: " + statistics +
         "\n  log_every: 1000\n" + extra;
}

struct Built {
  Problem problem;
  NeuralOptions options;
  std::shared_ptr<Model> model;
};

Built build(const std::string& method, int interior = 64) {
  const auto root = ConfigNode::from_string(problem_yaml() + neural_yaml(method, "", interior), "random.yaml");
  Built b;
  b.problem = Problem::from_config(root.child("problem"));
  neural::check(b.problem, root.child("neural"));
  b.options = parse_options(root.child("neural"), b.problem.equation);
  b.options.statistics = parse_statistics(root.child("neural").child("statistics"), b.problem.random);
  torch::manual_seed(3);
  b.model = make_model(b.problem, b.options);
  return b;
}

std::string check_message(const std::string& yaml) {
  try {
    const auto root = ConfigNode::from_string(yaml, "random.yaml");
    neural::check(Problem::from_config(root.child("problem")), root.child("neural"));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("APNN v1 and v2 with random inputs: tangent and autograd agree, z enters the networks and the data",
          "[neural][random]") {
  for (const std::string method : {"apnn_v1", "apnn_v2"}) {
    INFO(method);
    Built b = build(method);
    PointSampler sampler("sobol", 5);
    b.model->resample(sampler, 1);
    testing::check_loss_paths_agree(*b.model);
    // The fields are the statistics over z, named after rho.
    torch::NoGradGuard no_grad;
    const auto x = torch::linspace(0, 1, 11, torch::kFloat64), t = torch::full_like(x, 0.05);
    const auto fields = b.model->fields(t, x);
    REQUIRE(fields.size() == 2);
    CHECK(fields[0].first == "rho_mean");
    CHECK(fields[1].first == "rho_std");
    CHECK(fields[1].second.min().item<double>() > 0);  // the networks depend on z from the start
  }
}

TEST_CASE("z is drawn with the other coordinates of each point, not as a function of them", "[neural][random]") {
  // Separate low-discrepancy streams are shifted copies of one sequence: z drawn from its own stream was a
  // function of t (corr(frac(t + c), z) = +-1 piecewise) and the trained mean was 0.5 off. Drawn jointly, z is
  // uncorrelated with t and x and fills its range.
  for (const std::string method : {"apnn_v1", "apnn_v2"}) {
    INFO(method);
    Built b = build(method, 2048);
    PointSampler sampler("sobol", 5);
    b.model->resample(sampler, 1);
    const auto [t, x] = b.model->interior_points();
    const auto z = b.model->interior_random_inputs();
    REQUIRE(z.size(0) == t.size(0));
    REQUIRE(z.size(1) == 2);
    auto corr = [](const torch::Tensor& a, const torch::Tensor& c) {
      auto da = a - a.mean(), dc = c - c.mean();
      return ((da * dc).mean() / (da.pow(2).mean().sqrt() * dc.pow(2).mean().sqrt())).item<double>();
    };
    for (int k = 0; k < 2; ++k) {
      const auto zk = z.select(1, k);
      CHECK(std::abs(corr(t, zk)) < 0.05);
      CHECK(std::abs(corr(x, zk)) < 0.05);
      CHECK(zk.min().item<double>() < -0.99);
      CHECK(zk.max().item<double>() > 0.99);
      // No function of t either: within a thin slice of t, z still spreads over its range.
      const auto slice = zk.index({(t > 0.05) & (t < 0.055)});
      CHECK(slice.max().item<double>() - slice.min().item<double>() > 1.5);
    }
  }
}

TEST_CASE("a short APNN v1 training on the visible case gets the mean and the deviation of rho over z",
          "[neural][random]") {
  // Reference: the closed form of the eps -> 0 limit (each sample is the diffusion series with D = 1/(3 sigma)).
  Progress::set_quiet(true);
  const std::string yaml =
      "problem:\n  equation: linear_transport\n  eps: 1.0e-8\n  time: {end: 0.1}\n  space: [0, 1]\n"
      "  random: {dim: 1, distribution: uniform, range: [-1, 1]}\n  sigma_s: 1 + 0.5*z1\n  initial: {f: \"0\"}\n"
      "  boundary: {type: inflow, left: \"1\", right: \"0\"}\n  output_times: [0.1]\n"
      "neural:\n  method: apnn_v1\n  networks: {kind: fc, width: 24, depth: 2, activation: tanh}\n"
      "  batch: {interior: 256, boundary: 64, initial: 64}\n  quadrature: 8\n  transforms: {rho: t_exp}\n"
      "  statistics: {rule: tensor, level: 6}\n  threads: 1\n  seed: 1\n  steps: 600\n"
      "  optimizer: {lr: 3.0e-3, lbfgs_steps: 150}\n  log_every: 1000\n  checkpoint_every: 100000\n  eval_nx: 51\n";
  const auto root = ConfigNode::from_string(yaml, "visible.yaml");
  const Problem problem = Problem::from_config(root.child("problem"));
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "kinetic_random_training";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ResultWriter writer("", ResultData{});
  TrainContext context;
  context.run_dir = (dir / "run").string();
  neural::train(problem, root.child("neural"), writer, context);
  const ResultData& r = writer.data();
  REQUIRE(r.fields.count("rho_mean"));
  const Quadrature gz = gauss_legendre(48, -1.0, 1.0);
  std::vector<double> mean(r.nx(), 0.0), var(r.nx(), 0.0);
  auto series = [&](double x, double z) {
    return analytic::diffusion_dirichlet_series(0.1, x, 0, 1, 1, 0, 1.0 / (3.0 * (1 + 0.5 * z)));
  };
  for (int q = 0; q < gz.size(); ++q)
    for (std::size_t i = 0; i < r.nx(); ++i) mean[i] += 0.5 * gz.weights[q] * series(r.x[i], gz.nodes[q]);
  for (int q = 0; q < gz.size(); ++q)
    for (std::size_t i = 0; i < r.nx(); ++i)
      var[i] += 0.5 * gz.weights[q] * std::pow(series(r.x[i], gz.nodes[q]) - mean[i], 2);
  double em = 0, nm = 0, es = 0, ns = 0;
  const auto m = r.field_at("rho_mean", 0), s = r.field_at("rho_std", 0);
  for (std::size_t i = 0; i < r.nx(); ++i) {
    em += std::pow(m[i] - mean[i], 2), nm += mean[i] * mean[i];
    es += std::pow(s[i] - std::sqrt(var[i]), 2), ns += var[i];
  }
  INFO("rho_mean " << std::sqrt(em / nm) << ", rho_std " << std::sqrt(es / ns));
  // A tiny network and 750 steps (measured 2.5e-2 and 0.54): the mean to a few per cent, the deviation's
  // size and shape roughly (a network that ignored z would have no deviation: error 1).
  CHECK(std::sqrt(em / nm) < 0.06);
  CHECK(std::sqrt(es / ns) < 0.7);
  fs::remove_all(dir);
}

TEST_CASE("random inputs are refused where a model or an option cannot use them", "[neural][random]") {
  CHECK(check_message(problem_yaml() + neural_yaml("apnn_v1")).empty());
  CHECK_THAT(check_message(problem_yaml() + neural_yaml("pinn")),
             Catch::Contains("random.yaml: neural.method: pinn does not take random inputs"));
  CHECK_THAT(check_message(problem_yaml() + neural_yaml("apnn_v1", "  windows: {ends: [0.05, 0.1]}\n")),
             Catch::Contains("neural.windows.ends") && Catch::Contains("one end"));
  // one window is a training interval (no hand-over): allowed
  CHECK(check_message(problem_yaml() + neural_yaml("apnn_v1", "  windows: {ends: [0.12]}\n")).empty());
  CHECK_THAT(check_message(problem_yaml() + neural_yaml("apnn_v1") + "  mcmc: {steps: 2}\n"),
             Catch::Contains("neural.mcmc"));
  CHECK_THAT(check_message(problem_yaml() + neural_yaml("apnn_v2", "", 64, "{rule: smolyak, quantiles: [0.5]}")),
             Catch::Contains("neural.statistics.quantiles"));
  // statistics without random inputs
  std::string plain = problem_yaml();
  plain.erase(plain.find("  random:"), plain.find("  sigma_s") - plain.find("  random:"));
  plain.replace(plain.find("1 + 0.5*z1"), 10, "1");
  plain.replace(plain.find("1 + 0.2*z2"), 10, "1");
  CHECK_THAT(check_message(plain + neural_yaml("apnn_v1")), Catch::Contains("random.yaml: neural.statistics"));
  // v2's f at one z does not exist
  Built b = build("apnn_v2");
  const auto one = torch::zeros({1}, torch::kFloat64);
  CHECK_THROWS_AS(b.model->distribution(one, one, one + 0.5), InputError);
}
