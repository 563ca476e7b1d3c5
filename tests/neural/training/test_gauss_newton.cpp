// The Gauss-Newton / Levenberg-Marquardt optimiser (neural/training/gauss_newton.hpp) and the residual form
// of every network model's loss (residual_term.hpp):
//   - each model's residual terms square-sum to its loss terms (to round-off), term by term;
//   - J v and J^T u, and the explicit J, match central finite differences of the residual on every model's
//     tiny conformance setup (float64), on the tangent and the autograd paths;
//   - on a residual linear in the parameters one undamped step reaches the least-squares solution;
//   - a step that would raise the loss is rejected, the parameters are left bit for bit, and lambda grows;
//   - the trainer's Gauss-Newton phase lowers the loss and resumes bit-identically (checkpointed state).
// LibTorch first: its glog CHECK macro is replaced by Catch's below.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <ATen/CPUGeneratorImpl.h>

#include "core/progress.hpp"
#include "neural/method_registry.hpp"
#include "neural/nets/jet_tanh.hpp"
#include "neural/training/gauss_newton.hpp"
#include "neural/training/model.hpp"
#include "neural/training/sampler.hpp"
#include "neural/training/trainer.hpp"
#include "../conformance_setup.hpp"

using namespace kinetic;
using namespace kinetic::neural;
namespace fs = std::filesystem;

namespace {

using testing::conformance_setup;
using testing::network_models;

// The weighted residual of a model on its current batch (what the trainer's Gauss-Newton phase uses).
torch::Tensor weighted_residual(Model& model, const NeuralMethod& m, const NeuralOptions& o, Derivatives mode) {
  auto terms = model.residual_terms(mode);
  std::vector<torch::Tensor> parts;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const double w = o.weights.at(m.terms[i].name);
    if (w != 0 && !terms[i].pieces.empty()) parts.push_back(std::sqrt(w) * terms[i].residual(model.tensor_options()));
  }
  return torch::cat(parts);
}

double max_abs(const torch::Tensor& a) { return a.abs().max().item<double>(); }

}  // namespace

TEST_CASE("every network model's residual terms square-sum to its loss terms", "[neural][gauss_newton]") {
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    for (const auto mode : {Derivatives::Tangent, Derivatives::Autograd}) {
      INFO(m.name << (mode == Derivatives::Tangent ? " tangent" : " autograd"));
      auto s = conformance_setup(m, "  dtype: float64\n");
      torch::manual_seed(1);
      auto model = make_model(s.problem, s.options);
      PointSampler sampler("sobol", 5);
      model->resample(sampler, 1);
      const auto terms = model->residual_terms(mode);
      REQUIRE(terms.size() == m.terms.size());
      for (std::size_t i = 0; i < terms.size(); ++i) {
        const double value = terms[i].value(model->tensor_options()).item<double>();
        const double squares = terms[i].residual(model->tensor_options()).pow(2).sum().item<double>();
        INFO(m.terms[i].name << ": value " << value << ", sum of squares " << squares);
        CHECK(value > 0);
        CHECK(std::abs(squares - value) <= 1e-13 * value);
        CHECK(terms[i].size() == terms[i].residual(model->tensor_options()).numel());
      }
    }
  }
}

TEST_CASE("J v, J^T u and the explicit J match finite differences on every network model", "[neural][gauss_newton]") {
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    for (const auto mode : {Derivatives::Tangent, Derivatives::Autograd}) {
      INFO(m.name << (mode == Derivatives::Tangent ? " tangent" : " autograd"));
      auto s = conformance_setup(m, "  dtype: float64\n");
      torch::manual_seed(2);
      auto model = make_model(s.problem, s.options);
      PointSampler sampler("sobol", 6);
      model->resample(sampler, 1);
      const auto params = model->parameters();
      TwiceDifferentiableJets twice;
      auto residual = [&] { return weighted_residual(*model, m, s.options, mode); };
      auto r = residual();
      ResidualJacobian J(r, params);
      const long P = J.cols(), N = J.rows();
      torch::manual_seed(3);
      auto v = torch::randn({P}, torch::kFloat64), u = torch::randn({N}, torch::kFloat64);
      // Every product first: the parameters are then moved for the differences (the graph holds them).
      const auto jv = J.times(v), jtu = J.transpose_times(u);
      const auto Jm = J.dense();
      // Central differences of r in the direction v: error O(h^2), h = 1e-5 (float64).
      const double h = 1e-5;
      add_to_parameters(params, h * v);
      auto rp = residual().detach().to(torch::kFloat64);
      add_to_parameters(params, -2 * h * v);
      auto rm = residual().detach().to(torch::kFloat64);
      add_to_parameters(params, h * v);
      auto fd = (rp - rm) / (2 * h);
      INFO("|J v| " << max_abs(jv) << ", |J v - fd| " << max_abs(jv - fd));
      CHECK(max_abs(jv) > 0);
      CHECK(max_abs(jv - fd) <= 1e-6 * max_abs(fd));
      // Adjoint identity u.(J v) = (J^T u).v.
      const double lhs = u.dot(jv).item<double>(), rhs = jtu.dot(v).item<double>();
      CHECK(std::abs(lhs - rhs) <= 1e-10 * (std::abs(lhs) + std::abs(rhs)));
      // The explicit J agrees with both products.
      CHECK(max_abs(Jm.mv(v) - jv) <= 1e-10 * max_abs(jv));
      CHECK(max_abs(Jm.t().mv(u) - jtu) <= 1e-10 * max_abs(jtu));
    }
  }
}

TEST_CASE("on a residual linear in the parameters one Gauss-Newton step reaches the least-squares solution",
          "[neural][gauss_newton]") {
  torch::manual_seed(5);
  const auto A = torch::randn({40, 7}, torch::kFloat64), b = torch::randn({40}, torch::kFloat64);
  const auto exact = std::get<0>(torch::linalg_lstsq(A, b.unsqueeze(1))).squeeze(1);
  for (const std::string solver : {"dense", "cg"}) {
    INFO(solver);
    // Parameters in two pieces (a matrix and a vector), as a network's are.
    auto p1 = torch::zeros({2, 2}, torch::kFloat64).requires_grad_(true);
    auto p2 = torch::zeros({3}, torch::kFloat64).requires_grad_(true);
    const std::vector<torch::Tensor> params = {p1, p2};
    auto residual = [&] { return torch::mv(A, torch::cat({p1.reshape(-1), p2})) - b; };
    LevenbergMarquardtOptions o;
    o.solver = solver;
    o.damping_min = 1e-15;
    o.cg_iterations = 50;
    o.cg_tolerance = 1e-14;
    double lambda = 1e-15, scale = 0;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(1);
    const auto step = levenberg_marquardt_step(residual, params, o, lambda, scale, generator);
    CHECK(step.accepted);
    CHECK(step.trials == 1);
    const auto theta = flatten_parameters(params);
    INFO("|theta - lstsq| = " << max_abs(theta - exact));
    CHECK(max_abs(theta - exact) <= 1e-9 * max_abs(exact));
    // A linear model predicts its own decrease exactly: ratio 1.
    CHECK(step.ratio == Approx(1.0).epsilon(1e-8));
  }
}

TEST_CASE("a Gauss-Newton trial that raises the loss is rejected and undone, and the damping grows",
          "[neural][gauss_newton]") {
  // r(theta) = atan(theta) from theta = 2: the undamped step -atan(2) (1 + 4) = -5.5 lands at -3.5, where
  // |atan| = 1.29 > atan(2) = 1.11. With one trial allowed, the step is rejected and theta is left bit for bit.
  auto theta = torch::full({1}, 2.0, torch::kFloat64).requires_grad_(true);
  const std::vector<torch::Tensor> params = {theta};
  auto residual = [&] { return torch::atan(theta); };
  for (const std::string solver : {"dense", "cg"}) {
    INFO(solver);
    {
      torch::NoGradGuard no_grad;
      theta.fill_(2.0);
    }
    LevenbergMarquardtOptions o;
    o.solver = solver;
    o.damping_min = 1e-15;
    o.max_trials = 1;
    double lambda = 1e-15, scale = 0;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(1);
    auto step = levenberg_marquardt_step(residual, params, o, lambda, scale, generator);
    CHECK_FALSE(step.accepted);
    CHECK(step.predicted > 0);
    CHECK(step.ratio < 0);
    CHECK(theta.item<double>() == 2.0);
    CHECK(lambda == Approx(4e-15));
    // Given trials, the damping rises until a step lowers the loss.
    o.max_trials = 40;
    step = levenberg_marquardt_step(residual, params, o, lambda, scale, generator);
    CHECK(step.accepted);
    CHECK(step.trials > 1);
    CHECK(std::abs(std::atan(theta.item<double>())) < std::atan(2.0));
  }
}

TEST_CASE("a Gauss-Newton trial with a non-finite loss is rejected and undone", "[neural][gauss_newton]") {
  // r(theta) = log(theta) + 5 from theta = 1: the undamped step -5 lands at theta = -4, where r is NaN.
  auto theta = torch::ones({1}, torch::kFloat64).requires_grad_(true);
  auto residual = [&] { return torch::log(theta) + 5.0; };
  LevenbergMarquardtOptions o;
  o.solver = "dense";
  o.damping_min = 1e-15;
  o.max_trials = 1;
  double lambda = 1e-15, scale = 0;
  auto generator = at::make_generator<at::CPUGeneratorImpl>(1);
  const auto step = levenberg_marquardt_step(residual, {theta}, o, lambda, scale, generator);
  CHECK_FALSE(step.accepted);
  CHECK(theta.item<double>() == 1.0);
  CHECK(step.loss_after == 25.0);
}

TEST_CASE("the trainer's Gauss-Newton phase lowers the loss on every network model and resumes bit-identically",
          "[neural][gauss_newton]") {
  Progress::set_quiet(true);
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    // Both solvers share the phase's state handling: dense on one model keeps the test short.
    for (const std::string solver : {"cg", "dense"}) {
      if (solver == "dense" && m.name != "apnn_v2") continue;
      INFO(m.name << " " << solver);
      const std::string second_order = "{steps: 4, solver: " + solver + ", damping: 1.0e-2, resample_every: 3}";
      auto run = [&](long steps, const std::string& dir, bool resume) {
        auto s = conformance_setup(m, "  dtype: float64\n  steps: " + std::to_string(steps) +
                                          "\n  optimizer: {lr: 1.0e-2, schedule: constant, second_order: " +
                                          second_order + "}\n");
        torch::manual_seed(9);
        auto model = make_model(s.problem, s.options);
        Trainer trainer(model, s.problem, s.options, dir, {});
        trainer.run(resume);
        return std::make_pair(model, trainer.last_loss());
      };
      const auto base =
          fs::temp_directory_path() / ("kinetic_gn_" + m.name + solver + "_" + std::to_string(::getpid()));
      const std::string straight = (base / "straight").string(), split = (base / "split").string();
      // 3 Adam steps, then the 4 Gauss-Newton steps (a fresh batch before the fourth).
      auto [a, loss_a] = run(3, straight, false);
      // The same run killed after its second Gauss-Newton step: the checkpoint holds step 5.
      {
        auto s = conformance_setup(m, "  dtype: float64\n  steps: 3\n  optimizer: {lr: 1.0e-2, schedule: constant, "
                                      "second_order: {steps: 2, solver: " + solver +
                                      ", damping: 1.0e-2, resample_every: 3}}\n");
        torch::manual_seed(9);
        auto model = make_model(s.problem, s.options);
        Trainer(model, s.problem, s.options, split, {}).run(false);
      }
      torch::manual_seed(77);
      auto [b, loss_b] = run(3, split, true);
      CHECK(loss_a == loss_b);
      auto pa = a->named_parameters(), pb = b->named_parameters();
      for (const auto& p : pa) {
        INFO(p.key());
        CHECK(torch::equal(p.value(), pb[p.key()]));
      }
      // The log has a row per Gauss-Newton step, the last at step 3 + 4.
      std::ifstream log(straight + "/train_log.csv");
      std::string line, last;
      while (std::getline(log, line)) last = line;
      CHECK(last.substr(0, last.find(',')) == "7");
      fs::remove_all(base);
    }
  }
}

TEST_CASE("damped Gauss-Newton steps lower every network model's loss on a fixed batch", "[neural][gauss_newton]") {
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    for (const std::string solver : {"dense", "cg"}) {
      INFO(m.name << " " << solver);
      auto s = conformance_setup(m, "  dtype: float64\n");
      torch::manual_seed(3);
      auto model = make_model(s.problem, s.options);
      PointSampler sampler("sobol", 8);
      model->resample(sampler, 1);
      TwiceDifferentiableJets twice;
      auto residual = [&] { return weighted_residual(*model, m, s.options, Derivatives::Tangent); };
      const double before = residual().pow(2).sum().item<double>();
      LevenbergMarquardtOptions o;
      o.solver = solver;
      double lambda = 1e-2, scale = 0, loss = before;
      auto generator = at::make_generator<at::CPUGeneratorImpl>(2);
      for (int k = 0; k < 5; ++k) {
        const auto step = levenberg_marquardt_step(residual, model->parameters(), o, lambda, scale, generator);
        CHECK(step.loss_after <= step.loss_before);  // never a step up
        loss = step.loss_after;
      }
      INFO("loss " << before << " -> " << loss);
      CHECK(loss < 0.5 * before);
    }
  }
}
